package com.eq1.network.json.internal;

import com.eq1.network.api.PacketException;
import com.eq1.network.json.JsonReceivedData;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The one Jackson configuration of the bundle and the strict reading and writing built on it.
 *
 * <p>The mapper is built once and never handed out: only its immutable, thread-safe {@link
 * ObjectReader}s and {@link ObjectWriter} are used. Reading limits are those documented on {@link
 * JsonReceivedData}; writing is held to the same nesting depth, so everything written can be read
 * back. Polymorphic typing is never enabled, and class-name type ids ({@code @JsonTypeInfo(use =
 * CLASS)} on an application type) are refused by a validator that allows no class.
 */
public final class StrictJsonCodec {

  /**
   * The limits documented on {@link JsonReceivedData}. Document length and token count stay
   * unlimited (Jackson's defaults): a payload is already in memory and its size is bounded by the
   * framing (1 MiB per frame) or the transfer assembler, so only what makes parsing cost more than
   * the bytes is bounded here.
   */
  private static final StreamReadConstraints READ_CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxNestingDepth(JsonReceivedData.MAX_NESTING_DEPTH)
          .maxStringLength(JsonReceivedData.MAX_STRING_LENGTH)
          .maxNumberLength(JsonReceivedData.MAX_NUMBER_LENGTH)
          .maxNameLength(JsonReceivedData.MAX_NAME_LENGTH)
          .build();

  private static final StreamWriteConstraints WRITE_CONSTRAINTS =
      StreamWriteConstraints.builder().maxNestingDepth(JsonReceivedData.MAX_NESTING_DEPTH).build();

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(READ_CONSTRAINTS)
          .streamWriteConstraints(WRITE_CONSTRAINTS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          // JSON has no NaN or infinity: write them as the bare tokens, which the check after
          // writing rejects, rather than as the strings "NaN" and "Infinity"
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build();

  private static final JsonMapper MAPPER =
      JsonMapper.builder(FACTORY)
          .polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder().build())
          .enable(MapperFeature.BLOCK_UNSAFE_POLYMORPHIC_BASE_TYPES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .build();

  private static final ObjectReader TREE_READER = MAPPER.readerFor(JsonNode.class);
  private static final ObjectReader VALUE_READER = MAPPER.reader();
  private static final ObjectWriter WRITER = MAPPER.writer();

  /** Characters decoded at a time while checking UTF-8; they are thrown away. */
  private static final int UTF8_CHECK_CHUNK = 4096;

  private StrictJsonCodec() {}

  /**
   * Parses a payload strictly: UTF-8 without byte-order mark, exactly one JSON value, no duplicate
   * keys, within the limits.
   *
   * @param payload the bytes; not kept
   * @return the tree
   * @throws NullPointerException if {@code payload} is {@code null}
   * @throws PacketException saying what is wrong and where: a byte offset for bad UTF-8, a line and
   *     column for bad JSON
   */
  public static JsonNode readTree(byte[] payload) {
    requireUtf8(Objects.requireNonNull(payload, "payload"));
    // Jackson guesses UTF-16 or UTF-32 only from a byte-order mark or a zero byte in the first
    // four; requireUtf8 refused both, so the parser reads UTF-8.
    try (JsonParser parser = TREE_READER.createParser(payload)) {
      return readOne(parser);
    } catch (IOException e) { // creating or closing a parser over a byte array does no I/O
      throw new PacketException(null, "cannot read JSON: " + e.getMessage(), e);
    }
  }

  private static JsonNode readOne(JsonParser parser) {
    try {
      if (parser.nextToken() == null) {
        throw new PacketException(null, "no JSON value: the payload is empty or only whitespace");
      }
      JsonNode tree = TREE_READER.readTree(parser);
      if (parser.nextToken() != null) {
        throw new PacketException(
            null,
            "trailing content after the JSON value at "
                + where(parser.currentTokenLocation())
                + ": only one value is allowed");
      }
      return tree;
    } catch (IOException e) {
      throw new PacketException(null, describe(e, parser), e);
    }
  }

  /**
   * Checks JSON text as strictly as {@link #readTree} and drops the whitespace between tokens;
   * everything else, string escapes and number spellings included, stays as written.
   *
   * @param json the text
   * @return the compact UTF-8 encoding
   * @throws NullPointerException if {@code json} is {@code null}
   * @throws IllegalArgumentException saying what is wrong and where
   */
  public static byte[] compact(String json) {
    byte[] utf8 = encodeUtf8(Objects.requireNonNull(json, "json"), "the JSON text");
    try {
      readTree(utf8);
    } catch (PacketException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return stripWhitespace(utf8);
  }

  /** Drops JSON whitespace outside strings; {@code json} is valid JSON in UTF-8. */
  private static byte[] stripWhitespace(byte[] json) {
    byte[] out = new byte[json.length];
    int length = 0;
    boolean inString = false;
    boolean escaped = false;
    for (byte b : json) {
      if (inString) {
        inString = escaped || b != '"';
        escaped = !escaped && b == '\\';
      } else if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
        continue;
      } else {
        inString = b == '"';
      }
      out[length++] = b;
    }
    return Arrays.copyOf(out, length);
  }

  /**
   * Serialises a value compactly and checks that {@link #readTree} accepts the result, so nothing
   * is sent that a receiver using this bundle would reject.
   *
   * @param value any value Jackson can serialise, including a {@link JsonNode}
   * @return the compact UTF-8 encoding
   * @throws NullPointerException if {@code value} is {@code null}
   * @throws IllegalArgumentException if Jackson cannot serialise the value, a string in it has an
   *     unpaired surrogate, or the result breaks a limit or has a duplicate key
   */
  public static byte[] write(Object value) {
    String type = Objects.requireNonNull(value, "value").getClass().getName();
    String text;
    try {
      // via text, not bytes: Jackson's UTF-8 writer escapes characters beyond U+FFFF as surrogate
      // pairs (or, with COMBINE_UNICODE_SURROGATES_IN_UTF8, garbles unpaired surrogates)
      text = WRITER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot write " + type + " as JSON: " + e.getOriginalMessage(), e);
    }
    byte[] utf8 = encodeUtf8(text, "the JSON written for " + type);
    try {
      readTree(utf8);
    } catch (PacketException e) {
      throw new IllegalArgumentException(
          "the JSON written for " + type + " would be rejected on receipt: " + e.getMessage(), e);
    }
    return utf8;
  }

  /**
   * Binds a tree to a type.
   *
   * @param <T> the type
   * @param tree the tree
   * @param type the type
   * @return the value, {@code null} for a JSON {@code null}
   * @throws PacketException if the JSON does not fit the type; names the JSON Pointer of the part
   *     that does not
   * @throws IllegalArgumentException if the type cannot be bound from JSON at all
   */
  public static <T> T convert(JsonNode tree, Class<T> type) {
    Objects.requireNonNull(type, "type");
    return convert(tree, VALUE_READER.forType(type), type.getName());
  }

  /**
   * Binds a tree to a generic type.
   *
   * @param <T> the type
   * @param tree the tree
   * @param type the type
   * @return the value, {@code null} for a JSON {@code null}
   * @throws PacketException if the JSON does not fit the type; names the JSON Pointer of the part
   *     that does not
   * @throws IllegalArgumentException if the type cannot be bound from JSON at all
   */
  public static <T> T convert(JsonNode tree, TypeReference<T> type) {
    Objects.requireNonNull(type, "type");
    return convert(tree, VALUE_READER.forType(type), type.getType().getTypeName());
  }

  private static <T> T convert(JsonNode tree, ObjectReader reader, String typeName) {
    try {
      return reader.readValue(tree);
    } catch (InvalidDefinitionException e) {
      throw new IllegalArgumentException(
          typeName + " cannot be bound from JSON: " + e.getOriginalMessage(), e);
    } catch (JsonMappingException e) {
      throw new PacketException(
          null,
          "JSON does not fit " + typeName + " at " + pointer(e) + ": " + e.getOriginalMessage(),
          e);
    } catch (IOException e) { // a tree source does no I/O; JsonMappingException covers the rest
      throw new PacketException(null, "JSON does not fit " + typeName + ": " + e.getMessage(), e);
    }
  }

  /** The JSON Pointer (RFC 6901) of the failing part; {@code ""} is the whole document. */
  private static String pointer(JsonMappingException e) {
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference step : e.getPath()) {
      pointer.append('/');
      if (step.getFieldName() != null) {
        pointer.append(step.getFieldName().replace("~", "~0").replace("/", "~1"));
      } else {
        pointer.append(step.getIndex());
      }
    }
    return pointer.length() == 0 ? "\"\" (the whole value)" : pointer.toString();
  }

