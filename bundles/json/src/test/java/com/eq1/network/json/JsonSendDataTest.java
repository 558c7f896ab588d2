package com.eq1.network.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.data.SendData;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Encoding outgoing values, and round trips through {@link JsonReceivedData}. */
class JsonSendDataTest {

  /**
   * A reading as equipment might send it.
   *
   * @param sensor the sensor name
   * @param value the reading
   * @param samples raw samples
   * @param tags free-form tags
   */
  record Reading(String sensor, double value, List<Integer> samples, Map<String, String> tags) {}

  /** A bean whose any-getter repeats one of its properties: a duplicate key on the wire. */
  static class Clashing {
    /** A property. */
    public int a = 1;

    /**
     * Repeats {@code a}.
     *
     * @return extra properties
     */
    @JsonAnyGetter
    public Map<String, Object> extra() {
      return Map.of("a", 2);
    }
  }

  /** Makes tree nodes. */
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Decodes a payload as UTF-8 text. */
  private static String text(SendData data) {
    return new String(data.toBytes(), UTF_8);
  }

  /** Asserts that a message contains every fragment. */
  private static void assertMessage(Exception e, String... fragments) {
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' lacks " + fragment);
    }
  }

  /** Builds arrays nested {@code depth} deep. */
  private static ArrayNode nested(int depth) {
    ArrayNode root = NODES.arrayNode();
    ArrayNode current = root;
    for (int i = 1; i < depth; i++) {
      current = current.addArray();
    }
    return root;
  }

  // ---------------------------------------------------------------- of(Object)

  /** A record is written compactly in component order and binds back to an equal record. */
  @Test
  void writesRecordsCompactly() {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("line", "3");
    Reading reading = new Reading("s1", 21.5, List.of(1, 2), tags);
    JsonSendData data = JsonSendData.of(reading);
    assertEquals(
        "{\"sensor\":\"s1\",\"value\":21.5,\"samples\":[1,2],\"tags\":{\"line\":\"3\"}}",
        text(data));
    assertEquals(reading, JsonReceivedData.fromBytes(data.toBytes()).as(Reading.class));
  }

  /** Non-ASCII text, including characters beyond U+FFFF, is written as raw UTF-8, not escaped. */
  @Test
  void writesUnicodeAsRawUtf8() {
    JsonSendData data = JsonSendData.of(Map.of("é", "日本語😀"));
    assertEquals("{\"é\":\"日本語😀\"}", text(data));
    String hex = HexFormat.of().formatHex(data.toBytes());
    assertTrue(hex.contains("f09f9880"), hex); // U+1F600 as four bytes, not escaped surrogates
    assertEquals("日本語😀", JsonReceivedData.fromBytes(data.toBytes()).node().get("é").textValue());
  }

  /**
   * Strings survive a round trip.
   *
   * @param value the string
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "plain", "Grüße", "😀", "a😀b€c", "tab\tnl\nnul\u0000", "\"{}\""})
  void stringsRoundTrip(String value) {
    JsonSendData data = JsonSendData.of(value);
    assertEquals(value, JsonReceivedData.fromBytes(data.toBytes()).as(String.class));
  }

  /** A {@code String} given to {@code of} is a JSON string; {@code parse} takes JSON text. */
  @Test
  void aStringIsAJsonStringNotJsonText() {
    assertEquals("\"{\\\"a\\\":1}\"", text(JsonSendData.of("{\"a\":1}")));
    assertEquals("{\"a\":1}", text(JsonSendData.parse("{\"a\":1}")));
  }

  /** Scalars, collections and big numbers are written as JSON. */
  @Test
  void writesScalarsAndCollections() {
    assertEquals("42", text(JsonSendData.of(42)));
    assertEquals("true", text(JsonSendData.of(true)));
    assertEquals("[1,\"a\",null]", text(JsonSendData.of(Arrays.asList(1, "a", null))));
    assertEquals(
        "12345678901234567890", text(JsonSendData.of(new BigInteger("12345678901234567890"))));
    assertEquals("0.10", text(JsonSendData.of(new BigDecimal("0.10"))));
  }

  /** Values Jackson cannot serialise, including cycles, are refused at the sender. */
  @Test
  void refusesWhatJacksonCannotWrite() {
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.of(new Object())),
        "cannot write java.lang.Object as JSON");
    List<Object> loop = new ArrayList<>();
    loop.add(loop);
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.of(loop)),
        "cannot write java.util.ArrayList as JSON",
        "nesting depth");
  }

  /**
   * Output a receiver would reject (duplicate key, long name, long number) is refused at the
   * sender.
   */
  @Test
  void refusesWhatAReceiverWouldReject() {
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.of(new Clashing())),
        "would be rejected on receipt",
        "Duplicate field 'a'");
    String longName = "n".repeat(JsonReceivedData.MAX_NAME_LENGTH + 1);
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.of(Map.of(longName, 1))),
        "would be rejected on receipt",
        "Name length");
    BigInteger huge = BigInteger.TEN.pow(JsonReceivedData.MAX_NUMBER_LENGTH);
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.of(huge)),
        "JSON written for java.math.BigInteger would be rejected on receipt",
        "Number value length");
  }

  /** NaN and infinity are refused rather than turned into strings. */
  @Test
  void refusesNumbersJsonCannotHold() {
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.of(Double.NaN)),
        "would be rejected on receipt",
        "NaN");
    assertThrows(
        IllegalArgumentException.class,
        () -> JsonSendData.of(Map.of("x", Double.NEGATIVE_INFINITY)));
    JsonNode huge = JsonReceivedData.fromBytes("[1e400]".getBytes(UTF_8)).node();
    assertEquals(Double.POSITIVE_INFINITY, huge.get(0).doubleValue());
    assertThrows(IllegalArgumentException.class, () -> JsonSendData.of(huge));
    assertEquals("[1e400]", text(JsonSendData.parse("[1e400]"))); // text is passed on as written
  }

  /** {@code null} is refused; JSON {@code null} is sent as a null node. */
  @Test
  void refusesNull() {
    assertThrows(NullPointerException.class, () -> JsonSendData.of((Object) null));
    assertThrows(NullPointerException.class, () -> JsonSendData.of((JsonNode) null));
    assertThrows(NullPointerException.class, () -> JsonSendData.parse(null));
    assertEquals("null", text(JsonSendData.of(NODES.nullNode())));
  }

  // ---------------------------------------------------------------- of(JsonNode)

  /** A tree is written compactly and later changes to it do not leak into the value. */
  @Test
  void writesTreesAndCopiesThem() {
    ObjectNode tree = NODES.objectNode();
    tree.put("id", 7).putArray("list").add(1.5).add("x").addNull();
    tree.putObject("nested").put("ok", true);
    JsonSendData data = JsonSendData.of(tree);
    assertEquals("{\"id\":7,\"list\":[1.5,\"x\",null],\"nested\":{\"ok\":true}}", text(data));
    tree.put("id", 8);
    assertEquals("{\"id\":7,\"list\":[1.5,\"x\",null],\"nested\":{\"ok\":true}}", text(data));
    assertEquals(tree.put("id", 7), JsonReceivedData.fromBytes(data.toBytes()).node());
  }

  /** Trees nest up to the receiving limit and no deeper. */
  @Test
  void treesNestUpToTheLimit() {
    int max = JsonReceivedData.MAX_NESTING_DEPTH;
    JsonSendData deepest = JsonSendData.of(nested(max));
    assertEquals("[".repeat(max) + "]".repeat(max), text(deepest));
    JsonReceivedData.fromBytes(deepest.toBytes());
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.of(nested(max + 1))),
        "nesting depth");
  }

  /** A received tree can be forwarded unchanged. */
  @Test
  void receivedTreesCanBeSentOn() {
    JsonReceivedData received =
        JsonReceivedData.fromBytes("{ \"a\" : [ 1 , { \"b\" : \"😀\" } ] }".getBytes(UTF_8));
    JsonSendData forwarded = JsonSendData.of(received.node());
    assertEquals("{\"a\":[1,{\"b\":\"😀\"}]}", text(forwarded));
    assertEquals(received, JsonReceivedData.fromBytes(forwarded.toBytes()));
  }

  // ---------------------------------------------------------------- parse(String)

  /** Parsing drops whitespace between tokens and keeps strings, escapes and number spellings. */
  @Test
  void parseDropsOnlyWhitespaceBetweenTokens() {
    JsonSendData data =
        JsonSendData.parse(
            " {\n \"a\" : 1.10 ,\t\"b\" : [ 1e2 , -0.0, 0.12345678901234567890123 ],\r\n"
                + " \"c\" : \"\\u00e9\\/ \\\" {} \" , \"d\" : [ ] , \"e\" : { } } ");
    assertEquals(
        "{\"a\":1.10,\"b\":[1e2,-0.0,0.12345678901234567890123],"
            + "\"c\":\"\\u00e9\\/ \\\" {} \",\"d\":[],\"e\":{}}",
        text(data));
    assertEquals("é/ \" {} ", JsonReceivedData.fromBytes(data.toBytes()).node().get("c").asText());
    assertEquals("\"a\\\\\"", text(JsonSendData.parse(" \"a\\\\\" "))); // escaped backslash
  }

  /** Raw unpaired surrogates are refused; escaped ones are JSON grammar and passed on. */
  @Test
  void unpairedSurrogatesHaveNoUtf8Encoding() {
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.of("a\uD800b")),
        "JSON written for java.lang.String has an unpaired surrogate at index 2");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.of(List.of("\uDC00"))),
        "unpaired surrogate at index 2");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.parse("[\"\uD83D\"]")),
        "the JSON text has an unpaired surrogate at index 2");
    // escaped, it is plain ASCII and valid JSON grammar (RFC 8259 section 8.2): passed on as is
    assertEquals("[\"\\uD83D\"]", text(JsonSendData.parse("[\"\\uD83D\"]")));
  }

  /**
   * Any single JSON value is valid text.
   *
   * @param json the value as text
   */
  @ParameterizedTest
  @ValueSource(strings = {"1", "\"s\"", "true", "null", "[]", "{}", "-12.5E-3"})
  void parseAcceptsAnyValue(String json) {
    assertEquals(json, text(JsonSendData.parse(" " + json + " ")));
  }

  /** Text a receiver would reject is refused with the same message and location. */
  @Test
  void parseRejectsWhatAReceiverWouldReject() {
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.parse(" ")),
        "no JSON value");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.parse("{\n\"a\":}")),
        "malformed JSON at line 2, column 5");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.parse("[1] [2]")),
        "trailing content after the JSON value at line 1, column 5");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.parse("1 x")),
        "malformed JSON at line 1");
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.parse("{\"k\":1,\"k\":1}")),
        "Duplicate field 'k'");
    int depth = JsonReceivedData.MAX_NESTING_DEPTH + 1;
    assertMessage(
        assertThrows(
            IllegalArgumentException.class,
            () -> JsonSendData.parse("[".repeat(depth) + "]".repeat(depth))),
        "JSON over a limit at line 1",
        "nesting depth");
    String number = "1".repeat(JsonReceivedData.MAX_NUMBER_LENGTH + 1);
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> JsonSendData.parse(number)),
        "Number value length");
    assertThrows(IllegalArgumentException.class, () -> JsonSendData.parse("\uFEFF{}"));
    assertThrows(IllegalArgumentException.class, () -> JsonSendData.parse("{'a':1}"));
  }

  // ---------------------------------------------------------------- value semantics

  /** The bytes handed out are a copy. */
  @Test
  void isImmutable() {
    JsonSendData data = JsonSendData.parse("[1]");
    byte[] bytes = data.toBytes();
    bytes[1] = '2';
    assertArrayEquals("[1]".getBytes(UTF_8), data.toBytes());
  }

  /** Values compare by bytes and print as the JSON sent. */
  @Test
  void equalsHashCodeAndToString() {
    JsonSendData a = JsonSendData.parse(" [ 1 , 2 ] ");
    JsonSendData b = JsonSendData.of(List.of(1, 2));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, JsonSendData.of(List.of(2, 1)));
    assertFalse(a.equals("[1,2]"));
    assertEquals("[1,2]", a.toString());
  }
}
