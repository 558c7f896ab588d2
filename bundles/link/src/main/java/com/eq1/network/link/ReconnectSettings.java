package com.eq1.network.link;

import com.eq1.network.api.ConfigurationException;
import java.time.Duration;

/**
 * How a connection reconnects after an unexpected loss: exponential backoff with full jitter. The
 * delay before attempt {@code n} (from 0) is drawn uniformly from {@code [0, min(maxDelay,
 * initialDelay × 2^n)]}; once a connection has stayed up for {@code stableTime}, the next loss
 * starts again from {@code initialDelay}. Every protocol configuration names these values {@code
 * reconnectInitialMillis}, {@code reconnectMaxMillis} and {@code reconnectStableMillis}, and the
 * error messages use those names.
 *
 * @param initialDelay the ceiling of the first delay; positive
 * @param maxDelay the largest ceiling any delay may have; at least {@code initialDelay}
 * @param stableTime how long a connection must stay up before the backoff starts over; not negative
 */
public record ReconnectSettings(Duration initialDelay, Duration maxDelay, Duration stableTime) {

  /** Ceilings from 1 s doubling to 60 s; the backoff starts over after 30 s up. */
  public static final ReconnectSettings DEFAULT =
      new ReconnectSettings(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30));

  /**
   * Checks the settings.
   *
   * @param initialDelay the ceiling of the first delay; positive
   * @param maxDelay the largest ceiling any delay may have; at least {@code initialDelay}
   * @param stableTime how long a connection must stay up before the backoff starts over
   * @throws ConfigurationException if a value is missing or out of range
   */
  public ReconnectSettings {
    if (initialDelay == null || initialDelay.isZero() || initialDelay.isNegative()) {
      throw new ConfigurationException(
          null,
          "reconnect initial delay (reconnectInitialMillis) must be positive, not " + initialDelay);
    }
    if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
      throw new ConfigurationException(
          null,
          "reconnect maximum delay (reconnectMaxMillis) must be at least the initial delay "
              + initialDelay
              + ", not "
              + maxDelay);
    }
    if (stableTime == null || stableTime.isNegative()) {
      throw new ConfigurationException(
          null,
          "reconnect stable time (reconnectStableMillis) must not be negative, not " + stableTime);
    }
  }

  /**
   * Returns the ceiling of the delay before attempt {@code attempt}: {@code min(maxDelay,
   * initialDelay × 2^attempt)}.
   *
   * @param attempt the attempt number, from 0
   * @return the ceiling in nanoseconds
   */
  public long ceilingNanos(int attempt) {
    long initial = initialDelay.toNanos();
    long max = maxDelay.toNanos();
    int shift = Math.min(Math.max(attempt, 0), 62);
    return initial > (max >> shift) ? max : Math.min(max, initial << shift);
  }
}
