package com.eq1.network.api;

import java.nio.charset.StandardCharsets;

/**
 * The MQTT 3.1.1 / 5 rules for topic names and qualities of service, shared by every
 * publish/subscribe protocol so that a bad topic fails the same way on every transport.
 *
 * <p>A topic name is 1 to 65,535 bytes of UTF-8 without the character U+0000 and without the
 * wildcards {@code +} and {@code #}. Empty levels ({@code a//b}, {@code /a}) are allowed, as the
 * MQTT specification allows them. Filters are checked by {@link TopicFilter#of(String)}.
 */
public final class Topics {

  /** The longest topic name or filter MQTT can carry, in UTF-8 bytes. */
  public static final int MAX_LENGTH = 65_535;

  private Topics() {}

  /**
   * Checks a topic name to publish to.
   *
   * @param topic the topic name
   * @return {@code topic}, for chaining
   * @throws InvalidTopicException naming the topic and the rule it breaks
   */
  public static String validateName(String topic) {
    checkCommon(topic, "topic name");
    if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
      throw new InvalidTopicException(
          topic, "a topic name to publish to must not contain the wildcards + or #");
    }
    return topic;
  }

  /**
   * Checks a quality of service.
   *
   * @param qos the quality of service
   * @return {@code qos}, for chaining
   * @throws IllegalArgumentException if {@code qos} is not 0, 1 or 2
   */
  public static int validateQos(int qos) {
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("QoS must be 0, 1 or 2, not " + qos);
    }
    return qos;
  }

  static void checkCommon(String topic, String what) {
    if (topic == null || topic.isEmpty()) {
      throw new InvalidTopicException(String.valueOf(topic), "a " + what + " must not be empty");
    }
    if (topic.indexOf('\u0000') >= 0) {
      throw new InvalidTopicException(topic, "a " + what + " must not contain U+0000");
    }
    if (topic.length() * 3 > MAX_LENGTH
        && topic.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
      throw new InvalidTopicException(
          topic.substring(0, Character.isHighSurrogate(topic.charAt(63)) ? 63 : 64) + "...",
          "a " + what + " must not be longer than " + MAX_LENGTH + " UTF-8 bytes");
    }
  }
}
