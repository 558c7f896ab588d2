package com.eq1.network.mqtt.internal;

import com.eq1.network.api.AuthenticationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.link.ConnectionCounters;
import com.eq1.network.mqtt.MqttSettings;
import com.eq1.network.mqtt.StatusMessage;

/**
 * One Paho client of either MQTT version and what the connection needs of it, with Paho's
 * exceptions turned into the API's. Paho's automatic reconnect and offline buffer stay off. Not a
 * connection: {@link com.eq1.network.mqtt.MqttProtocol} decides when to connect and what to
 * restore.
 */
public interface Session {

  /** What Paho reports; called on Paho's threads, so it must return quickly. */
  interface Events {

    /**
     * The connection was lost without a DISCONNECT from us.
     *
     * @param cause what Paho gave as the cause
     */
    void connectionLost(Throwable cause);

    /**
     * A message arrived.
     *
     * @param topic its topic
     * @param payload its payload, owned by the receiver
     */
    void messageArrived(String topic, byte[] payload);
  }

  /**
   * Creates the Paho client for the configured version; nothing is connected yet.
   *
   * @param settings the connection settings
   * @param counters where traffic and errors are counted
   * @param events where Paho's callbacks go
   * @return the session
   * @throws com.eq1.network.api.ConfigurationException if Paho refuses the settings
   */
  static Session open(MqttSettings settings, ConnectionCounters counters, Events events) {
    return switch (settings.version()) {
      case V3_1_1 -> new Paho3Session(settings, counters, events);
      case V5 -> new Paho5Session(settings, counters, events);
    };
  }

  /**
   * Connects once and waits for the CONNACK, within the connect timeout.
   *
   * @throws AuthenticationException if the broker refused the credentials or client id
   * @throws ConnectionException if the broker could not be reached or refused otherwise
   */
  void connect();

  /**
   * Hands a message to Paho. Waits, within the connect timeout, for room in the in-flight window.
   *
   * @param publication the message
   * @return {@code false} if the client is not connected (the caller keeps the message)
   * @throws ProtocolTimeoutException if the in-flight window stayed full
   * @throws ProtocolException if Paho or the broker refused the message for another reason
   */
  boolean publish(Publication publication);

  /**
   * Publishes one of the connection's status messages now, if there is one and the session is up. A
   * failure is logged, never thrown: a status message must not stop a connect or disconnect.
   *
   * @param message the message, or {@code null}
   * @param what what it is, for the log
   */
  void announce(StatusMessage message, String what);

  /**
   * Subscribes and checks what the broker granted.
   *
   * @param filter the topic filter
   * @param qos the QoS asked for
   * @return the QoS the broker granted, 0 to {@code qos}
   * @throws ConnectionException if the broker refused the subscription or did not answer within the
   *     connect timeout
   */
  int subscribe(String filter, int qos);

  /**
   * Unsubscribes, without waiting for the answer.
   *
   * @param filter the topic filter
   */
  void unsubscribe(String filter);

  /**
   * Returns the broker the client is connected to: with several configured, the one that took the
   * connection.
   *
   * @return the broker URI, or {@code null} while not connected
   */
  String connectedBroker();

  /** Sends DISCONNECT if connected, waiting at most the connect timeout. */
  void disconnect();

  /** Releases the Paho client and its threads. */
  void close();
}
