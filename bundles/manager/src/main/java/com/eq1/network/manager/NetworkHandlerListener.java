package com.eq1.network.manager;

import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.data.ReceivedData;
import com.eq1.network.packet.Message;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a {@link NetworkHandler} tells the equipment code. Every callback runs on the handler's one
 * callback thread, in order, never on the thread that reads the link; a callback that throws is
 * logged and the next one runs. A slow callback delays the ones after it (and, once the callback
 * queue is full, reading): hand long work to your own executor. Every method has an empty default.
 */
@ConsumerType
public interface NetworkHandlerListener {

  /**
   * The link is up: the protocol connected, or a peer declared lost was heard from again.
   *
   * @param handler the handler
   */
  default void onConnected(NetworkHandler handler) {}

  /**
   * The link is down: the protocol lost or closed its connection, or the peer missed its
   * heartbeats.
   *
   * @param handler the handler
   * @param reason why, for people
   */
  default void onDisconnected(NetworkHandler handler, String reason) {}

  /**
   * A message arrived that is not a heartbeat and not the reply to a pending request.
   *
   * @param message the envelope (a chunked transfer arrives whole)
   * @param data the body, decoded by the handler's {@link com.eq1.network.packet.DataPackage} for
   *     the message's format
   */
  default void onMessage(Message message, ReceivedData data) {}

  /**
   * Something went wrong that the handler recovered from: a malformed frame or envelope (dropped),
   * a message the protocol refused. The link stays usable.
   *
   * @param error what went wrong, naming the connection
   */
  default void onError(ProtocolException error) {}
}
