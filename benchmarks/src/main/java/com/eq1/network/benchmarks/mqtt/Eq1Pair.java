package com.eq1.network.benchmarks.mqtt;

import com.eq1.network.api.MessageListener;
import com.eq1.network.manager.DefaultPubSubManager;
import com.eq1.network.mqtt.MqttProtocol;
import com.eq1.network.mqtt.MqttSettings;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * EQ-1's path as an application outside OSGi uses it: one {@link DefaultPubSubManager} with two
 * {@link MqttProtocol} connections registered by hand, {@code pub} and {@code sub}; publishes and
 * subscriptions go through the manager. Settings are {@link MqttSettings#defaults} with a clean
 * session and the baseline's in-flight window.
 */
final class Eq1Pair implements PubSubPair {

  private static final String PUB = "pub";
  private static final String SUB = "sub";

  private final DefaultPubSubManager manager = new DefaultPubSubManager();
  private final MqttProtocol publisher;
  private final MqttProtocol subscriber;

  /**
   * Registers and connects both connections.
   *
   * @param broker the broker URI
   * @param clientId the client id prefix
   * @param maxInflight the in-flight window
   */
  Eq1Pair(String broker, String clientId, int maxInflight) {
    this.publisher = new MqttProtocol(settings(PUB, broker, clientId + "-pub", maxInflight));
    this.subscriber = new MqttProtocol(settings(SUB, broker, clientId + "-sub", maxInflight));
    register(manager, PUB, publisher);
    register(manager, SUB, subscriber);
  }

  /**
   * Returns the settings of one benchmark connection.
   *
   * @param name the connection name
   * @param broker the broker URI
   * @param clientId the client id
   * @param maxInflight the in-flight window
   * @return the settings
   */
  static MqttSettings settings(String name, String broker, String clientId, int maxInflight) {
    return MqttSettings.defaults(name, broker).toBuilder()
        .clientId(clientId)
        .cleanSession(true)
        .maxInflight(maxInflight)
        .build();
  }

  /**
   * Registers a connection with the manager, connected. The intent to connect is recorded first and
   * the manager's reconciliation connects it: calling {@code connect} right after {@code register}
   * races that reconciliation, and the loser's {@link MqttProtocol#connect()} fails with Paho's
   * "connect already in progress".
   *
   * @param manager the manager
   * @param name the connection name
   * @param protocol the connection
   * @throws IllegalStateException if it did not connect within 10 s
   */
  static void register(DefaultPubSubManager manager, String name, MqttProtocol protocol) {
    manager.connect(name); // no protocol yet: records the intent
    manager.register(name, protocol);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!protocol.isConnected()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("[" + name + "] did not connect within 10 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }

  @Override
  public String label() {
    return "eq1";
  }

  /**
   * {@inheritDoc}
   *
   * <p>The manager applies the subscription at once, or when it has finished reconciling the
   * connection; callers probe before they count.
   */
  @Override
  public void subscribe(String topic, int qos, MessageListener listener) {
    manager.subscribe(SUB, topic, qos, listener);
  }

  @Override
  public void publish(String topic, byte[] payload, int qos) {
    manager.publish(PUB, topic, payload, qos, false);
  }

  @Override
  public void close() {
    manager.close();
    publisher.close();
    subscriber.close();
  }
}
