package com.eq1.network.packet;

import com.eq1.network.api.PacketException;

/** What a message is for; its {@link #code()} is the envelope's type byte. */
public enum MessageType {
  /** An instruction to the peer, usually answered by a {@link #RESPONSE} or {@link #ERROR}. */
  COMMAND(1),
  /** Application data with no reply expected. */
  DATA(2),
  /** The answer to a request; carries the request's correlation id. */
  RESPONSE(3),
  /** A status report (state change, alarm cleared, …). */
  STATUS(4),
  /** A failure report; as a reply it carries the request's correlation id. */
  ERROR(5),
  /** A keep-alive; carries no body and is never handed to the application. */
  HEARTBEAT(6),
  /** A file; may span several frames as a chunked transfer. */
  FILE_TRANSFER(7),
  /** A large block of data; may span several frames as a chunked transfer. */
  BULK_DATA(8);

  private static final MessageType[] BY_CODE = new MessageType[9];

  static {
    for (MessageType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  /**
   * Returns the type byte of the envelope.
   *
   * @return the code, 1 to 8
   */
  public int code() {
    return code;
  }

  /**
   * Tells whether messages of this type may be split into a chunked transfer.
   *
   * @return {@code true} for {@link #FILE_TRANSFER} and {@link #BULK_DATA}
   */
  public boolean isChunkable() {
    return this == FILE_TRANSFER || this == BULK_DATA;
  }

  /**
   * Returns the type with the given code.
   *
   * @param code the envelope's type byte, 0 to 255
   * @return the type
   * @throws PacketException if no type has this code
   */
  public static MessageType fromCode(int code) {
    MessageType type = code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    if (type == null) {
      throw new PacketException(null, "unknown message type code " + code);
    }
    return type;
  }
}
