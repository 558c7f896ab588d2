package com.eq1.network.packet;

import com.eq1.network.api.data.ReceivedData;
import java.util.Arrays;
import java.util.HexFormat;

/** Opaque bytes ({@link MessageFormat#BINARY}). Immutable: the bytes are copied in and out. */
public final class BinaryData implements FormattedData, ReceivedData {

  private final byte[] bytes;

  /**
   * Creates the value.
   *
   * @param bytes the bytes, copied
   */
  public BinaryData(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  /**
   * Wraps a payload; every byte sequence is valid.
   *
   * @param payload the bytes, copied
   * @return the value
   */
  public static BinaryData fromBytes(byte[] payload) {
    return new BinaryData(payload);
  }

  /**
   * Returns the bytes.
   *
   * @return a copy
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public MessageFormat format() {
    return MessageFormat.BINARY;
  }

  @Override
  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BinaryData b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return bytes.length <= 32
        ? "BinaryData[" + HexFormat.ofDelimiter(" ").formatHex(bytes) + "]"
        : "BinaryData[" + bytes.length + " bytes]";
  }
}
