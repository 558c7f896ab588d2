package com.eq1.network.packet;

/**
 * What a {@link FrameDecoder} does after malformed input: an oversized length or payload, or bytes
 * that belong to no frame. Either way the input is never allocated beyond the structure's limit and
 * a {@link com.eq1.network.api.PacketException} reports it.
 */
public enum RecoveryPolicy {

  /**
   * Discard the bad bytes and go on with the next frame; frames before and after them in the same
   * chunk are still delivered, and the exception is thrown once the whole chunk has been consumed.
   * Delimited framing discards up to the next head delimiter (or, without one, past the next tail
   * delimiter). Length framing has no marker to resynchronise on: it skips exactly the number of
   * bytes the bad header announced, as Netty's {@code LengthFieldBasedFrameDecoder} does.
   */
  RESYNC,

  /**
   * Stop at the first bad byte: the exception is thrown at once (frames before it in the chunk were
   * delivered), and every later call throws until {@link FrameDecoder#reset()}. The owner is
   * expected to close the connection, which is the only reliable resynchronisation of a
   * length-prefixed stream.
   */
  CLOSE
}
