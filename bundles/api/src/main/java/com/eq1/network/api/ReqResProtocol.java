package com.eq1.network.api;

import java.time.Duration;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A request/response (point-to-point) connection: TCP client or server, serial port, Modbus,
 * loopback. Moves whole messages as byte arrays; framing is the protocol's configuration.
 */
@ProviderType
public interface ReqResProtocol extends BaseProtocol {

  /**
   * Sends one message. While the link is down the message goes to the bounded outbound queue with a
   * time to live and is sent, in order, when the link comes back. The array is not kept: the caller
   * may reuse it after the call returns. Blocks at most for the protocol's write timeout.
   *
   * @param data the message, not {@code null}
   * @return the number of bytes accepted: written to the link or queued
   * @throws QueueFullException if the outbound queue is full and its policy rejects the newest
   * @throws ProtocolTimeoutException if the write did not complete within the write timeout
   * @throws PacketException if the message cannot be framed (too large for the framing)
   * @throws ConnectionException if the protocol is {@link ConnectionState#CLOSED}
   */
  int send(byte[] data);

  /**
   * Returns the next received message if one is waiting. Never blocks.
   *
   * @return the message, or empty if none is waiting
   */
  Optional<byte[]> read();

  /**
   * Returns the next received message, waiting up to {@code timeout} for one.
   *
   * @param timeout the longest time to wait; zero or negative means do not wait
   * @return the message, or empty if none arrived in time (or the thread was interrupted, in which
   *     case its interrupt flag is set again)
   */
  Optional<byte[]> read(Duration timeout);
}
