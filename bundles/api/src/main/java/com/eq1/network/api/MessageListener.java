package com.eq1.network.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives the messages of a publish/subscribe subscription. */
@ConsumerType
@FunctionalInterface
public interface MessageListener {

  /**
   * Called for every message whose topic matches the subscription's filter, in the order the
   * connection received them. Called on a thread the protocol owns, never on the caller's thread
   * and never on the transport's I/O thread; a listener that blocks delays only the messages of its
   * own connection. Exceptions it throws are logged and otherwise ignored.
   *
   * @param topic the topic the message was published to
   * @param payload the message payload; the listener owns the array
   */
  void onMessage(String topic, byte[] payload);
}
