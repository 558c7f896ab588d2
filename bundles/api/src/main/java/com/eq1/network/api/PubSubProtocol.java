package com.eq1.network.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A publish/subscribe connection with MQTT topic semantics (levels separated by {@code /}, the
 * wildcards {@code +} and {@code #}, retained messages): MQTT, loopback.
 *
 * <p>Topic names and filters are checked with {@link Topics} and {@link TopicFilter}; invalid ones
 * raise {@link InvalidTopicException} before anything is sent.
 */
@ProviderType
public interface PubSubProtocol extends BaseProtocol {

  /** The quality of service used by the overloads that take none: at least once. */
  int DEFAULT_QOS = 1;

  /**
   * Publishes a message. While the link is down the message goes to the bounded outbound queue with
   * a time to live and is published, in order, when the link comes back. The array is not kept.
   * Blocks at most for the protocol's publish timeout.
   *
   * @param topic the topic name; no wildcards
   * @param payload the payload, not {@code null}; an empty retained payload clears the retained
   *     message of the topic
   * @param qos the quality of service, 0, 1 or 2
   * @param retain whether the broker keeps the message for future subscribers
   * @throws InvalidTopicException if the topic name is not valid
   * @throws IllegalArgumentException if {@code qos} is not 0, 1 or 2
   * @throws QueueFullException if the outbound queue is full and its policy rejects the newest
   * @throws ProtocolTimeoutException if the publish did not complete within the publish timeout
   * @throws ConnectionException if the protocol is {@link ConnectionState#CLOSED}
   */
  void publish(String topic, byte[] payload, int qos, boolean retain);

  /**
   * Publishes a text message encoded in UTF-8; otherwise as {@link #publish(String, byte[], int,
   * boolean)}.
   *
   * @param topic the topic name; no wildcards
   * @param message the text, not {@code null}
   * @param qos the quality of service, 0, 1 or 2
   * @param retain whether the broker keeps the message for future subscribers
   */
  default void publish(String topic, String message, int qos, boolean retain) {
    publish(topic, message.getBytes(StandardCharsets.UTF_8), qos, retain);
  }

  /**
   * Subscribes {@code listener} to the messages matching {@code topicFilter}. Subscribing the same
   * listener to the same filter again only changes its quality of service. A subscription made
   * while the link is down takes effect when it comes up, and every subscription is restored after
   * a reconnect. Blocks at most for the protocol's subscribe timeout.
   *
   * @param topicFilter the topic filter; may contain {@code +} and {@code #}
   * @param qos the maximum quality of service to receive with, 0, 1 or 2
   * @param listener the listener
   * @throws InvalidTopicException if the filter is not valid
   * @throws IllegalArgumentException if {@code qos} is not 0, 1 or 2
   * @throws ConnectionException if the protocol is {@link ConnectionState#CLOSED}
   */
  void subscribe(String topicFilter, int qos, MessageListener listener);

  /**
   * Subscribes with the {@linkplain #DEFAULT_QOS default quality of service}; otherwise as {@link
   * #subscribe(String, int, MessageListener)}.
   *
   * @param topicFilter the topic filter; may contain {@code +} and {@code #}
   * @param listener the listener
   */
  default void subscribe(String topicFilter, MessageListener listener) {
    subscribe(topicFilter, DEFAULT_QOS, listener);
  }

  /**
   * Removes the subscription of {@code listener} to {@code topicFilter}. Unknown pairs are ignored.
   * Blocks at most for the protocol's subscribe timeout.
   *
   * @param topicFilter the topic filter it was subscribed with
   * @param listener the listener
   * @throws InvalidTopicException if the filter is not valid
   */
  void unsubscribe(String topicFilter, MessageListener listener);

  /**
   * Returns the subscriptions this connection holds and what the broker answered to each.
   *
   * @return one entry per subscribed filter, in subscription order; empty if the protocol does not
   *     report them
   */
  default List<SubscriptionStatus> subscriptions() {
    return List.of();
  }
}
