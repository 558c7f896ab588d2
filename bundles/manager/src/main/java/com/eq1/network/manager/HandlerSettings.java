package com.eq1.network.manager;

import com.eq1.network.link.QueueSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link NetworkHandler} behaves. Start from {@link #DEFAULT} and change what you need with
 * the {@code with…} methods.
 *
 * @param source the source written into every message sent; empty for none
 * @param queue the Requester's outbound queue: capacity, time to live, overflow policy
 * @param readTimeout how long the Listener waits in one read, which bounds how fast it notices
 *     {@link NetworkHandler#close()}
 * @param heartbeatInterval how often a HEARTBEAT is sent while connected; {@link Duration#ZERO}
 *     turns heartbeats off
 * @param heartbeatMisses after how many intervals without any frame from the peer it is considered
 *     lost
 * @param maxTransferBytes the largest chunked transfer accepted, in bytes
 * @param maxTransfers how many incoming chunked transfers may be in progress at once
 * @param transferTimeout how long an incoming transfer may go without a chunk before it is dropped
 * @param callbackCapacity how many callbacks may wait for the callback thread
 * @param closeTimeout how long {@link NetworkHandler#close()} waits for each worker to end
 */
public record HandlerSettings(
    String source,
    QueueSettings queue,
    Duration readTimeout,
    Duration heartbeatInterval,
    int heartbeatMisses,
    long maxTransferBytes,
    int maxTransfers,
    Duration transferTimeout,
    int callbackCapacity,
    Duration closeTimeout) {

  /**
   * No source, the default queue (10,000 messages, 30 s, reject newest), 100 ms reads, no heartbeat
   * (3 misses when turned on), transfers up to 16 MiB, 8 at once, 30 s timeout, 10,000 waiting
   * callbacks, 5 s to close.
   */
  public static final HandlerSettings DEFAULT =
      new HandlerSettings(
          "",
          QueueSettings.DEFAULT,
          Duration.ofMillis(100),
          Duration.ZERO,
          3,
          16L * 1024 * 1024,
          8,
          Duration.ofSeconds(30),
          10_000,
          Duration.ofSeconds(5));

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException if a duration is negative, {@code readTimeout}, {@code
   *     transferTimeout} or {@code closeTimeout} is zero, or a count is not positive
   */
  public HandlerSettings {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(queue, "queue");
    positive("readTimeout", readTimeout);
    positive("transferTimeout", transferTimeout);
    positive("closeTimeout", closeTimeout);
    if (heartbeatInterval.isNegative()) {
      throw new IllegalArgumentException("heartbeatInterval must not be negative");
    }
    if (heartbeatMisses < 1 || maxTransfers < 1 || callbackCapacity < 1 || maxTransferBytes < 0) {
      throw new IllegalArgumentException(
          "heartbeatMisses, maxTransfers and callbackCapacity must be positive, maxTransferBytes"
              + " not negative");
    }
  }

  /**
   * Returns these settings with another source.
   *
   * @param newSource the source written into every message sent
   * @return the new settings
   */
  public HandlerSettings withSource(String newSource) {
    return new HandlerSettings(
        newSource,
        queue,
        readTimeout,
        heartbeatInterval,
        heartbeatMisses,
        maxTransferBytes,
        maxTransfers,
        transferTimeout,
        callbackCapacity,
        closeTimeout);
  }

  /**
   * Returns these settings with another outbound queue.
   *
   * @param newQueue capacity, time to live and overflow policy
   * @return the new settings
   */
  public HandlerSettings withQueue(QueueSettings newQueue) {
    return new HandlerSettings(
        source,
        newQueue,
        readTimeout,
        heartbeatInterval,
        heartbeatMisses,
        maxTransferBytes,
        maxTransfers,
        transferTimeout,
        callbackCapacity,
        closeTimeout);
  }

  /**
   * Returns these settings with heartbeats on (or off with {@link Duration#ZERO}).
   *
   * @param interval how often a HEARTBEAT is sent
   * @param misses after how many silent intervals the peer is considered lost
   * @return the new settings
   */
  public HandlerSettings withHeartbeat(Duration interval, int misses) {
    return new HandlerSettings(
        source,
        queue,
        readTimeout,
        interval,
        misses,
        maxTransferBytes,
        maxTransfers,
        transferTimeout,
        callbackCapacity,
        closeTimeout);
  }

  /**
   * Returns these settings with other limits on incoming chunked transfers.
   *
   * @param maxBytes the largest transfer, in bytes
   * @param maxInProgress how many may be in progress at once
   * @param timeout how long one may go without a chunk
   * @return the new settings
   */
  public HandlerSettings withTransfers(long maxBytes, int maxInProgress, Duration timeout) {
    return new HandlerSettings(
        source,
        queue,
        readTimeout,
        heartbeatInterval,
        heartbeatMisses,
        maxBytes,
        maxInProgress,
        timeout,
        callbackCapacity,
        closeTimeout);
  }

  /**
   * Tells whether heartbeats are on.
   *
   * @return {@code true} if {@link #heartbeatInterval()} is longer than zero
   */
  public boolean heartbeatEnabled() {
    return !heartbeatInterval.isZero();
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be longer than zero, was " + value);
    }
  }
}