  private static void requireUtf8(byte[] payload) {
    if (payload.length >= 3
        && payload[0] == (byte) 0xEF
        && payload[1] == (byte) 0xBB
        && payload[2] == (byte) 0xBF) {
      throw new PacketException(
          null, "UTF-8 byte-order mark at byte offset 0: JSON must be sent without one");
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(payload);
    CharBuffer scratch = CharBuffer.allocate(UTF8_CHECK_CHUNK);
    CoderResult result;
    while ((result = decoder.decode(in, scratch.clear(), true)).isOverflow()) {
      // the characters are not needed, only the verdict
    }
    if (result.isError()) {
      throw new PacketException(
          null, "invalid UTF-8 at byte offset " + in.position() + " of " + payload.length);
    }
    for (int i = 0; i < payload.length; i++) {
      if (payload[i] == 0) {
        throw new PacketException(
            null, "NUL byte at byte offset " + i + ": JSON allows it only escaped, as \\u0000");
      }
    }
  }

  private static byte[] encodeUtf8(String text, String what) {
    CharBuffer in = CharBuffer.wrap(text);
    try {
      ByteBuffer out =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(in);
      return Arrays.copyOfRange(out.array(), out.arrayOffset(), out.arrayOffset() + out.limit());
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          what + " has an unpaired surrogate at index " + in.position() + ": no UTF-8 encoding", e);
    }
  }

  private static String describe(IOException e, JsonParser parser) {
    String what = e instanceof StreamConstraintsException ? "JSON over a limit" : "malformed JSON";
    JsonLocation location =
        e instanceof JsonProcessingException j && j.getLocation() != null
            ? j.getLocation()
            : parser.currentLocation();
    String detail =
        e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return what + " at " + where(location) + ": " + detail;
  }

  private static String where(JsonLocation location) {
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
