package com.eq1.network.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.PacketException;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Strict parsing of received payloads and binding them to Java types. */
class JsonReceivedDataTest {

  /**
   * A reading as equipment might send it.
   *
   * @param sensor the sensor name
   * @param value the reading
   * @param samples raw samples
   */
  record Reading(String sensor, double value, List<Integer> samples) {}

  /**
   * A record with a primitive component.
   *
   * @param count a count
   */
  record Counter(int count) {}

  /**
   * A record whose constructor validates.
   *
   * @param percent 0 to 100
   */
  record Percent(int percent) {
    Percent {
      if (percent < 0 || percent > 100) {
        throw new IllegalArgumentException("percent out of range: " + percent);
      }
    }
  }

  /** A type that asks for class-name type ids, which the bundle must refuse. */
  static class ClassTyped {
    /** Any value, typed by class name. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    public Object value;
  }

  /** A type Jackson cannot construct from JSON. */
  static class NoCreator {
    /**
     * Has no creator Jackson can use.
     *
     * @param a ignored
     * @param b ignored
     */
    NoCreator(int a, int b) {}
  }

  /** Parses text encoded as UTF-8. */
  private static JsonReceivedData read(String json) {
    return JsonReceivedData.fromBytes(json.getBytes(UTF_8));
  }

  /** Asserts that a payload is rejected and returns why. */
  private static PacketException rejected(byte[] payload) {
    return assertThrows(PacketException.class, () -> JsonReceivedData.fromBytes(payload));
  }

  /** Asserts that text encoded as UTF-8 is rejected and returns why. */
  private static PacketException rejected(String json) {
    return rejected(json.getBytes(UTF_8));
  }

  /** Asserts that a message contains every fragment. */
  private static void assertMessage(Exception e, String... fragments) {
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' lacks " + fragment);
    }
  }

