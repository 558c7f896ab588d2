package com.eq1.network.api;

import java.nio.charset.StandardCharsets;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The service equipment code uses to publish and subscribe through named connections. See {@link
 * ConnectionManager} for registration, desired state and the swap grace period.
 *
 * <p>Subscriptions made here are desired state: they may be made before any protocol of that name
 * exists, and are applied to every protocol that appears under the name. Listeners are called on
 * the protocol's delivery thread; an exception from one is logged and affects no other.
 */
@ProviderType
public interface PubSubManager extends ConnectionManager<PubSubProtocol> {

  /**
   * Publishes a message through the named connection, as {@link PubSubProtocol#publish(String,
   * byte[], int, boolean)} does. The topic and QoS are checked first, whatever the connection's
   * presence. While the name is {@link Presence#SWAPPING} the message is held and published in
   * order when the protocol returns.
   *
   * @param name the connection name
   * @param topic the topic name; no wildcards
   * @param payload the payload
   * @param qos the quality of service, 0, 1 or 2
   * @param retain whether the broker keeps the message for future subscribers
   * @throws InvalidTopicException if the topic name is not valid
   * @throws IllegalArgumentException if {@code qos} is not 0, 1 or 2
   * @throws ProtocolNotFoundException if the name is unknown or {@link Presence#ABSENT}
   * @throws QueueFullException if the hold queue or the protocol's outbound queue is full
   */
  void publish(String name, String topic, byte[] payload, int qos, boolean retain);

  /**
   * Publishes a UTF-8 text message; otherwise as {@link #publish(String, String, byte[], int,
   * boolean)}.
   *
   * @param name the connection name
   * @param topic the topic name; no wildcards
   * @param message the text
   * @param qos the quality of service, 0, 1 or 2
   * @param retain whether the broker keeps the message for future subscribers
   */
  default void publish(String name, String topic, String message, int qos, boolean retain) {
    publish(name, topic, message.getBytes(StandardCharsets.UTF_8), qos, retain);
  }

  /**
   * Publishes a UTF-8 text message with the {@linkplain PubSubProtocol#DEFAULT_QOS default QoS},
   * not retained; otherwise as {@link #publish(String, String, byte[], int, boolean)}.
   *
   * @param name the connection name
   * @param topic the topic name; no wildcards
   * @param message the text
   */
  default void publish(String name, String topic, String message) {
    publish(name, topic, message, PubSubProtocol.DEFAULT_QOS, false);
  }

  /**
   * Subscribes a listener to a topic filter on the named connection and keeps the subscription as
   * desired state. Applied at once if a protocol is registered, and again to every protocol that
   * appears under the name later. If applying it to the protocol in use fails, the exception
   * propagates but the subscription is kept, and applied again when a protocol (re)appears.
   *
   * @param name the connection name; need not be registered yet
   * @param topicFilter the topic filter; may contain {@code +} and {@code #}
   * @param qos the maximum quality of service to receive with, 0, 1 or 2
   * @param listener the listener
   * @throws InvalidTopicException if the filter is not valid
   * @throws IllegalArgumentException if {@code qos} is not 0, 1 or 2
   */
  void subscribe(String name, String topicFilter, int qos, MessageListener listener);

  /**
   * Subscribes with the {@linkplain PubSubProtocol#DEFAULT_QOS default QoS}; otherwise as {@link
   * #subscribe(String, String, int, MessageListener)}.
   *
   * @param name the connection name; need not be registered yet
   * @param topicFilter the topic filter
   * @param listener the listener
   */
  default void subscribe(String name, String topicFilter, MessageListener listener) {
    subscribe(name, topicFilter, PubSubProtocol.DEFAULT_QOS, listener);
  }

  /**
   * Removes a subscription made with {@link #subscribe}, from the desired state and from the
   * registered protocol. Unknown subscriptions are ignored.
   *
   * @param name the connection name
   * @param topicFilter the topic filter it was subscribed with
   * @param listener the listener
   * @throws InvalidTopicException if the filter is not valid
   */
  void unsubscribe(String name, String topicFilter, MessageListener listener);
}
