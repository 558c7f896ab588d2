package com.eq1.network.api.data;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A framing: turns a payload into a frame ({@link #toPacket}) and frames back into payloads ({@link
 * #splitPacket}, {@link #fromPacket}). Knows nothing about sockets or ports. Implementations are
 * immutable and thread-safe.
 */
@ConsumerType
public interface PacketStructure {

  /**
   * Frames a payload.
   *
   * @param data the payload
   * @return a new array holding the frame
   * @throws OversizedPacketException if the payload is larger than the framing allows
   * @throws PacketException if the payload cannot be framed (for example it contains a delimiter)
   */
  byte[] toPacket(byte[] data);

  /**
   * Extracts the payload of exactly one complete frame.
   *
   * @param packet one frame
   * @return a new array holding the payload
   * @throws PacketException if {@code packet} is not exactly one valid frame
   */
  byte[] fromPacket(byte[] packet);

  /**
   * Tells whether {@code packet} is exactly one valid frame. Never throws.
   *
   * @param packet the bytes to check; {@code null} is not valid
   * @return {@code true} if {@link #fromPacket} would accept it
   */
  boolean isValid(byte[] packet);

  /**
   * Splits a buffer of back-to-back complete frames into those frames, each acceptable to {@link
   * #fromPacket}.
   *
   * @param packet the buffer
   * @return the frames, in order; empty for an empty buffer
   * @throws PacketException if the buffer holds a malformed or incomplete frame
   */
  List<byte[]> splitPacket(byte[] packet);
}
