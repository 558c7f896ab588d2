package com.eq1.network.api;

import java.time.Duration;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The service equipment code uses to talk to request/response connections by name. See {@link
 * ConnectionManager} for registration, desired state and the swap grace period.
 */
@ProviderType
public interface ReqResManager extends ConnectionManager<ReqResProtocol> {

  /**
   * Sends one message on the named connection, as {@link ReqResProtocol#send(byte[])} does. While
   * the name is {@link Presence#SWAPPING} the message is held and sent in order when the protocol
   * returns.
   *
   * @param name the connection name
   * @param data the message
   * @return the number of bytes accepted: written, queued by the protocol, or held
   * @throws ProtocolNotFoundException if the name is unknown or {@link Presence#ABSENT}
   * @throws QueueFullException if the hold queue or the protocol's outbound queue is full
   */
  int send(String name, byte[] data);

  /**
   * Returns the next message received on the named connection if one is waiting. Never blocks.
   *
   * @param name the connection name
   * @return the message, or empty if none is waiting or the name is {@link Presence#SWAPPING}
   * @throws ProtocolNotFoundException if the name is unknown or {@link Presence#ABSENT}
   */
  Optional<byte[]> read(String name);

  /**
   * Returns the next message received on the named connection, waiting up to {@code timeout} for
   * one, including for a swapping protocol to return.
   *
   * @param name the connection name
   * @param timeout the longest time to wait
   * @return the message, or empty if none arrived in time
   * @throws ProtocolNotFoundException if the name is unknown or {@link Presence#ABSENT}
   */
  Optional<byte[]> read(String name, Duration timeout);
}
