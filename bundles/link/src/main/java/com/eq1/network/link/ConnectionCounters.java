package com.eq1.network.link;

import com.eq1.network.api.ConnectionStatistics;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one connection: messages and bytes in each direction, errors, reconnects and the
 * last error. Thread-safe and cheap on the hot path (striped adders, no locks).
 */
public final class ConnectionCounters {

  private record LastError(String message, Instant at) {}

  private final Clock clock;
  private final LongAdder messagesIn = new LongAdder();
  private final LongAdder messagesOut = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder reconnects = new LongAdder();
  private volatile LastError lastError;

  /** Creates zeroed counters stamped with the system clock. */
  public ConnectionCounters() {
    this(Clock.systemUTC());
  }

  /**
   * Creates zeroed counters.
   *
   * @param clock the clock that stamps the last error
   */
  public ConnectionCounters(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Counts one message received.
   *
   * @param bytes its payload size
   */
  public void recordIn(int bytes) {
    messagesIn.increment();
    bytesIn.add(bytes);
  }

  /**
   * Counts one message sent.
   *
   * @param bytes its payload size
   */
  public void recordOut(int bytes) {
    messagesOut.increment();
    bytesOut.add(bytes);
  }

  /**
   * Counts one error and remembers it as the last one. Pass a message that holds no secret.
   *
   * @param message what went wrong
   */
  public void recordError(String message) {
    errors.increment();
    lastError = new LastError(message, clock.instant());
  }

  /** Counts one successful reconnect after an unexpected loss. */
  public void recordReconnect() {
    reconnects.increment();
  }

  /**
   * Returns a snapshot of the counters together with the state and queue they describe.
   *
   * @param state the connection's state machine
   * @param queue the connection's outbound queue, or {@code null} if it has none
   * @return the snapshot
   */
  public ConnectionStatistics snapshot(ConnectionStateMachine state, OutboundQueue<?> queue) {
    LastError error = lastError;
    return new ConnectionStatistics(
        state.state(),
        state.since(),
        messagesIn.sum(),
        messagesOut.sum(),
        bytesIn.sum(),
        bytesOut.sum(),
        errors.sum(),
        reconnects.sum(),
        queue == null ? 0 : queue.size(),
        queue == null ? 0 : queue.expired(),
        queue == null ? 0 : queue.dropped(),
        error == null ? null : error.message(),
        error == null ? null : error.at());
  }
}
