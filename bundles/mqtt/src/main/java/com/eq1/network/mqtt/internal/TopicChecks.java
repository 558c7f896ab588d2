package com.eq1.network.mqtt.internal;

import com.eq1.network.api.InvalidTopicException;
import com.eq1.network.api.TopicFilter;
import com.eq1.network.api.Topics;

/** The API's topic rules, with the connection named in what they throw. */
public final class TopicChecks {

  private TopicChecks() {}

  /**
   * Checks a topic name to publish to.
   *
   * @param connection the connection, named in the error
   * @param topic the topic
   * @throws InvalidTopicException if it is empty, has a wildcard or a NUL, or is too long
   */
  public static void name(String connection, String topic) {
    try {
      Topics.validateName(topic);
    } catch (InvalidTopicException e) {
      throw e.on(connection);
    }
  }

  /**
   * Checks a topic filter to subscribe with.
   *
   * @param connection the connection, named in the error
   * @param filter the filter
   * @return the parsed filter
   * @throws InvalidTopicException if a wildcard is misplaced, or it is empty or too long
   */
  public static TopicFilter filter(String connection, String filter) {
    try {
      return TopicFilter.of(filter);
    } catch (InvalidTopicException e) {
      throw e.on(connection);
    }
  }
}
