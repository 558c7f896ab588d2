package com.eq1.network.json;

import com.eq1.network.api.PacketException;
import com.eq1.network.api.data.ReceivedData;
import com.eq1.network.json.internal.StrictJsonCodec;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A received JSON value (PRD F-06), parsed strictly from its payload and kept as a Jackson tree.
 *
 * <p>{@link #fromBytes} accepts exactly what RFC 8259 calls a JSON text, encoded as UTF-8 without a
 * byte-order mark: one value of any kind (object, array, string, number, {@code true}, {@code
 * false}, {@code null}) with optional surrounding whitespace. It rejects, with a {@link
 * PacketException} naming the byte offset or the line and column (counted in bytes):
 *
 * <ul>
 *   <li>malformed UTF-8 (including overlong forms and encoded surrogates), a byte-order mark and
 *       NUL bytes (which also rules out UTF-16 and UTF-32);
 *   <li>malformed JSON, including comments, single quotes, {@code NaN} and leading zeros;
 *   <li>an empty payload and content after the value ({@code {} {}}, {@code 1 x});
 *   <li>an object with the same key twice;
 *   <li>input over one of the limits below.
 * </ul>
 *
 * <p>Limits, fixed for every connection so both ends agree. They bound the work an untrusted peer
 * can cause; the size of a whole payload is bounded by the framing (1 MiB per frame), not here.
 *
 * <ul>
 *   <li>{@value #MAX_NESTING_DEPTH} levels of nested arrays and objects ({@link
 *       #MAX_NESTING_DEPTH});
 *   <li>{@value #MAX_STRING_LENGTH} characters in a string value ({@link #MAX_STRING_LENGTH});
 *   <li>{@value #MAX_NAME_LENGTH} characters in a property name ({@link #MAX_NAME_LENGTH});
 *   <li>{@value #MAX_NUMBER_LENGTH} digits in a number ({@link #MAX_NUMBER_LENGTH}).
 * </ul>
 *
 * <p>Integers are held exactly (as {@code int}, {@code long} or {@code BigInteger}); numbers with a
 * fraction or exponent as {@code double}, as Jackson does by default, so one beyond its range, such
 * as {@code 1e400}, is held as infinity.
 *
 * <p>Immutable and thread-safe: {@link #node()} hands out copies. Two values are equal when their
 * trees are equal.
 */
public final class JsonReceivedData implements ReceivedData {

  /**
   * The deepest nesting of arrays and objects accepted (and written by {@link JsonSendData}).
   * Equipment payloads rarely go beyond ten levels; 64 keeps Jackson's recursive tree handling far
   * from the end of even a small thread stack.
   */
  public static final int MAX_NESTING_DEPTH = 64;

  /**
   * The longest string value accepted, in UTF-16 characters: 1 MiB, the payload limit of one frame,
   * which no string in a single frame can exceed (Jackson's default is 20 million).
   */
  public static final int MAX_STRING_LENGTH = 1_048_576;

  /**
   * The longest property name accepted, in characters. Names are identifiers; Jackson's default of
   * 50,000 only serves a peer that wants to waste memory.
   */
  public static final int MAX_NAME_LENGTH = 1024;

  /**
   * The longest number accepted, in digits: those of the integer part, the fraction and the
   * exponent together (sign, point and {@code e} are not counted). Far beyond any {@code long} (19
   * digits) or {@code double} (17 significant digits), yet small enough that converting to {@code
   * BigInteger} or {@code BigDecimal}, which costs more than linear time, stays cheap (Jackson's
   * default is 1000).
   */
  public static final int MAX_NUMBER_LENGTH = 256;

  /** Decodes payloads with {@link #fromBytes}, for managers and data packages. */
  public static final ReceivedData.Decoder<JsonReceivedData> DECODER = JsonReceivedData::fromBytes;

  private final JsonNode tree;

  private JsonReceivedData(JsonNode tree) {
    this.tree = tree;
  }

  /**
   * Parses a payload strictly, as described on this class. Does not block.
   *
   * @param payload the bytes; not kept
   * @return the value
   * @throws NullPointerException if {@code payload} is {@code null}
   * @throws PacketException if the payload is not one valid JSON value in UTF-8 within the limits;
   *     the message says what is wrong and gives the byte offset (bad UTF-8) or the line and column
   *     (bad JSON)
   */
  public static JsonReceivedData fromBytes(byte[] payload) {
    return new JsonReceivedData(StrictJsonCodec.readTree(payload));
  }

  /**
   * Returns the JSON tree.
   *
   * @return a deep copy of the tree; changing it changes neither this value nor later copies
   */
  public JsonNode node() {
    return tree.deepCopy();
  }

  /**
   * Binds the value to a Java type with Jackson: a record, a bean, a {@code Map}, a {@code String},
   * a boxed number, and so on. Binding is strict where Jackson's defaults are lax: an unknown
   * property, {@code null} for a primitive and a fraction for an integer are errors. Class-name
   * type ids ({@code @JsonTypeInfo(use = CLASS)}) are refused.
   *
   * @param <T> the type
   * @param type the class to bind to
   * @return the value, or {@code null} if the JSON value is {@code null}
   * @throws NullPointerException if {@code type} is {@code null}
   * @throws PacketException if the JSON does not fit the type; the message names the type, the JSON
   *     Pointer of the part that does not fit and why
   * @throws IllegalArgumentException if Jackson cannot bind the type from JSON at all (for example
   *     it has no usable constructor): a programming error, not a bad payload
   */
  public <T> T as(Class<T> type) {
    return StrictJsonCodec.convert(tree, type);
  }

  /**
   * Binds the value to a generic Java type, for example {@code new TypeReference<List<Sample>>()
   * {}}. Otherwise as {@link #as(Class)}.
   *
   * @param <T> the type
   * @param type the type to bind to
   * @return the value, or {@code null} if the JSON value is {@code null}
   * @throws NullPointerException if {@code type} is {@code null}
   * @throws PacketException if the JSON does not fit the type; the message names the type, the JSON
   *     Pointer of the part that does not fit and why
   * @throws IllegalArgumentException if Jackson cannot bind the type from JSON at all
   */
  public <T> T as(TypeReference<T> type) {
    return StrictJsonCodec.convert(tree, type);
  }

  /**
   * Compares the JSON trees.
   *
   * @param other the object to compare with
   * @return {@code true} if {@code other} is a {@code JsonReceivedData} with an equal tree
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof JsonReceivedData that && tree.equals(that.tree);
  }

  /**
   * Hashes the JSON tree.
   *
   * @return a hash consistent with {@link #equals}
   */
  @Override
  public int hashCode() {
    return tree.hashCode();
  }

  /**
   * Returns the value as compact JSON text.
   *
   * @return the JSON text
   */
  @Override
  public String toString() {
    return tree.toString();
  }
}
