package com.eq1.network.packet;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes {@link Message}s into payloads and back: envelope version {@value #VERSION}, big-endian,
 * laid out in {@code docs/wire-format.md}. Stateless and thread-safe.
 *
 * <pre>
 * offset  size  field
 *   0      1    version (1)
 *   1      1    type code ({@link MessageType#code()})
 *   2      1    format code ({@link MessageFormat#code()})
 *   3      1    flags: bit 0 = chunk header present; other bits 0
 *   4      8    timestamp, milliseconds since 1970-01-01T00:00Z, signed
 *  12      8    correlation id (0 = none)
 *  20      1    source length S, then S bytes of UTF-8
 *   .      1    destination length D, then D bytes of UTF-8
 *   .     24    chunk header, only if flag bit 0: transfer id (8), index (4), count (4),
 *               total length (8)
 *   .      …    body: the rest of the payload
 * </pre>
 */
public final class MessageCodec {

  /** The envelope version this codec writes and reads. */
  public static final int VERSION = 1;

  /** The size of an envelope with no source, destination, chunk header or body. */
  public static final int MIN_LENGTH = 22;

  /** The size of the chunk header. */
  public static final int CHUNK_HEADER_LENGTH = 24;

  private static final int FLAG_CHUNK = 0x01;

  private MessageCodec() {}

  /**
   * Encodes one message as one payload.
   *
   * @param message the message
   * @return a new array holding the envelope
   */
  public static byte[] encode(Message message) {
    byte[] source = message.source().getBytes(StandardCharsets.UTF_8);
    byte[] destination = message.destination().getBytes(StandardCharsets.UTF_8);
    byte[] body = message.bodyUnsafe();
    Chunk chunk = message.chunkOrNull();
    int length =
        MIN_LENGTH
            + source.length
            + destination.length
            + (chunk == null ? 0 : CHUNK_HEADER_LENGTH)
            + body.length;
    ByteBuffer out = ByteBuffer.allocate(length);
    out.put((byte) VERSION)
        .put((byte) message.type().code())
        .put((byte) message.format().code())
        .put((byte) (chunk == null ? 0 : FLAG_CHUNK))
        .putLong(message.timestampMillis())
        .putLong(message.correlationId())
        .put((byte) source.length)
        .put(source)
        .put((byte) destination.length)
        .put(destination);
    if (chunk != null) {
      out.putLong(chunk.transferId())
          .putInt(chunk.index())
          .putInt(chunk.count())
          .putLong(chunk.totalLength());
    }
    out.put(body);
    return out.array();
  }

  /**
   * Decodes one payload into a message. A chunk of a transfer decodes to a message whose {@link
   * Message#chunk()} is present; {@link TransferAssembler} puts the pieces together.
   *
   * @param payload the envelope
   * @return the message; its body is a new array
   * @throws PacketException if the payload is not a valid version-1 envelope: too short, unknown
   *     version, type, format or flags, invalid UTF-8 in an address, or a bad chunk header
   */
  public static Message decode(byte[] payload) {
    if (payload == null || payload.length < MIN_LENGTH) {
      throw new PacketException(
          null,
          "envelope of "
              + (payload == null ? "no" : payload.length)
              + " bytes is shorter than the "
              + MIN_LENGTH
              + "-byte minimum");
    }
    ByteBuffer in = ByteBuffer.wrap(payload);
    int version = in.get() & 0xff;
    if (version != VERSION) {
      throw new PacketException(null, "unsupported envelope version " + version);
    }
    MessageType type = MessageType.fromCode(in.get() & 0xff);
    MessageFormat format = MessageFormat.fromCode(in.get() & 0xff);
    int flags = in.get() & 0xff;
    if ((flags & ~FLAG_CHUNK) != 0) {
      throw new PacketException(null, "unknown envelope flags 0x" + Integer.toHexString(flags));
    }
    long timestamp = in.getLong();
    long correlationId = in.getLong();
    String source = address(in, "source");
    if (!in.hasRemaining()) {
      throw new PacketException(null, "envelope ends before the destination length");
    }
    String destination = address(in, "destination");
    Chunk chunk = null;
    if ((flags & FLAG_CHUNK) != 0) {
      chunk = chunkHeader(in, type);
    }
    byte[] body = Arrays.copyOfRange(payload, in.position(), payload.length);
    Message.Builder builder =
        Message.builder(type)
            .format(format)
            .correlationId(correlationId)
            .chunk(chunk)
            .source(source)
            .destination(destination);
    return builder.timestampMillis(timestamp).buildOwning(body);
  }

  /**
   * Encodes a message as the payloads of as many frames as it needs. A message whose envelope fits
   * in {@code maxPayload} is one payload, as {@link #encode}. A larger {@linkplain
   * MessageType#isChunkable() chunkable} message becomes a chunked transfer: each piece carries the
   * message's fields, the chunk header and a slice of the body, in order.
   *
   * @param message the message, without a chunk header
   * @param maxPayload the largest payload a frame may carry
   * @param transferId the id for the transfer, unique among this sender's transfers in flight
   * @return the payloads, in order
   * @throws OversizedPacketException if the message does not fit and is not chunkable, or {@code
   *     maxPayload} leaves no room for a body slice next to the envelope
   */
  public static List<byte[]> encodeForFrames(Message message, int maxPayload, long transferId) {
    if (message.chunk().isPresent()) {
      throw new IllegalArgumentException("message is already a chunk: " + message);
    }
    byte[] body = message.bodyUnsafe();
    int envelope = encodedLength(message) - body.length;
    if (envelope + body.length <= maxPayload) {
      return List.of(encode(message));
    }
    int slice = maxPayload - envelope - CHUNK_HEADER_LENGTH;
    if (!message.type().isChunkable() || slice <= 0) {
      throw new OversizedPacketException(null, (long) envelope + body.length, maxPayload);
    }
    int count = (body.length + slice - 1) / slice;
    List<byte[]> payloads = new ArrayList<>(count);
    for (int index = 0; index < count; index++) {
      int from = index * slice;
      byte[] piece = Arrays.copyOfRange(body, from, Math.min(body.length, from + slice));
      Chunk chunk = new Chunk(transferId, index, count, body.length);
      payloads.add(encode(message.toBuilder().chunk(chunk).body(piece).buildOwning(piece)));
    }
    return payloads;
  }

  /**
   * Returns the size {@link #encode} produces for {@code message}.
   *
   * @param message the message
   * @return the envelope length in bytes
   */
  public static int encodedLength(Message message) {
    return MIN_LENGTH
        + message.source().getBytes(StandardCharsets.UTF_8).length
        + message.destination().getBytes(StandardCharsets.UTF_8).length
        + (message.chunk().isPresent() ? CHUNK_HEADER_LENGTH : 0)
        + message.bodyLength();
  }

  private static String address(ByteBuffer in, String what) {
    int length = in.get() & 0xff;
    if (in.remaining() < length) {
      throw new PacketException(
          null,
          what + " length " + length + " exceeds the " + in.remaining() + " bytes that follow");
    }
    ByteBuffer bytes = in.slice(in.position(), length);
    in.position(in.position() + length);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw new PacketException(null, what + " is not valid UTF-8", e);
    }
  }

  private static Chunk chunkHeader(ByteBuffer in, MessageType type) {
    if (!type.isChunkable()) {
      throw new PacketException(null, type + " message carries a chunk header");
    }
    if (in.remaining() < CHUNK_HEADER_LENGTH) {
      throw new PacketException(
          null, "envelope ends inside the chunk header (" + in.remaining() + " of 24 bytes)");
    }
    long transferId = in.getLong();
    int index = in.getInt();
    int count = in.getInt();
    long total = in.getLong();
    try {
      return new Chunk(transferId, index, count, total);
    } catch (IllegalArgumentException e) {
      throw new PacketException(null, "bad chunk header: " + e.getMessage(), e);
    }
  }
}
