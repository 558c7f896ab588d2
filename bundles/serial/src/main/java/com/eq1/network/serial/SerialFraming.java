package com.eq1.network.serial;

/**
 * How the byte stream of a serial port is cut into messages; the configuration key is {@code
 * framing}.
 */
public enum SerialFraming {
  /**
   * No framing: each {@code read()} returns the bytes one port read returned, and each {@code
   * send()} writes its bytes as they are. Message boundaries are not kept.
   */
  RAW,
  /**
   * {@link com.eq1.network.packet.NetworkPacketStructure}: a 4-byte big-endian length, then the
   * payload, at most {@code maxFrameBytes}. A bad header drops what was buffered and decoding
   * starts again with the next bytes: a serial line has no connection to close.
   */
  LENGTH,
  /**
   * {@link com.eq1.network.packet.DelimitedPacketStructure}: each message ends with a delimiter
   * ({@code delimiter=lines}: {@code \n}; {@code crlf}: {@code \r\n}; {@code dollar}: {@code $…$}).
   * Bad bytes are skipped up to the next delimiter.
   */
  DELIMITED,
  /**
   * A message ends when the line stays silent for {@code frameGapMillis} after its last byte, as
   * many scales, barcode readers and RTU devices frame their answers. {@code send()} writes the
   * bytes as they are.
   */
  GAP
}
