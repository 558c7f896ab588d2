package com.eq1.network.packet;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The EQ-1 frame: a 4-byte big-endian unsigned payload length followed by exactly that many payload
 * bytes. {@code toPacket(new byte[] {1, 2, 3})} is {@code 00 00 00 03 01 02 03}. The payload is at
 * most {@value #MAX_PAYLOAD} bytes (1 MiB), or a smaller limit given at construction. Empty
 * payloads are allowed.
 *
 * <p>Immutable and thread-safe. Its default {@link RecoveryPolicy} is {@link RecoveryPolicy#CLOSE}:
 * a length prefix has no marker to resynchronise on.
 */
public final class NetworkPacketStructure implements StreamingPacketStructure {

  /** The largest payload any frame may carry: 1 MiB. */
  public static final int MAX_PAYLOAD = 1_048_576;

  /** The length of the frame header, in bytes. */
  public static final int HEADER_LENGTH = 4;

  private final int maxPayload;

  /** Creates the structure with the full 1 MiB payload limit. */
  public NetworkPacketStructure() {
    this(MAX_PAYLOAD);
  }

  /**
   * Creates the structure with a lower payload limit.
   *
   * @param maxPayload the largest payload, from 0 to {@value #MAX_PAYLOAD} bytes
   * @throws IllegalArgumentException if {@code maxPayload} is out of that range
   */
  public NetworkPacketStructure(int maxPayload) {
    if (maxPayload < 0 || maxPayload > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "maxPayload must be 0.." + MAX_PAYLOAD + " bytes, was " + maxPayload);
    }
    this.maxPayload = maxPayload;
  }

  @Override
  public int maxPayload() {
    return maxPayload;
  }

  /**
   * {@inheritDoc}
   *
   * @throws OversizedPacketException if {@code data} is longer than {@link #maxPayload()}
   */
  @Override
  public byte[] toPacket(byte[] data) {
    Objects.requireNonNull(data, "data");
    if (data.length > maxPayload) {
      throw new OversizedPacketException(null, data.length, maxPayload);
    }
    byte[] frame = new byte[HEADER_LENGTH + data.length];
    writeLength(frame, 0, data.length);
    System.arraycopy(data, 0, frame, HEADER_LENGTH, data.length);
    return frame;
  }

  @Override
  public byte[] fromPacket(byte[] packet) {
    check(packet);
    return Arrays.copyOfRange(packet, HEADER_LENGTH, packet.length);
  }

  @Override
  public boolean isValid(byte[] packet) {
    if (packet == null || packet.length < HEADER_LENGTH) {
      return false;
    }
    long size = readLength(packet, 0);
    return size <= maxPayload && size == packet.length - HEADER_LENGTH;
  }

  @Override
  public List<byte[]> splitPacket(byte[] packet) {
    Objects.requireNonNull(packet, "packet");
    List<byte[]> frames = new ArrayList<>();
    int pos = 0;
    while (pos < packet.length) {
      if (packet.length - pos < HEADER_LENGTH) {
        throw new PacketException(
            null,
            "incomplete header at offset " + pos + ": " + (packet.length - pos) + " of 4 bytes");
      }
      long size = readLength(packet, pos);
      if (size > maxPayload) {
        throw new OversizedPacketException(null, size, maxPayload);
      }
      if (size > packet.length - pos - HEADER_LENGTH) {
        throw new PacketException(
            null,
            "incomplete frame at offset "
                + pos
                + ": header announces "
                + size
                + " payload bytes, "
                + (packet.length - pos - HEADER_LENGTH)
                + " present");
      }
      int end = pos + HEADER_LENGTH + (int) size;
      frames.add(Arrays.copyOfRange(packet, pos, end));
      pos = end;
    }
    return frames;
  }

  /**
   * {@inheritDoc}
   *
   * @return {@link RecoveryPolicy#CLOSE}
   */
  @Override
  public RecoveryPolicy defaultPolicy() {
    return RecoveryPolicy.CLOSE;
  }

  @Override
  public FrameDecoder newDecoder(String connectionName, RecoveryPolicy policy) {
    return new LengthFrameDecoder(connectionName, policy, maxPayload);
  }

  @Override
  public String toString() {
    return "NetworkPacketStructure[maxPayload=" + maxPayload + "]";
  }

  private void check(byte[] packet) {
    if (packet == null) {
      throw new PacketException(null, "no packet (null)");
    }
    if (packet.length < HEADER_LENGTH) {
      throw new PacketException(
          null, "frame of " + packet.length + " bytes is shorter than the 4-byte header");
    }
    long size = readLength(packet, 0);
    if (size > maxPayload) {
      throw new OversizedPacketException(null, size, maxPayload);
    }
    if (size != packet.length - HEADER_LENGTH) {
      throw new PacketException(
          null,
          "header announces "
              + size
              + " payload bytes but the frame holds "
              + (packet.length - HEADER_LENGTH));
    }
  }

  static long readLength(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xffL) << 24)
        | ((bytes[offset + 1] & 0xffL) << 16)
        | ((bytes[offset + 2] & 0xffL) << 8)
        | (bytes[offset + 3] & 0xffL);
  }

  static void writeLength(byte[] bytes, int offset, int length) {
    bytes[offset] = (byte) (length >>> 24);
    bytes[offset + 1] = (byte) (length >>> 16);
    bytes[offset + 2] = (byte) (length >>> 8);
    bytes[offset + 3] = (byte) length;
  }
}
