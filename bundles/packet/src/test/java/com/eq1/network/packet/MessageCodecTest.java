package com.eq1.network.packet;

import static com.eq1.network.packet.TestBytes.ascii;
import static com.eq1.network.packet.TestBytes.concat;
import static com.eq1.network.packet.TestBytes.hex;
import static com.eq1.network.packet.TestBytes.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCodecTest {

  private static final long T = 1767225600000L;

  static Stream<Arguments> typesAndFormats() {
    List<Arguments> out = new ArrayList<>();
    for (MessageType type : MessageType.values()) {
      for (MessageFormat format : MessageFormat.values()) {
        out.add(Arguments.of(type, format));
      }
    }
    return out.stream();
  }

  private static byte[] bodyFor(MessageFormat format) {
    return switch (format) {
      case TEXT -> new TextData("héllo wörld €").toBytes();
      case BINARY -> new byte[] {0, -1, 2, -128, 127, 36, 10};
      case INT -> new IntData(-123456).toBytes();
    };
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("typesAndFormats")
  void roundTripOfEveryTypeAndFormat(MessageType type, MessageFormat format) {
    Message message =
        Message.builder(type)
            .format(format)
            .timestampMillis(-12345L)
            .source("src-" + type)
            .destination("dst")
            .correlationId(Long.MIN_VALUE + type.code())
            .body(bodyFor(format))
            .build();
    byte[] encoded = MessageCodec.encode(message);
    assertEquals(MessageCodec.encodedLength(message), encoded.length);
    assertEquals(MessageCodec.VERSION, encoded[0]);
    assertEquals(type.code(), encoded[1]);
    assertEquals(format.code(), encoded[2]);
    assertEquals(0, encoded[3]);
    Message decoded = MessageCodec.decode(encoded);
    assertEquals(message, decoded);
    assertEquals(message.hashCode(), decoded.hashCode());
    assertEquals(Optional.empty(), decoded.chunk());
    assertArrayEquals(bodyFor(format), decoded.body());
    if (type.isChunkable()) {
      Message chunk = message.toBuilder().chunk(new Chunk(-5, 2, 3, 99)).build();
      byte[] chunkEncoded = MessageCodec.encode(chunk);
      assertEquals(encoded.length + MessageCodec.CHUNK_HEADER_LENGTH, chunkEncoded.length);
      assertEquals(1, chunkEncoded[3]);
      assertEquals(chunk, MessageCodec.decode(chunkEncoded));
    }
  }

  @Test
  void emptyAddressesAndBody() {
    Message message = Message.builder(MessageType.STATUS).timestampMillis(Long.MAX_VALUE).build();
    byte[] encoded = MessageCodec.encode(message);
    assertEquals(MessageCodec.MIN_LENGTH, encoded.length);
    assertEquals(message, MessageCodec.decode(encoded));
  }

  static Stream<String> longestAddresses() {
    return Stream.of(
        "a".repeat(255), "é".repeat(127) + "a", "€".repeat(85), "😀".repeat(63) + "abc", "");
  }

  @ParameterizedTest
  @MethodSource("longestAddresses")
  void addressesUpTo255Utf8Bytes(String address) {
    assertTrue(utf8(address).length <= Message.MAX_ADDRESS_BYTES);
    Message message =
        Message.builder(MessageType.DATA)
            .timestampMillis(T)
            .source(address)
            .destination(address)
            .build();
    byte[] encoded = MessageCodec.encode(message);
    assertEquals(utf8(address).length, encoded[20] & 0xff);
    Message decoded = MessageCodec.decode(encoded);
    assertEquals(address, decoded.source());
    assertEquals(address, decoded.destination());
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 300})
  void addressesOf256BytesAreRejected(int bytes) {
    String ascii = "a".repeat(bytes);
    Message.Builder builder = Message.builder(MessageType.DATA);
    assertThrows(IllegalArgumentException.class, () -> builder.source(ascii));
    assertThrows(IllegalArgumentException.class, () -> builder.destination(ascii));
  }

  @Test
  void addressLimitCountsBytesNotChars() {
    String twoByteChars = "é".repeat(128); // 128 chars, 256 bytes
    Message.Builder builder = Message.builder(MessageType.DATA);
    assertThrows(IllegalArgumentException.class, () -> builder.source(twoByteChars));
    assertThrows(IllegalArgumentException.class, () -> builder.destination(twoByteChars));
    assertThrows(NullPointerException.class, () -> builder.source(null));
  }

  @Test
  void addressWithAnUnpairedSurrogateIsRejected() {
    Message.Builder builder = Message.builder(MessageType.DATA).timestampMillis(T);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder.source("x\uD800"));
    assertTrue(e.getMessage().contains("source has an unpaired surrogate at index 1"));
    assertThrows(IllegalArgumentException.class, () -> builder.destination("\uDC00y"));
    assertEquals("\uD83D\uDE00", builder.source("\uD83D\uDE00").build().source());
  }

  // ---------------------------------------------------------------- decode rejections

  /** An envelope with the given header bytes, zero timestamp and correlation id, then rest. */
  private static byte[] raw(int version, int type, int format, int flags, String rest) {
    byte[] head = {(byte) version, (byte) type, (byte) format, (byte) flags};
    return concat(head, new byte[16], rest.isEmpty() ? new byte[0] : hex(rest));
  }

  private static void assertRejected(byte[] payload, String messagePart) {
    PacketException e = assertThrows(PacketException.class, () -> MessageCodec.decode(payload));
    assertFalse(e instanceof OversizedPacketException);
    assertTrue(
        e.getMessage().contains(messagePart),
        "'" + e.getMessage() + "' lacks '" + messagePart + "'");
  }

  @Test
  void theRawHelperBuildsAValidEnvelope() {
    Message message = MessageCodec.decode(raw(1, 2, 2, 0, "00 00 AA"));
    assertEquals(MessageType.DATA, message.type());
    assertArrayEquals(new byte[] {(byte) 0xAA}, message.body());
  }

  @Test
  void rejectsShortInput() {
    assertRejected(null, "shorter");
    assertRejected(new byte[0], "shorter");
    assertRejected(new byte[21], "shorter");
    assertRejected(java.util.Arrays.copyOf(hex(WireFormatVectorsTest.V2), 21), "shorter");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 255})
  void rejectsOtherVersions(int version) {
    assertRejected(raw(version, 2, 2, 0, "00 00"), "version " + version);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 9, 255})
  void rejectsUnknownTypes(int type) {
    assertRejected(raw(1, type, 2, 0, "00 00"), "type code " + type);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 4, 255})
  void rejectsUnknownFormats(int format) {
    assertRejected(raw(1, 2, format, 0, "00 00"), "format code " + format);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x02, 0x03, 0x80, 0xFF})
  void rejectsUnknownFlagBits(int flags) {
    assertRejected(raw(1, 7, 2, flags, "00 00"), "flags");
  }

  @Test
  void rejectsAddressLengthsPastTheEnd() {
    assertRejected(raw(1, 2, 2, 0, "05 00"), "source length 5");
    assertRejected(raw(1, 2, 2, 0, "00 01"), "destination length 1");
    assertRejected(raw(1, 2, 2, 0, "02 41 42 03 43 44"), "destination length 3");
    // the source takes the byte that should have been the destination length
    assertRejected(raw(1, 2, 2, 0, "01 41"), "destination length");
    assertRejected(raw(1, 2, 2, 0, "FF 00"), "source length 255");
  }

  @ParameterizedTest
  @ValueSource(strings = {"C3 28", "FF", "E2 82", "ED A0 80", "C0 AF"})
  void rejectsInvalidUtf8InAddresses(String bad) {
    int length = hex(bad).length;
    String lengthHex = String.format("%02X", length);
    assertRejected(raw(1, 2, 2, 0, lengthHex + " " + bad + " 00"), "source is not valid UTF-8");
    assertRejected(raw(1, 2, 2, 0, "00 " + lengthHex + " " + bad), "destination is not valid");
  }

  @Test
  void rejectsAChunkHeaderOnTypesThatCannotBeChunked() {
    String chunk = "00 00 00 00 00 00 00 07 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 00";
    for (MessageType type : MessageType.values()) {
      byte[] payload = raw(1, type.code(), 2, 1, "00 00 " + chunk);
      if (type.isChunkable()) {
        assertEquals(new Chunk(7, 0, 1, 0), MessageCodec.decode(payload).chunk().orElseThrow());
      } else {
        assertRejected(payload, "chunk header");
      }
    }
  }

  @Test
  void rejectsATruncatedChunkHeader() {
    assertRejected(raw(1, 7, 2, 1, "00 00"), "inside the chunk header (0 of 24");
    assertRejected(raw(1, 8, 2, 1, "00 00 01 02 03 04 05 06 07 08 09 0A"), "(10 of 24");
  }

  /** A FILE_TRANSFER chunk header with the given fields. */
  private static byte[] chunkEnvelope(int index, int count, long total) {
    ByteBuffer header = ByteBuffer.allocate(24).putLong(7).putInt(index).putInt(count);
    header.putLong(total);
    return concat(raw(1, 7, 2, 1, "00 00"), header.array(), new byte[] {1, 2});
  }

  @Test
  void rejectsBadChunkHeaderFields() {
    assertEquals(
        new Chunk(7, 1, 3, 10), MessageCodec.decode(chunkEnvelope(1, 3, 10)).chunk().get());
    assertRejected(chunkEnvelope(0, 0, 10), "bad chunk header");
    assertRejected(chunkEnvelope(0, -1, 10), "bad chunk header");
    assertRejected(chunkEnvelope(3, 3, 10), "bad chunk header");
    assertRejected(chunkEnvelope(4, 3, 10), "bad chunk header");
    assertRejected(chunkEnvelope(-1, 3, 10), "bad chunk header");
    assertRejected(chunkEnvelope(0, 1, -1), "bad chunk header");
    assertRejected(chunkEnvelope(0, 1, Long.MIN_VALUE), "bad chunk header");
  }

  @Test
  void decodedBodyIsACopy() {
    byte[] payload = raw(1, 2, 2, 0, "00 00 01 02");
    Message message = MessageCodec.decode(payload);
    payload[22] = 9;
    assertArrayEquals(new byte[] {1, 2}, message.body());
  }

  // ---------------------------------------------------------------- encodeForFrames

  @Test
  void smallMessageIsOnePayload() {
    Message message = WireFormatVectorsTest.v1();
    List<byte[]> payloads = MessageCodec.encodeForFrames(message, 1024, 1);
    assertEquals(1, payloads.size());
    assertArrayEquals(MessageCodec.encode(message), payloads.get(0));
  }

  @Test
  void messageExactlyAtTheLimitIsOnePayload() {
    Message message =
        Message.builder(MessageType.BULK_DATA).timestampMillis(T).body(new byte[78]).build();
    assertEquals(100, MessageCodec.encodedLength(message));
    List<byte[]> payloads = MessageCodec.encodeForFrames(message, 100, 1);
    assertEquals(1, payloads.size());
    assertFalse(MessageCodec.decode(payloads.get(0)).chunk().isPresent());
    assertEquals(2, MessageCodec.encodeForFrames(message, 99, 1).size());
  }

  @Test
  void largeBulkDataIsChunkedAndReassembled() {
    byte[] body = new byte[3 * 1024 * 1024];
    new Random(3).nextBytes(body);
    Message message =
        Message.builder(MessageType.BULK_DATA)
            .timestampMillis(T)
            .source("camera-1")
            .destination("archive")
            .correlationId(77)
            .body(body)
            .build();
    int maxPayload = NetworkPacketStructure.MAX_PAYLOAD;
    List<byte[]> payloads = MessageCodec.encodeForFrames(message, maxPayload, 99);
    assertEquals(4, payloads.size());

    NetworkPacketStructure structure = new NetworkPacketStructure();
    TransferAssembler assembler =
        new TransferAssembler("c", body.length, 1, Duration.ofMinutes(1), () -> 0L);
    Optional<Message> result = Optional.empty();
    long total = 0;
    for (int i = 0; i < payloads.size(); i++) {
      byte[] payload = payloads.get(i);
      assertTrue(payload.length <= maxPayload, "payload " + i + " is " + payload.length);
      Message piece = MessageCodec.decode(structure.fromPacket(structure.toPacket(payload)));
      Chunk chunk = piece.chunk().orElseThrow();
      assertEquals(new Chunk(99, i, payloads.size(), body.length), chunk);
      assertEquals("camera-1", piece.source());
      assertEquals(77, piece.correlationId());
      total += piece.bodyLength();
      assertTrue(result.isEmpty());
      result = assembler.accept(piece);
    }
    assertEquals(body.length, total);
    assertEquals(message, result.orElseThrow());
    assertEquals(Optional.empty(), result.get().chunk());
    assertEquals(1, assembler.completed());
  }

  @Test
  void fileTransferChunksFillEachPayload() {
    Message message =
        Message.builder(MessageType.FILE_TRANSFER).timestampMillis(T).body(new byte[100]).build();
    // envelope 22 + chunk header 24 leaves 4 body bytes in a 50-byte payload
    List<byte[]> payloads = MessageCodec.encodeForFrames(message, 50, 5);
    assertEquals(25, payloads.size());
    for (byte[] payload : payloads) {
      assertEquals(50, payload.length);
    }
    assertEquals(new Chunk(5, 24, 25, 100), MessageCodec.decode(payloads.get(24)).chunk().get());
  }

  @Test
  void tooLargeCommandIsOversized() {
    Message message =
        Message.builder(MessageType.COMMAND)
            .timestampMillis(T)
            .body(new byte[NetworkPacketStructure.MAX_PAYLOAD])
            .build();
    OversizedPacketException e =
        assertThrows(
            OversizedPacketException.class,
            () -> MessageCodec.encodeForFrames(message, NetworkPacketStructure.MAX_PAYLOAD, 1));
    assertEquals(NetworkPacketStructure.MAX_PAYLOAD + 22L, e.size());
    assertEquals(NetworkPacketStructure.MAX_PAYLOAD, e.limit());
  }

  @Test
  void noRoomForABodySliceIsOversized() {
    Message message =
        Message.builder(MessageType.BULK_DATA).timestampMillis(T).body(new byte[30]).build();
    // 52 bytes do not fit in 46, and 22 + 24 = 46 bytes of envelope leave no room for a slice
    OversizedPacketException e =
        assertThrows(
            OversizedPacketException.class, () -> MessageCodec.encodeForFrames(message, 46, 1));
    assertEquals(52, e.size());
    assertEquals(46, e.limit());
    assertEquals(30, MessageCodec.encodeForFrames(message, 47, 1).size());
  }

  @Test
  void aChunkCannotBeChunkedAgain() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MessageCodec.encodeForFrames(WireFormatVectorsTest.v4(), 30, 1));
  }

  // ---------------------------------------------------------------- Message

  private static Message.Builder full() {
    return Message.builder(MessageType.DATA)
        .format(MessageFormat.TEXT)
        .timestampMillis(T)
        .source("a")
        .destination("b")
        .correlationId(5)
        .body(ascii("hello"));
  }

  @Test
  void equalsAndHashCode() {
    Message message = full().build();
    assertEquals(message, full().build());
    assertEquals(message.hashCode(), full().build().hashCode());
    assertEquals(message, message.toBuilder().build());
    assertNotEquals(message, null);
    assertNotEquals(message, "hello");
    List<Message> variants =
        List.of(
            Message.builder(MessageType.STATUS)
                .format(MessageFormat.TEXT)
                .timestampMillis(T)
                .source("a")
                .destination("b")
                .correlationId(5)
                .body(ascii("hello"))
                .build(),
            full().format(MessageFormat.BINARY).build(),
            full().timestampMillis(T + 1).build(),
            full().source("x").build(),
            full().destination("x").build(),
            full().correlationId(6).build(),
            full().body(ascii("hellO")).build());
    for (Message variant : variants) {
      assertNotEquals(message, variant, variant.toString());
      assertNotEquals(message.hashCode(), variant.hashCode(), variant.toString());
    }
    Message chunked = Message.builder(MessageType.BULK_DATA).timestampMillis(T).build();
    assertNotEquals(chunked, chunked.toBuilder().chunk(new Chunk(1, 0, 1, 0)).build());
  }

  @Test
  void accessorsAndToString() {
    Message message = full().build();
    assertEquals(MessageType.DATA, message.type());
    assertEquals(MessageFormat.TEXT, message.format());
    assertEquals(Instant.ofEpochMilli(T), message.timestamp());
    assertEquals(T, message.timestampMillis());
    assertEquals("a", message.source());
    assertEquals("b", message.destination());
    assertEquals(5, message.correlationId());
    assertEquals(5, message.bodyLength());
    assertEquals(
        "Message[type=DATA, format=TEXT, timestamp=2026-01-01T00:00:00Z, source=a,"
            + " destination=b, correlationId=5, body=5 bytes]",
        message.toString());
    assertTrue(
        WireFormatVectorsTest.v4()
            .toString()
            .endsWith(", Chunk[transferId=7, index=1, count=3," + " totalLength=10]]"),
        WireFormatVectorsTest.v4().toString());
  }

  @Test
  void bodyIsCopiedInAndOut() {
    byte[] body = ascii("hello");
    Message message = full().body(body).build();
    body[0] = 'X';
    assertArrayEquals(ascii("hello"), message.body());
    message.body()[0] = 'Y';
    assertArrayEquals(ascii("hello"), message.body());
  }

  @Test
  void builderDefaults() {
    long before = System.currentTimeMillis();
    Message message = Message.builder(MessageType.HEARTBEAT).build();
    long after = System.currentTimeMillis();
    assertEquals(MessageFormat.BINARY, message.format());
    assertTrue(message.timestampMillis() >= before && message.timestampMillis() <= after);
    assertEquals("", message.source());
    assertEquals("", message.destination());
    assertEquals(0, message.correlationId());
    assertEquals(0, message.bodyLength());
    assertEquals(Optional.empty(), message.chunk());
    assertEquals(
        Instant.parse("2030-05-06T07:08:09.123Z"),
        Message.builder(MessageType.DATA)
            .timestamp(Instant.parse("2030-05-06T07:08:09.123456Z"))
            .build()
            .timestamp());
  }

  @Test
  void builderDataSetsFormatAndBody() {
    Message message = Message.builder(MessageType.DATA).data(new IntData(1)).build();
    assertEquals(MessageFormat.INT, message.format());
    assertArrayEquals(hex("00 00 00 01"), message.body());
  }

  @Test
  void chunkOnATypeThatCannotBeChunkedIsRejected() {
    for (MessageType type : MessageType.values()) {
      Message.Builder builder = Message.builder(type).chunk(new Chunk(1, 0, 1, 0));
      if (type.isChunkable()) {
        assertEquals(Optional.of(new Chunk(1, 0, 1, 0)), builder.build().chunk());
      } else {
        assertThrows(IllegalArgumentException.class, builder::build, type.toString());
      }
    }
  }

  @Test
  void builderRejectsNulls() {
    assertThrows(NullPointerException.class, () -> Message.builder(null));
    assertThrows(NullPointerException.class, () -> Message.builder(MessageType.DATA).format(null));
    assertThrows(NullPointerException.class, () -> Message.builder(MessageType.DATA).body(null));
  }

  // ---------------------------------------------------------------- enums and Chunk

  @Test
  void typeAndFormatCodes() {
    int code = 1;
    for (MessageType type : MessageType.values()) {
      assertEquals(code++, type.code());
      assertEquals(type, MessageType.fromCode(type.code()));
      assertEquals(
          type == MessageType.FILE_TRANSFER || type == MessageType.BULK_DATA, type.isChunkable());
    }
    assertThrows(PacketException.class, () -> MessageType.fromCode(-1));
    assertEquals(MessageFormat.TEXT, MessageFormat.fromCode(1));
    assertEquals(MessageFormat.BINARY, MessageFormat.fromCode(2));
    assertEquals(MessageFormat.INT, MessageFormat.fromCode(3));
    assertThrows(PacketException.class, () -> MessageFormat.fromCode(-1));
  }

  @Test
  void chunkChecksItsFields() {
    assertTrue(new Chunk(0, 2, 3, 0).isLast());
    assertFalse(new Chunk(0, 1, 3, 0).isLast());
    assertTrue(new Chunk(0, 0, 1, 0).isLast());
    assertThrows(IllegalArgumentException.class, () -> new Chunk(0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Chunk(0, -1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Chunk(0, 1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Chunk(0, 0, 1, -1));
  }
}
