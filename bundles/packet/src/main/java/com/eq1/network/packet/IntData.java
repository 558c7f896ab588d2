package com.eq1.network.packet;

import com.eq1.network.api.PacketException;
import com.eq1.network.api.data.ReceivedData;

/**
 * A 32-bit signed integer ({@link MessageFormat#INT}), encoded as exactly 4 bytes, big-endian two's
 * complement: 1 is {@code 00 00 00 01}, -2 is {@code FF FF FF FE}.
 *
 * @param value the integer
 */
public record IntData(int value) implements FormattedData, ReceivedData {

  /** The encoded length, in bytes. */
  public static final int LENGTH = 4;

  /**
   * Decodes 4 big-endian bytes.
   *
   * @param payload the bytes
   * @return the value
   * @throws PacketException if {@code payload} is not exactly 4 bytes long
   */
  public static IntData fromBytes(byte[] payload) {
    if (payload.length != LENGTH) {
      throw new PacketException(
          null, "an INT payload is exactly 4 bytes, this one has " + payload.length);
    }
    return new IntData(
        (payload[0] << 24)
            | ((payload[1] & 0xff) << 16)
            | ((payload[2] & 0xff) << 8)
            | (payload[3] & 0xff));
  }

  @Override
  public MessageFormat format() {
    return MessageFormat.INT;
  }

  @Override
  public byte[] toBytes() {
    return new byte[] {
      (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
    };
  }
}