  /** Joins UTF-8 text, raw bytes given in hex and more UTF-8 text. */
  private static byte[] concat(String before, String hex, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(UTF_8));
    out.writeBytes(HexFormat.of().parseHex(hex));
    out.writeBytes(after.getBytes(UTF_8));
    return out.toByteArray();
  }

  // ---------------------------------------------------------------- accepted

  /**
   * Any single JSON value is a payload, including scalars and escaped non-BMP characters.
   *
   * @param json the payload as text
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "[]",
        "\"hello\"",
        "\"\"",
        "42",
        "-1.5e3",
        "true",
        "false",
        "null",
        " \t\r\n{\"a\":[1,2,{\"b\":null}]} \n",
        "{\"é😀\":\"日本語 \\u00e9 \\ud83d\\ude00\"}"
      })
  void acceptsOneJsonValueOfAnyKind(String json) {
    JsonReceivedData data = read(json);
    assertEquals(data, read(data.toString()), "compact text reads back to the same tree");
  }

  /** The parsed tree is available with every node type intact. */
  @Test
  void keepsTheTree() {
    JsonNode node = read("{\"a\":[1,2.5,\"x\",true,null],\"b\":{}}").node();
    assertEquals(1, node.get("a").get(0).intValue());
    assertEquals(2.5, node.get("a").get(1).doubleValue());
    assertEquals("x", node.get("a").get(2).textValue());
    assertTrue(node.get("a").get(3).booleanValue());
    assertTrue(node.get("a").get(4).isNull());
    assertTrue(node.get("b").isObject());
    assertEquals("{\"a\":[1,2.5,\"x\",true,null],\"b\":{}}", read(" " + node + " ").toString());
  }

  /** Integers beyond {@code int} and {@code long} keep every digit. */
  @Test
  void integersAreExact() {
    JsonNode node = read("[2147483648, 123456789012345678901234567890]").node();
    assertEquals(2_147_483_648L, node.get(0).longValue());
    assertEquals(new BigInteger("123456789012345678901234567890"), node.get(1).bigIntegerValue());
  }

  /** Text with umlauts, CJK, emoji, NUL, quotes and backslashes survives a round trip. */
  @Test
  void unicodeIncludingNonBmpSurvives() {
    String text = "Grüße 日本語 😀 \u0000 \"quoted\" \\";
    JsonReceivedData data = JsonReceivedData.fromBytes(JsonSendData.of(text).toBytes());
    assertEquals(text, data.node().textValue());
    assertEquals(text, data.as(String.class));
    assertEquals("😀", read("\"\\ud83d\\ude00\"").as(String.class));
  }

  /** Changing the tree handed out does not change the value. */
  @Test
  void nodeIsACopy() {
    JsonReceivedData data = read("{\"a\":1}");
    ((ObjectNode) data.node()).put("a", 2).put("b", 3);
    assertEquals("{\"a\":1}", data.toString());
    assertEquals(1, data.node().get("a").intValue());
  }

  /** Values compare by tree and print as compact JSON. */
  @Test
  void equalsHashCodeAndToString() {
    JsonReceivedData a = read("{ \"x\" : [1, 2] }");
    JsonReceivedData b = read("{\"x\":[1,2]}");
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, read("{\"x\":[2,1]}"));
    assertFalse(a.equals("{\"x\":[1,2]}"));
    assertEquals("{\"x\":[1,2]}", a.toString());
  }

  /** The decoder constant behaves as {@code fromBytes}. */
  @Test
  void decoderIsFromBytes() {
    byte[] payload = "[1]".getBytes(UTF_8);
    assertEquals(JsonReceivedData.fromBytes(payload), JsonReceivedData.DECODER.fromBytes(payload));
    assertThrows(PacketException.class, () -> JsonReceivedData.DECODER.fromBytes(new byte[0]));
  }

  /** The payload array may be reused by the caller after decoding. */
  @Test
  void payloadIsNotKept() {
    byte[] payload = "[1]".getBytes(UTF_8);
    JsonReceivedData data = JsonReceivedData.fromBytes(payload);
    payload[1] = '2';
    assertEquals("[1]", data.toString());
  }

  // ---------------------------------------------------------------- rejected: JSON

  /**
   * An empty or blank payload holds no JSON value.
   *
   * @param json the payload as text
   */
  @ParameterizedTest
  @ValueSource(strings = {"", " ", " \t\r\n "})
  void rejectsAnEmptyPayload(String json) {
    PacketException e = rejected(json);
    assertMessage(e, "no JSON value");
    assertTrue(e.connectionName().isEmpty());
  }

  /**
   * Malformed JSON and where Jackson reports it.
   *
   * @return text and expected location
   */
  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("hello", "line 1, column 6"),
        Arguments.of("{", "line 1, column 2"),
        Arguments.of("[1,2", "line 1, column 5"),
        Arguments.of("{\"a\":1,}", "line 1, column 8"),
        Arguments.of("{'a':1}", "line 1, column 2"),
        Arguments.of("// comment", "line 1, column 1"),
        Arguments.of("NaN", "line 1, column 4"),
        Arguments.of("01", "line 1, column 2"),
        Arguments.of("[1 2]", "line 1, column 4"),
        Arguments.of("\"unterminated", "line 1, column 14"),
        Arguments.of("{\"a\" 1}", "line 1, column 6"),
        Arguments.of("1 x", "line 1, column 4"));
  }

  /**
   * Malformed JSON, including the non-standard extensions, is rejected with its line and column.
   *
   * @param json the payload as text
   * @param where the location expected in the message
   */
  @ParameterizedTest
  @MethodSource("malformed")
  void rejectsMalformedJsonNamingLineAndColumn(String json, String where) {
    assertMessage(rejected(json), "malformed JSON at " + where);
  }

  /** The line number counts line breaks. */
  @Test
  void multiLineErrorsNameTheLine() {
    assertMessage(rejected("{\n  \"a\": 1,\n  \"b\": ]\n}"), "malformed JSON at line 3, column 8");
  }

  /**
   * Payloads with something after the first value.
   *
   * @return text and expected location
   */
  static Stream<Arguments> trailing() {
    return Stream.of(
        Arguments.of("{} {}", "line 1, column 4"),
        Arguments.of("1 2", "line 1, column 3"),
        Arguments.of("\"a\" \"b\"", "line 1, column 5"),
        Arguments.of("[]\n[]", "line 2, column 1"));
  }

  /**
   * A second value after the first is trailing garbage, with its location.
   *
   * @param json the payload as text
   * @param where the location expected in the message
   */
  @ParameterizedTest
  @MethodSource("trailing")
  void rejectsTrailingContent(String json, String where) {
    assertMessage(rejected(json), "trailing content after the JSON value at " + where);
  }

  /** A key twice in one object is rejected at any depth; the same key in sibling objects is not. */
  @Test
  void rejectsDuplicateKeysAtAnyDepth() {
    assertMessage(rejected("{\"a\":1,\"a\":2}"), "Duplicate field 'a'", "line 1, column");
    assertMessage(rejected("[{\"x\":{\"k\":1,\"j\":2,\"k\":3}}]"), "Duplicate field 'k'");
    read("[{\"k\":1},{\"k\":2}]"); // the same key in sibling objects is fine
  }

  /** A {@code null} payload is a programming error. */
  @Test
  void rejectsNull() {
    assertThrows(NullPointerException.class, () -> JsonReceivedData.fromBytes(null));
  }

  // ---------------------------------------------------------------- rejected: encoding

  /**
   * Each kind of malformed UTF-8 is rejected with the offset of its first byte.
   *
   * @param hex the bad bytes inside a JSON string
   * @param offset their expected offset
   */
  @ParameterizedTest
  @CsvSource({
    "C3 28, 6", // bad continuation byte
    "FF, 6", // never valid
    "C0 AF, 6", // overlong '/'
    "ED A0 80, 6", // an encoded surrogate
    "F4 90 80 80, 6", // above U+10FFFF
  })
  void rejectsMalformedUtf8NamingTheOffset(String hex, int offset) {
    byte[] payload = concat("{\"a\":\"", hex.replace(" ", ""), "\"}");
    assertMessage(rejected(payload), "invalid UTF-8 at byte offset " + offset + " of ");
  }

  /** UTF-8 is checked across the chunk boundaries of the checker. */
  @Test
  void longPayloadsAreCheckedToTheEnd() {
    String prefix = "\"" + "é".repeat(10_000);
    assertMessage(
        rejected(concat(prefix, "FF", "\"")), "invalid UTF-8 at byte offset 20001 of 20003");
    assertEquals(10_000, read(prefix + "\"").as(String.class).length());
  }

  /** A sequence cut off by the end of the payload is malformed. */
  @Test
  void rejectsUtf8TruncatedAtTheEnd() {
    assertMessage(rejected(concat("\"ab", "E282", "")), "invalid UTF-8 at byte offset 3 of 5");
  }

  /**
   * A byte-order mark, UTF-16 and raw NUL bytes are refused; Jackson would otherwise guess the
   * encoding.
   */
  @Test
  void rejectsAByteOrderMarkAndOtherEncodings() {
    assertMessage(rejected(concat("", "EFBBBF", "{}")), "byte-order mark");
    assertMessage(rejected("{}".getBytes(java.nio.charset.StandardCharsets.UTF_16)), "UTF-8");
    assertMessage(
        rejected("{}".getBytes(java.nio.charset.StandardCharsets.UTF_16LE)),
        "NUL byte at byte offset 1");
    assertMessage(
        rejected("{}".getBytes(java.nio.charset.StandardCharsets.UTF_16BE)),
        "NUL byte at byte offset 0");
    assertMessage(rejected(concat("{\"a\":\"", "00", "\"}")), "NUL byte at byte offset 6");
    assertEquals("\u0000", read("\"\\u0000\"").as(String.class)); // escaped, it is fine
  }

  // ---------------------------------------------------------------- rejected: limits

  /**
   * Nesting is accepted up to the limit and refused one level beyond, without exhausting the stack.
   */
  @Test
  void nestingUpToTheLimitIsAcceptedBeyondItRejected() {
    int max = JsonReceivedData.MAX_NESTING_DEPTH;
    read("[".repeat(max) + "]".repeat(max));
    read("{\"a\":".repeat(max) + "1" + "}".repeat(max));
    assertMessage(
        rejected("[".repeat(max + 1) + "]".repeat(max + 1)),
        "JSON over a limit at line 1, column",
        "nesting depth");
    assertMessage(rejected("{\"a\":".repeat(max + 1) + "1" + "}".repeat(max + 1)), "nesting");
    assertMessage(rejected("[".repeat(100_000)), "nesting depth"); // no stack overflow
  }

  /** A string of exactly the limit is accepted, one character more is not. */
  @Test
  void stringsUpToTheLimitAreAcceptedLongerOnesRejected() {
    int max = JsonReceivedData.MAX_STRING_LENGTH;
    assertEquals(max, read("\"" + "a".repeat(max) + "\"").as(String.class).length());
    assertMessage(
        rejected("[\"" + "a".repeat(max + 1) + "\"]"),
        "JSON over a limit at line 1, column",
        "String value length");
  }

  /** A property name of exactly the limit is accepted, one character more is not. */
  @Test
  void namesUpToTheLimitAreAcceptedLongerOnesRejected() {
    int max = JsonReceivedData.MAX_NAME_LENGTH;
    read("{\"" + "n".repeat(max) + "\":1}");
    assertMessage(rejected("{\"" + "n".repeat(max + 1) + "\":1}"), "Name length");
  }

  /** Numbers are limited in digits, whatever their form and position. */
  @Test
  void numbersUpToTheLimitAreAcceptedLongerOnesRejected() {
    int max = JsonReceivedData.MAX_NUMBER_LENGTH;
    read("1".repeat(max));
    read("[" + "1".repeat(max) + "]");
    read("-" + "9".repeat(max)); // the sign is not counted
    read("1." + "1".repeat(max - 1)); // nor the point
    read("1." + "1".repeat(max - 3) + "e-12"); // nor the exponent marker and its sign
    assertMessage(rejected("[" + "1".repeat(max + 1) + "]"), "JSON over a limit", "Number");
    assertMessage(rejected("-" + "9".repeat(max + 1)), "Number value length");
    assertMessage(rejected("1." + "1".repeat(max)), "Number value length");
    assertMessage(rejected("1." + "1".repeat(max - 2) + "e-12"), "Number value length");
  }

  // ---------------------------------------------------------------- binding

  /** Records, generic lists and maps bind from the tree. */
  @Test
  void bindsRecordsListsAndMaps() {
    JsonReceivedData data = read("{\"sensor\":\"s1\",\"value\":21.5,\"samples\":[1,2,3]}");
    assertEquals(new Reading("s1", 21.5, List.of(1, 2, 3)), data.as(Reading.class));
    Map<String, Object> map = data.as(new TypeReference<Map<String, Object>>() {});
    assertEquals("s1", map.get("sensor"));
    assertEquals(21.5, map.get("value"));
    assertEquals(List.of(1, 2, 3), map.get("samples"));
    List<Reading> list =
        read("[{\"sensor\":\"a\",\"value\":1,\"samples\":[]}]")
            .as(new TypeReference<List<Reading>>() {});
    assertEquals(List.of(new Reading("a", 1, List.of())), list);
  }

  /** Scalars bind to their boxed types; JSON {@code null} binds to {@code null}. */
  @Test
  void bindsScalarsAndNull() {
    assertEquals("text", read("\"text\"").as(String.class));
    assertEquals(42, read("42").as(Integer.class));
    assertEquals(Boolean.TRUE, read("true").as(Boolean.class));
    assertNull(read("null").as(Reading.class));
    assertNull(read("null").as(new TypeReference<List<String>>() {}));
  }

  /** A value of the wrong kind names the type, the JSON Pointer and the reason. */
  @Test
  void aMismatchNamesTypePointerAndReason() {
    PacketException e =
        assertThrows(
            PacketException.class,
            () -> read("{\"sensor\":\"s\",\"value\":\"warm\",\"samples\":[]}").as(Reading.class));
    assertMessage(e, "JSON does not fit " + Reading.class.getName() + " at /value: ", "double");
    assertTrue(e.connectionName().isEmpty());
  }

  /** The pointer names array indexes. */
  @Test
  void aMismatchInAListNamesTheIndex() {
    PacketException e =
        assertThrows(
            PacketException.class,
            () ->
                read("[{\"sensor\":\"a\",\"value\":1,\"samples\":[]},"
                        + "{\"sensor\":\"b\",\"value\":2,\"samples\":[1,\"x\"]}]")
                    .as(new TypeReference<List<Reading>>() {}));
    assertMessage(e, "java.util.List<", "at /1/samples/1: ");
  }

  /** The pointer escapes {@code /} and {@code ~} as RFC 6901 requires. */
  @Test
  void pointerEscapesSlashAndTilde() {
    PacketException e =
        assertThrows(
            PacketException.class,
            () -> read("{\"a/b~c\":\"x\"}").as(new TypeReference<Map<String, Integer>>() {}));
    assertMessage(e, "at /a~1b~0c: ");
  }

  /** A mismatch at the root names the whole value. */
  @Test
  void aMismatchOfTheWholeValueSaysSo() {
    PacketException e = assertThrows(PacketException.class, () -> read("{}").as(Integer.class));
    assertMessage(e, "JSON does not fit java.lang.Integer at \"\" (the whole value)");
  }

  /** Unknown properties, {@code null} for a primitive and fractions for integers are refused. */
  @Test
  void bindingIsStricterThanJacksonsDefaults() {
    assertMessage(
        assertThrows(
            PacketException.class, () -> read("{\"count\":1,\"extra\":2}").as(Counter.class)),
        "at /extra: ",
        "Unrecognized field");
    assertMessage(
        assertThrows(PacketException.class, () -> read("{\"count\":null}").as(Counter.class)),
        "at /count: ");
    assertMessage(
        assertThrows(PacketException.class, () -> read("{\"count\":1.5}").as(Counter.class)),
        "at /count: ");
    assertEquals(new Counter(7), read("{\"count\":7}").as(Counter.class));
  }

  /** A record constructor that refuses its arguments makes the payload invalid. */
  @Test
  void aFailingConstructorIsABadPayload() {
    PacketException e =
        assertThrows(PacketException.class, () -> read("{\"percent\":101}").as(Percent.class));
    assertMessage(e, "percent out of range: 101");
    assertEquals(new Percent(100), read("{\"percent\":100}").as(Percent.class));
  }

  /** A type Jackson cannot construct is reported as a programming error, not a bad payload. */
  @Test
  void anUnbindableTypeIsAProgrammingError() {
    assertMessage(
        assertThrows(IllegalArgumentException.class, () -> read("{}").as(Runnable.class)),
        "java.lang.Runnable cannot be bound from JSON");
    assertThrows(IllegalArgumentException.class, () -> read("{}").as(NoCreator.class));
  }

  /** Class-name type ids in a payload are refused even where a type asks for them. */
  @Test
  void classNameTypeIdsAreRefused() {
    PacketException e =
        assertThrows(
            PacketException.class,
            () -> read("{\"value\":[\"java.util.ArrayList\",[]]}").as(ClassTyped.class));
    assertMessage(e, "at /value: ", "denied");
  }

  /** A payload shaped like a default-typing type id binds as plain data. */
  @Test
  void noDefaultTyping() {
    Object value = read("[\"java.net.URL\",\"http://example.com\"]").as(Object.class);
    assertInstanceOf(List.class, value);
    assertEquals(List.of("java.net.URL", "http://example.com"), value);
  }

  /** A {@code null} type is a programming error. */
  @Test
  void bindingRejectsNullType() {
    JsonReceivedData data = read("1");
    assertThrows(NullPointerException.class, () -> data.as((Class<?>) null));
    assertThrows(NullPointerException.class, () -> data.as((TypeReference<?>) null));
  }
}
