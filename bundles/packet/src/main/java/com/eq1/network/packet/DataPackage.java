package com.eq1.network.packet;

import com.eq1.network.api.PacketException;
import com.eq1.network.api.data.ReceivedData;
import com.eq1.network.api.data.SendData;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A packet structure bundled with its data classes: the framing a connection uses, the format given
 * to plain {@link SendData} values on the way out, and a decoder per {@link MessageFormat} for
 * bodies on the way in.
 *
 * <p>The three standard packages frame with {@link NetworkPacketStructure} (1 MiB) and decode TEXT
 * to {@link TextData}, BINARY to {@link BinaryData} and INT to {@link IntData}; they differ in the
 * default format. Derive others with {@link #withStructure} and {@link #withDecoder}, for example
 * to decode BINARY bodies into an equipment's own record type. Immutable and thread-safe.
 */
public final class DataPackage {

  /** Length framing; plain {@link SendData} goes out as {@link MessageFormat#TEXT}. */
  public static final DataPackage TEXT_PACKAGE = standard(MessageFormat.TEXT);

  /** Length framing; plain {@link SendData} goes out as {@link MessageFormat#BINARY}. */
  public static final DataPackage BINARY_PACKAGE = standard(MessageFormat.BINARY);

  /** Length framing; plain {@link SendData} goes out as {@link MessageFormat#INT}. */
  public static final DataPackage INT_PACKAGE = standard(MessageFormat.INT);

  private final StreamingPacketStructure structure;
  private final MessageFormat format;
  private final Map<MessageFormat, ReceivedData.Decoder<?>> decoders;

  private DataPackage(
      StreamingPacketStructure structure,
      MessageFormat format,
      Map<MessageFormat, ReceivedData.Decoder<?>> decoders) {
    this.structure = Objects.requireNonNull(structure, "structure");
    this.format = Objects.requireNonNull(format, "format");
    this.decoders = decoders;
  }

  private static DataPackage standard(MessageFormat format) {
    Map<MessageFormat, ReceivedData.Decoder<?>> decoders = new EnumMap<>(MessageFormat.class);
    decoders.put(MessageFormat.TEXT, TextData::fromBytes);
    decoders.put(MessageFormat.BINARY, BinaryData::fromBytes);
    decoders.put(MessageFormat.INT, IntData::fromBytes);
    return new DataPackage(new NetworkPacketStructure(), format, decoders);
  }

  /**
   * Returns the framing.
   *
   * @return the packet structure
   */
  public StreamingPacketStructure structure() {
    return structure;
  }

  /**
   * Returns the format given to {@link SendData} values that are not {@link FormattedData}.
   *
   * @return the default format
   */
  public MessageFormat format() {
    return format;
  }

  /**
   * Returns a copy of this package with another framing.
   *
   * @param structure the framing
   * @return the new package
   */
  public DataPackage withStructure(StreamingPacketStructure structure) {
    return new DataPackage(structure, format, decoders);
  }

  /**
   * Returns a copy of this package that decodes bodies of {@code bodyFormat} with {@code decoder}.
   *
   * @param bodyFormat the format
   * @param decoder the decoder
   * @return the new package
   */
  public DataPackage withDecoder(MessageFormat bodyFormat, ReceivedData.Decoder<?> decoder) {
    Map<MessageFormat, ReceivedData.Decoder<?>> copy = new EnumMap<>(decoders);
    copy.put(bodyFormat, Objects.requireNonNull(decoder, "decoder"));
    return new DataPackage(structure, format, copy);
  }

  /**
   * Returns the format {@code data} goes out in: its own if it is {@link FormattedData}, else this
   * package's default.
   *
   * @param data the value
   * @return the format
   */
  public MessageFormat formatOf(SendData data) {
    return data instanceof FormattedData formatted ? formatted.format() : format;
  }

  /**
   * Decodes a body with the decoder for its format.
   *
   * @param bodyFormat the format named in the envelope
   * @param body the body
   * @return the value
   * @throws PacketException if the body is not a valid encoding of its format
   */
  public ReceivedData decode(MessageFormat bodyFormat, byte[] body) {
    ReceivedData.Decoder<?> decoder = decoders.get(bodyFormat);
    ReceivedData value = decoder.fromBytes(body);
    if (value == null) {
      throw new PacketException(null, "the " + bodyFormat + " decoder returned nothing");
    }
    return value;
  }

  @Override
  public String toString() {
    return "DataPackage[structure=" + structure + ", format=" + format + "]";
  }
}
