package com.eq1.network.link;

/** What a full {@link OutboundQueue} does with one more message. */
public enum OverflowPolicy {
  /**
   * Refuse the new message with {@link com.eq1.network.api.QueueFullException}: the caller learns
   * at once, and what is queued keeps its order. The default.
   */
  REJECT_NEWEST,
  /**
   * Accept the new message and discard the oldest queued one: fresh data wins, as for periodic
   * measurements where only the latest values matter.
   */
  DROP_OLDEST
}
