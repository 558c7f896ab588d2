package com.eq1.network.packet;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed message envelope: type, body format, timestamp, source, destination, correlation id and
 * body, plus the chunk header of one piece of a chunked transfer. Encoded by {@link MessageCodec};
 * layout in {@code docs/wire-format.md}.
 *
 * <p>Immutable: the body is copied in and out. Source and destination are UTF-8 strings of at most
 * {@value #MAX_ADDRESS_BYTES} bytes, empty when unused. A correlation id of 0 means none.
 */
public final class Message {

  /** The longest source or destination, in UTF-8 bytes. */
  public static final int MAX_ADDRESS_BYTES = 255;

  private final MessageType type;
  private final MessageFormat format;
  private final long timestampMillis;
  private final String source;
  private final String destination;
  private final long correlationId;
  private final byte[] body;
  private final Chunk chunk;

  private Message(Builder b, byte[] body) {
    this.type = b.type;
    this.format = b.format;
    this.timestampMillis = b.timestampMillis;
    this.source = b.source;
    this.destination = b.destination;
    this.correlationId = b.correlationId;
    this.body = body;
    this.chunk = b.chunk;
  }

  /**
   * Starts a message of the given type: format {@link MessageFormat#BINARY}, timestamp now, no
   * source, destination or correlation id, empty body.
   *
   * @param type the message type
   * @return a builder
   */
  public static Builder builder(MessageType type) {
    return new Builder(type);
  }

  /**
   * Returns a builder holding this message's fields, to derive a changed copy.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(type);
    b.format = format;
    b.timestampMillis = timestampMillis;
    b.source = source;
    b.destination = destination;
    b.correlationId = correlationId;
    b.body = body;
    b.chunk = chunk;
    return b;
  }

  /**
   * Returns the message type.
   *
   * @return the type
   */
  public MessageType type() {
    return type;
  }

  /**
   * Returns the body's format.
   *
   * @return the format
   */
  public MessageFormat format() {
    return format;
  }

  /**
   * Returns when the sender created the message, to the millisecond.
   *
   * @return the timestamp
   */
  public Instant timestamp() {
    return Instant.ofEpochMilli(timestampMillis);
  }

  /**
   * Returns the timestamp as milliseconds since the epoch.
   *
   * @return the timestamp in milliseconds
   */
  public long timestampMillis() {
    return timestampMillis;
  }

  /**
   * Returns the sender's name.
   *
   * @return the source; empty if none
   */
  public String source() {
    return source;
  }

  /**
   * Returns the intended receiver's name.
   *
   * @return the destination; empty if none
   */
  public String destination() {
    return destination;
  }

  /**
   * Returns the id that ties a reply to its request.
   *
   * @return the correlation id; 0 if none
   */
  public long correlationId() {
    return correlationId;
  }

  /**
   * Returns the body.
   *
   * @return a copy of the body
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * Returns the body's length without copying it.
   *
   * @return the length in bytes
   */
  public int bodyLength() {
    return body.length;
  }

  /**
   * Returns the chunk header if this message is one piece of a chunked transfer.
   *
   * @return the chunk header, or empty for a whole message
   */
  public Optional<Chunk> chunk() {
    return Optional.ofNullable(chunk);
  }

  byte[] bodyUnsafe() {
    return body;
  }

  Chunk chunkOrNull() {
    return chunk;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Message m
        && type == m.type
        && format == m.format
        && timestampMillis == m.timestampMillis
        && source.equals(m.source)
        && destination.equals(m.destination)
        && correlationId == m.correlationId
        && Arrays.equals(body, m.body)
        && Objects.equals(chunk, m.chunk);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, format, timestampMillis, source, destination, correlationId, chunk)
            * 31
        + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "Message[type="
        + type
        + ", format="
        + format
        + ", timestamp="
        + timestamp()
        + ", source="
        + source
        + ", destination="
        + destination
        + ", correlationId="
        + correlationId
        + ", body="
        + body.length
        + " bytes"
        + (chunk == null ? "" : ", " + chunk)
        + "]";
  }

  /** Builds a {@link Message}. Not thread-safe. */
  public static final class Builder {

    private final MessageType type;
    private MessageFormat format = MessageFormat.BINARY;
    private long timestampMillis = System.currentTimeMillis();
    private String source = "";
    private String destination = "";
    private long correlationId;
    private byte[] body = new byte[0];
    private Chunk chunk;

    private Builder(MessageType type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    /**
     * Sets the body's format.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(MessageFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      return this;
    }

    /**
     * Sets the timestamp; it is kept to the millisecond.
     *
     * @param timestamp the timestamp
     * @return this builder
     */
    public Builder timestamp(Instant timestamp) {
      this.timestampMillis = timestamp.toEpochMilli();
      return this;
    }

    /**
     * Sets the timestamp in milliseconds since the epoch.
     *
     * @param timestampMillis the timestamp
     * @return this builder
     */
    public Builder timestampMillis(long timestampMillis) {
      this.timestampMillis = timestampMillis;
      return this;
    }

    /**
     * Sets the sender's name.
     *
     * @param source at most 255 UTF-8 bytes; empty for none
     * @return this builder
     * @throws IllegalArgumentException if longer, or not encodable as UTF-8 (unpaired surrogate)
     */
    public Builder source(String source) {
      this.source = address("source", source);
      return this;
    }

    /**
     * Sets the intended receiver's name.
     *
     * @param destination at most 255 UTF-8 bytes; empty for none
     * @return this builder
     * @throws IllegalArgumentException if longer, or not encodable as UTF-8 (unpaired surrogate)
     */
    public Builder destination(String destination) {
      this.destination = address("destination", destination);
      return this;
    }

    /**
     * Sets the correlation id.
     *
     * @param correlationId any value; 0 means none
     * @return this builder
     */
    public Builder correlationId(long correlationId) {
      this.correlationId = correlationId;
      return this;
    }

    /**
     * Sets the body; the array is copied when the message is built.
     *
     * @param body the body
     * @return this builder
     */
    public Builder body(byte[] body) {
      this.body = Objects.requireNonNull(body, "body");
      return this;
    }

    /**
     * Sets the format and body from a data value.
     *
     * @param data the value; its {@link FormattedData#format()} becomes the message format
     * @return this builder
     */
    public Builder data(FormattedData data) {
      this.format = data.format();
      this.body = data.toBytes();
      return this;
    }

    /**
     * Marks the message as one piece of a chunked transfer.
     *
     * @param chunk the chunk header, or {@code null} for a whole message
     * @return this builder
     */
    public Builder chunk(Chunk chunk) {
      this.chunk = chunk;
      return this;
    }

    /**
     * Builds the message.
     *
     * @return the message
     * @throws IllegalArgumentException if a chunk header is set on a type that is not {@linkplain
     *     MessageType#isChunkable() chunkable}
     */
    public Message build() {
      if (chunk != null && !type.isChunkable()) {
        throw new IllegalArgumentException(type + " messages cannot be chunked");
      }
      return new Message(this, body.clone());
    }

    /** Builds without copying the body: for the codec, which owns the array. */
    Message buildOwning(byte[] ownedBody) {
      this.body = ownedBody;
      if (chunk != null && !type.isChunkable()) {
        throw new IllegalArgumentException(type + " messages cannot be chunked");
      }
      return new Message(this, ownedBody);
    }

    private static String address(String what, String value) {
      Utf8.requireEncodable(what, Objects.requireNonNull(value, what));
      int bytes = value.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_ADDRESS_BYTES) {
        throw new IllegalArgumentException(
            what + " is " + bytes + " UTF-8 bytes, the limit is " + MAX_ADDRESS_BYTES);
      }
      return value;
    }
  }
}
