package com.eq1.network.packet;

import com.eq1.network.api.PacketException;

/** How a message body is encoded; its {@link #code()} is the envelope's format byte. */
public enum MessageFormat {
  /** UTF-8 text: {@link TextData}. */
  TEXT(1),
  /** Opaque bytes: {@link BinaryData}. */
  BINARY(2),
  /** A 32-bit signed big-endian two's-complement integer, exactly 4 bytes: {@link IntData}. */
  INT(3);

  private final int code;

  MessageFormat(int code) {
    this.code = code;
  }

  /**
   * Returns the format byte of the envelope.
   *
   * @return the code, 1 to 3
   */
  public int code() {
    return code;
  }

  /**
   * Returns the format with the given code.
   *
   * @param code the envelope's format byte, 0 to 255
   * @return the format
   * @throws PacketException if no format has this code
   */
  public static MessageFormat fromCode(int code) {
    for (MessageFormat format : values()) {
      if (format.code == code) {
        return format;
      }
    }
    throw new PacketException(null, "unknown message format code " + code);
  }
}
