package com.eq1.network.json;

import com.eq1.network.api.data.SendData;
import com.eq1.network.json.internal.StrictJsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON value on its way out (PRD F-06): compact UTF-8 JSON, without byte-order mark.
 *
 * <p>Made from a Jackson tree ({@link #of(JsonNode)}), from any value Jackson can serialise ({@link
 * #of(Object)}: records, beans, maps, lists, strings, numbers) or from JSON text ({@link
 * #parse(String)}). The encoding happens, and is checked, once at construction: whatever a factory
 * returns is accepted by {@link JsonReceivedData#fromBytes}, limits included, so a bad value fails
 * at the sender with an {@link IllegalArgumentException}, not at the receiver. Type information is
 * never written.
 *
 * <p>Immutable and thread-safe. Two values are equal when their encodings are byte for byte equal.
 */
public final class JsonSendData implements SendData {

  private final byte[] json;

  private JsonSendData(byte[] json) {
    this.json = json;
  }

  /**
   * Serialises a Jackson tree. Later changes to the tree do not change this value.
   *
   * @param tree the tree
   * @return the value
   * @throws NullPointerException if {@code tree} is {@code null}; use {@code
   *     JsonNodeFactory.instance.nullNode()} to send JSON {@code null}
   * @throws IllegalArgumentException if the tree breaks one of the limits of {@link
   *     JsonReceivedData} (for example it nests deeper than {@link
   *     JsonReceivedData#MAX_NESTING_DEPTH}), or it holds a NaN or infinite number (such as a
   *     received {@code 1e400}) or a string with an unpaired surrogate
   */
  public static JsonSendData of(JsonNode tree) {
    return new JsonSendData(StrictJsonCodec.write(tree));
  }

  /**
   * Serialises any value Jackson can serialise with its default bean, record and collection rules.
   * A {@link String} becomes a JSON string: to send JSON text as it is, use {@link #parse(String)}.
   *
   * @param value the value
   * @return the value
   * @throws NullPointerException if {@code value} is {@code null}
   * @throws IllegalArgumentException if Jackson cannot serialise the value (for example a class
   *     with no properties, or an object that contains itself), it holds a NaN or infinite number
   *     (JSON has none) or a string with an unpaired surrogate, or the result breaks one of the
   *     limits of {@link JsonReceivedData} or has a duplicate key
   */
  public static JsonSendData of(Object value) {
    return new JsonSendData(StrictJsonCodec.write(value));
  }

  /**
   * Checks JSON text and keeps it in compact form: insignificant whitespace is dropped and strings
   * are re-escaped the way Jackson writes them (same characters); numbers keep their exact text,
   * with no detour through {@code double}.
   *
   * @param json the text: exactly one JSON value
   * @return the value
   * @throws NullPointerException if {@code json} is {@code null}
   * @throws IllegalArgumentException if {@code json} would not pass {@link
   *     JsonReceivedData#fromBytes}: it is empty, malformed, has content after the value or a
   *     duplicate key, or breaks a limit (the message says what and gives the line and column); or
   *     it holds an unpaired surrogate, which has no UTF-8 encoding
   */
  public static JsonSendData parse(String json) {
    return new JsonSendData(StrictJsonCodec.compact(json));
  }

  /**
   * Returns the compact UTF-8 JSON. Does not block.
   *
   * @return a new array holding the payload
   */
  @Override
  public byte[] toBytes() {
    return json.clone();
  }

  /**
   * Compares the encodings.
   *
   * @param other the object to compare with
   * @return {@code true} if {@code other} is a {@code JsonSendData} with the same bytes
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof JsonSendData that && Arrays.equals(json, that.json);
  }

  /**
   * Hashes the encoding.
   *
   * @return a hash consistent with {@link #equals}
   */
  @Override
  public int hashCode() {
    return Arrays.hashCode(json);
  }

  /**
   * Returns the JSON text.
   *
   * @return the compact JSON, as sent
   */
  @Override
  public String toString() {
    return new String(json, StandardCharsets.UTF_8);
  }
}
