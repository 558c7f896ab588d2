package com.eq1.network.tcp;

/** How a TCP byte stream is cut into messages; the configuration key is {@code framing}. */
public enum Framing {
  /**
   * No framing: each {@code read()} returns the bytes as they arrived in one socket read, and each
   * {@code send()} writes its bytes as they are. Message boundaries are not kept.
   */
  RAW,
  /**
   * {@link com.eq1.network.packet.NetworkPacketStructure}: a 4-byte big-endian length, then the
   * payload, at most {@code maxFrameBytes}. A bad header closes the connection: a length prefix has
   * nothing to resynchronise on.
   */
  LENGTH,
  /**
   * {@link com.eq1.network.packet.DelimitedPacketStructure}: each message ends with a delimiter
   * ({@code delimiter=lines}: {@code \n}, the default; {@code delimiter=dollar}: {@code $…$}). Bad
   * bytes are skipped up to the next delimiter and the connection stays open.
   */
  DELIMITED
}
