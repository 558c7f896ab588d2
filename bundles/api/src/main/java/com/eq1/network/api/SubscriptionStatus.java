package com.eq1.network.api;

import java.util.Objects;

/**
 * One subscription of a {@link PubSubProtocol} as the broker answered it.
 *
 * @param topicFilter the topic filter
 * @param requestedQos the quality of service asked for, 0, 1 or 2
 * @param grantedQos the quality of service the broker granted, or {@code null} while the broker has
 *     not confirmed the subscription (not connected yet, or the answer is pending)
 * @param error why the broker refused the subscription, or {@code null}
 */
public record SubscriptionStatus(
    String topicFilter, int requestedQos, Integer grantedQos, String error) {

  /**
   * Checks the values.
   *
   * @throws NullPointerException if {@code topicFilter} is {@code null}
   */
  public SubscriptionStatus {
    Objects.requireNonNull(topicFilter, "topicFilter");
  }

  /**
   * Tells whether the broker confirmed the subscription.
   *
   * @return {@code true} if a QoS was granted and nothing was refused
   */
  public boolean confirmed() {
    return grantedQos != null && error == null;
  }
}
