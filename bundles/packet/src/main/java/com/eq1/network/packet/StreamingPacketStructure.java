package com.eq1.network.packet;

import com.eq1.network.api.data.PacketStructure;

/**
 * A {@link PacketStructure} whose frames can also be cut out of a byte stream as it arrives, by a
 * {@link FrameDecoder} per connection. Implementations are immutable and thread-safe; the decoders
 * they create are not (one per stream).
 */
public interface StreamingPacketStructure extends PacketStructure {

  /**
   * Returns the largest payload a frame may carry.
   *
   * @return the limit in bytes
   */
  int maxPayload();

  /**
   * Returns what this structure's decoders do after malformed input unless told otherwise.
   *
   * @return the default policy
   */
  RecoveryPolicy defaultPolicy();

  /**
   * Creates a decoder for one stream with this structure's {@link #defaultPolicy()}.
   *
   * @param connectionName the connection the stream belongs to, named in exceptions; may be {@code
   *     null}
   * @return a new decoder with an empty buffer
   */
  default FrameDecoder newDecoder(String connectionName) {
    return newDecoder(connectionName, defaultPolicy());
  }

  /**
   * Creates a decoder for one stream.
   *
   * @param connectionName the connection the stream belongs to, named in exceptions; may be {@code
   *     null}
   * @param policy what the decoder does after malformed input
   * @return a new decoder with an empty buffer
   */
  FrameDecoder newDecoder(String connectionName, RecoveryPolicy policy);
}
