package com.eq1.network.api;

/** Whether a protocol is registered under a name the manager knows. */
public enum Presence {
  /** A protocol is registered under the name. */
  PRESENT,
  /**
   * The protocol went away less than the swap grace period ago (a bundle update, a configuration
   * change): sends and publishes are held and flushed in order when it returns.
   */
  SWAPPING,
  /**
   * No protocol is registered: the name was only ever used in desired state (a subscribe or connect
   * made ahead of time), or its protocol did not return within the grace period. Sends and
   * publishes fail with {@link ProtocolNotFoundException}; subscriptions are kept.
   */
  ABSENT
}
