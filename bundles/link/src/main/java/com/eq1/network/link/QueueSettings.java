package com.eq1.network.link;

import com.eq1.network.api.ConfigurationException;
import java.time.Duration;

/**
 * How a bounded outbound queue behaves: how many messages it holds, how long each may wait, and
 * what happens when it is full. Every protocol configuration names these values {@code
 * queueCapacity}, {@code queueTtlSeconds} and {@code queueOverflow}, and the error messages use
 * those names.
 *
 * @param capacity the most messages it holds; at least 1
 * @param timeToLive how long a message may wait before it expires; positive
 * @param overflowPolicy what a full queue does with one more message
 */
public record QueueSettings(int capacity, Duration timeToLive, OverflowPolicy overflowPolicy) {

  /** 10,000 messages, 30 seconds each, rejecting the newest when full. */
  public static final QueueSettings DEFAULT =
      new QueueSettings(10_000, Duration.ofSeconds(30), OverflowPolicy.REJECT_NEWEST);

  /**
   * Checks the settings.
   *
   * @param capacity the most messages it holds; at least 1
   * @param timeToLive how long a message may wait before it expires; positive
   * @param overflowPolicy what a full queue does with one more message
   * @throws ConfigurationException if a value is out of range
   */
  public QueueSettings {
    if (capacity < 1) {
      throw new ConfigurationException(
          null, "queue capacity (queueCapacity) must be at least 1, not " + capacity);
    }
    if (timeToLive == null || timeToLive.isZero() || timeToLive.isNegative()) {
      throw new ConfigurationException(
          null, "queue time to live (queueTtlSeconds) must be positive, not " + timeToLive);
    }
    if (overflowPolicy == null) {
      throw new ConfigurationException(null, "queue overflow policy (queueOverflow) is missing");
    }
  }
}
