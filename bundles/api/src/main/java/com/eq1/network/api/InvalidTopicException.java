package com.eq1.network.api;

/** A topic name or filter breaks the MQTT rules; nothing was sent or subscribed. */
public class InvalidTopicException extends ProtocolException {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final String reason;

  /**
   * Creates the exception for a topic checked outside any connection.
   *
   * @param topic the offending topic name or filter
   * @param reason the rule it breaks
   */
  public InvalidTopicException(String topic, String reason) {
    this(null, topic, reason);
  }

  /**
   * Creates the exception for a topic used on a connection.
   *
   * @param connectionName the connection concerned, or {@code null}
   * @param topic the offending topic name or filter
   * @param reason the rule it breaks
   */
  public InvalidTopicException(String connectionName, String topic, String reason) {
    super(connectionName, "invalid topic '" + topic + "': " + reason);
    this.topic = topic;
    this.reason = reason;
  }

  /**
   * Returns the offending topic name or filter.
   *
   * @return the topic as given
   */
  public String topic() {
    return topic;
  }

  /**
   * Returns the rule the topic breaks.
   *
   * @return the reason, without the topic or connection name
   */
  public String reason() {
    return reason;
  }

  /**
   * Returns the same failure attributed to a connection.
   *
   * @param connectionName the connection the topic was used on
   * @return a new exception naming the connection
   */
  public InvalidTopicException on(String connectionName) {
    return new InvalidTopicException(connectionName, topic, reason);
  }
}
