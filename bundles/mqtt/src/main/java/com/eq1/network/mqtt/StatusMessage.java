package com.eq1.network.mqtt;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.InvalidTopicException;
import com.eq1.network.api.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A message the connection itself publishes about its status: the Last Will the broker sends when
 * the connection is lost, or the birth message published on every (re)connect. Together they make
 * the retained "online"/"offline" pattern: the same topic, retained, {@code online} as birth and
 * {@code offline} as will.
 *
 * @param topic the topic, a valid topic name (no wildcards)
 * @param payload the payload
 * @param qos 0, 1 or 2
 * @param retain whether the broker keeps it for later subscribers
 */
public record StatusMessage(String topic, byte[] payload, int qos, boolean retain) {

  /**
   * Checks the message.
   *
   * @throws ConfigurationException if the topic or QoS is not valid
   */
  public StatusMessage {
    try {
      Topics.validateName(topic);
      Topics.validateQos(qos);
    } catch (InvalidTopicException | IllegalArgumentException e) {
      throw new ConfigurationException(null, "status message: " + e.getMessage(), e);
    }
    payload = payload == null ? new byte[0] : payload.clone();
  }

  /**
   * Returns a retained QoS 1 message with a text payload.
   *
   * @param topic the topic
   * @param text the payload, as UTF-8
   * @return the message
   */
  public static StatusMessage retained(String topic, String text) {
    return new StatusMessage(topic, text.getBytes(StandardCharsets.UTF_8), 1, true);
  }

  /**
   * Returns a copy of the payload.
   *
   * @return the payload
   */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StatusMessage that
        && topic.equals(that.topic)
        && Arrays.equals(payload, that.payload)
        && qos == that.qos
        && retain == that.retain;
  }

  @Override
  public int hashCode() {
    return topic.hashCode() * 31 + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "StatusMessage["
        + topic
        + ", "
        + payload.length
        + " bytes, qos "
        + qos
        + ", retain "
        + retain
        + "]";
  }
}
