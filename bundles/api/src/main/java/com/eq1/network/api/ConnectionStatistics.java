package com.eq1.network.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one connection's counters.
 *
 * @param state the state when the snapshot was taken
 * @param stateSince when the connection entered {@code state}
 * @param messagesIn messages received
 * @param messagesOut messages sent or published to the wire
 * @param bytesIn payload bytes received
 * @param bytesOut payload bytes sent
 * @param errors errors seen (failed writes, bad frames, failed connects, ...)
 * @param reconnects successful reconnects after an unexpected loss
 * @param queued messages waiting in the outbound queue now
 * @param expired queued messages discarded because their time to live ran out
 * @param dropped messages refused or discarded because a bounded queue was full
 * @param lastError the message of the last error, or {@code null} if there was none
 * @param lastErrorAt when the last error happened, or {@code null} if there was none
 */
public record ConnectionStatistics(
    ConnectionState state,
    Instant stateSince,
    long messagesIn,
    long messagesOut,
    long bytesIn,
    long bytesOut,
    long errors,
    long reconnects,
    int queued,
    long expired,
    long dropped,
    String lastError,
    Instant lastErrorAt) {

  /** Checks that the state and its timestamp are present. */
  public ConnectionStatistics {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(stateSince, "stateSince");
  }
}
