package com.eq1.network.mqtt.internal;

import com.eq1.network.api.ProtocolException;
import com.eq1.network.mqtt.StatusMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes a connection's status messages (will, birth) for either session, never throwing. */
final class Announcer {

  private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

  private Announcer() {}

  /**
   * Publishes {@code message} now if there is one and the session is up; a failure is logged.
   *
   * @param session the session
   * @param connection the connection, for the log
   * @param message the message, or {@code null}
   * @param what what it is, for the log
   */
  static void announce(Session session, String connection, StatusMessage message, String what) {
    if (message == null) {
      return;
    }
    try {
      if (!session.publish(
          new Publication(message.topic(), message.payload(), message.qos(), message.retain()))) {
        LOG.debug("[{}] {} not published: not connected", connection, what);
      }
    } catch (ProtocolException e) {
      LOG.warn("[{}] {} not published: {}", connection, what, e.getMessage());
    }
  }
}
