package com.eq1.network.tcp.internal;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.packet.FrameDecoder;
import com.eq1.network.packet.NetworkPacketStructure;
import com.eq1.network.packet.StreamingPacketStructure;
import com.eq1.network.tcp.Framing;
import com.eq1.network.tcp.TcpOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * The framing of one connection, on both sides of the wire: encoding goes straight into a Netty
 * buffer; decoding is the packet layer's {@link FrameDecoder}, one per channel, so TCP, serial and
 * every other stream transport share one implementation of the wire format.
 */
public final class FrameCodec {

  private final String connectionName;
  private final Framing framing;
  private final StreamingPacketStructure structure;
  private final int maxPayload;
  private final byte[] heartbeat;

  /**
   * Creates the codec for a connection.
   *
   * @param connectionName the connection, named in exceptions
   * @param options the connection's options
   */
  public FrameCodec(String connectionName, TcpOptions options) {
    this.connectionName = connectionName;
    this.framing = options.framing();
    this.structure = options.structure();
    this.maxPayload = options.maxFrameBytes();
    this.heartbeat =
        structure == null || options.heartbeatInterval().isZero()
            ? null
            : structure.toPacket(new byte[0]);
  }

  /**
   * Returns the framing.
   *
   * @return the framing
   */
  public Framing framing() {
    return framing;
  }

  /**
   * Frames one payload into a new buffer; the payload array is copied, not kept.
   *
   * @param alloc the channel's allocator
   * @param payload the payload
   * @return the framed bytes
   * @throws OversizedPacketException if the payload exceeds {@code maxFrameBytes}
   * @throws com.eq1.network.api.PacketException if delimited framing cannot carry the payload
   */
  public ByteBuf encode(ByteBufAllocator alloc, byte[] payload) {
    if (payload.length > maxPayload) {
      throw new OversizedPacketException(connectionName, payload.length, maxPayload);
    }
    return switch (framing) {
      case RAW -> alloc.buffer(payload.length).writeBytes(payload);
      case LENGTH ->
          alloc
              .buffer(NetworkPacketStructure.HEADER_LENGTH + payload.length)
              .writeInt(payload.length)
              .writeBytes(payload);
      case DELIMITED -> Unpooled.wrappedBuffer(structure.toPacket(payload));
    };
  }

  /**
   * Checks that a payload can be framed, without framing it.
   *
   * @param payload the payload
   * @throws OversizedPacketException if the payload exceeds {@code maxFrameBytes}
   * @throws com.eq1.network.api.PacketException if delimited framing cannot carry the payload
   */
  public void check(byte[] payload) {
    if (payload.length > maxPayload) {
      throw new OversizedPacketException(connectionName, payload.length, maxPayload);
    }
    if (framing == Framing.DELIMITED) {
      structure.toPacket(payload);
    }
  }

  /**
   * Returns a new heartbeat: an empty frame.
   *
   * @return the framed heartbeat
   * @throws IllegalStateException if heartbeats are off
   */
  public ByteBuf heartbeat() {
    if (heartbeat == null) {
      throw new IllegalStateException("heartbeats are off for " + connectionName);
    }
    return Unpooled.wrappedBuffer(heartbeat);
  }

  /**
   * Returns a new decoder for one channel.
   *
   * @return the decoder, or {@code null} for raw framing
   */
  public FrameDecoder newDecoder() {
    return structure == null ? null : structure.newDecoder(connectionName);
  }
}
