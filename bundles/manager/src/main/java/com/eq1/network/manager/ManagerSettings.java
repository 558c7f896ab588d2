package com.eq1.network.manager;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import java.time.Duration;

/**
 * How a manager holds traffic while a protocol is swapped.
 *
 * @param swapGracePeriod how long sends and publishes to a protocol that went away are held for its
 *     return; zero makes them fail at once
 * @param holdCapacity the most messages held per connection
 * @param holdOverflow what a full hold queue does with one more message
 */
public record ManagerSettings(
    Duration swapGracePeriod, int holdCapacity, OverflowPolicy holdOverflow) {

  /** The configuration PID of the managers. */
  public static final String PID = "com.eq1.network.manager";

  /** Five seconds of grace, 10,000 messages held per connection, rejecting the newest. */
  public static final ManagerSettings DEFAULT =
      new ManagerSettings(Duration.ofSeconds(5), 10_000, OverflowPolicy.REJECT_NEWEST);

  /**
   * Checks the settings.
   *
   * @param swapGracePeriod how long to hold traffic for a protocol that went away; zero or positive
   * @param holdCapacity the most messages held per connection; at least 1
   * @param holdOverflow what a full hold queue does with one more message
   * @throws ConfigurationException if a value is out of range
   */
  public ManagerSettings {
    if (swapGracePeriod == null || swapGracePeriod.isNegative()) {
      throw new ConfigurationException(
          null, "swapGracePeriodMillis must be zero or positive, not " + swapGracePeriod);
    }
    if (holdCapacity < 1) {
      throw new ConfigurationException(
          null, "holdCapacity must be at least 1, not " + holdCapacity);
    }
    if (holdOverflow == null) {
      throw new ConfigurationException(null, "holdOverflow is missing");
    }
  }

  /**
   * Reads the settings from the component configuration.
   *
   * @param config the configuration
   * @return the settings
   * @throws ConfigurationException if a value is out of range
   */
  public static ManagerSettings from(ManagerConfig config) {
    return new ManagerSettings(
        Duration.ofMillis(config.swapGracePeriodMillis()),
        config.holdCapacity(),
        config.holdOverflow());
  }

  /**
   * Returns the settings of a hold queue: the capacity and policy, with twice the grace period as
   * time to live (at least one millisecond): a message may be held while the protocol is away, and
   * again while the one that came back connects.
   *
   * @return the queue settings
   */
  public QueueSettings holdQueue() {
    // held while the protocol is away, then at most as long again while the new one connects
    Duration ttl =
        swapGracePeriod.isZero() ? Duration.ofMillis(1) : swapGracePeriod.multipliedBy(2);
    return new QueueSettings(holdCapacity, ttl, holdOverflow);
  }
}
