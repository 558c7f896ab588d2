package com.eq1.network.manager.internal;

import com.eq1.network.link.OutboundQueue;
import com.eq1.network.manager.HandlerStatistics;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one network handler. Thread-safe. */
public final class HandlerCounters {

  /** Messages handed to the protocol. */
  public final LongAdder sent = new LongAdder();

  /** Messages decoded from the peer. */
  public final LongAdder received = new LongAdder();

  /** Messages the protocol refused. */
  public final LongAdder sendFailures = new LongAdder();

  /** Messages that expired in the Requester's hand while the peer pushed back. */
  public final LongAdder expiredInHand = new LongAdder();

  /** Replies that matched no pending request. */
  public final LongAdder unmatchedReplies = new LongAdder();

  /** Requests that timed out. */
  public final LongAdder requestTimeouts = new LongAdder();

  /** Frames or envelopes that could not be decoded. */
  public final LongAdder decodeErrors = new LongAdder();

  /** Heartbeats sent. */
  public final LongAdder heartbeatsSent = new LongAdder();

  /** Times the peer was declared lost. */
  public final LongAdder peerLosses = new LongAdder();

  /**
   * Takes a snapshot.
   *
   * @param queue the Requester's queue, for depth, expired and dropped counts
   * @param callbacksRefused the callback dispatcher's refusals
   * @return the snapshot
   */
  public HandlerStatistics snapshot(OutboundQueue<?> queue, long callbacksRefused) {
    return new HandlerStatistics(
        sent.sum(),
        received.sum(),
        queue.size(),
        queue.expired() + expiredInHand.sum(),
        queue.dropped(),
        sendFailures.sum(),
        unmatchedReplies.sum(),
        requestTimeouts.sum(),
        decodeErrors.sum(),
        heartbeatsSent.sum(),
        peerLosses.sum(),
        callbacksRefused);
  }
}
