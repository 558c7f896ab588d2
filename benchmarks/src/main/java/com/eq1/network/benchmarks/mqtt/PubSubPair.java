package com.eq1.network.benchmarks.mqtt;

import com.eq1.network.api.MessageListener;

/**
 * A publishing and a subscribing MQTT connection to one broker, in one JVM: the thing whose
 * pub-to-sub path is measured, once as EQ-1 and once as raw Paho.
 */
interface PubSubPair extends AutoCloseable {

  /**
   * Returns the label of this implementation in the results.
   *
   * @return {@code eq1} or {@code paho}
   */
  String label();

  /**
   * Subscribes the subscribing connection and returns once the broker has granted it.
   *
   * @param topic a topic name (no wildcards)
   * @param qos the QoS
   * @param listener called for each message, on the implementation's delivery thread
   * @throws Exception if the subscription failed
   */
  void subscribe(String topic, int qos, MessageListener listener) throws Exception;

  /**
   * Publishes from the publishing connection, waiting while the in-flight window is full.
   *
   * @param topic the topic
   * @param payload the payload; not changed by the caller afterwards
   * @param qos the QoS
   * @throws Exception if the publish failed
   */
  void publish(String topic, byte[] payload, int qos) throws Exception;

  /** Disconnects both connections and stops their threads. */
  @Override
  void close();
}
