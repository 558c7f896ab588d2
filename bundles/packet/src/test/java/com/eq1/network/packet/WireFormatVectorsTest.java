package com.eq1.network.packet;

import static com.eq1.network.packet.TestBytes.ascii;
import static com.eq1.network.packet.TestBytes.hex;
import static com.eq1.network.packet.TestBytes.toHex;
import static com.eq1.network.packet.TestBytes.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hex test vectors of {@code docs/wire-format.md}, checked byte for byte. */
class WireFormatVectorsTest {

  // Copied verbatim from docs/wire-format.md.
  static final String TIMESTAMP_2026 = "00 00 01 9B 76 DA A8 00";

  static final String V1 =
      "01 01 01 00 00 00 01 9B 76 DA A8 00 00 00 00 00 00 00 00 2A 06 76 69 73 69 6F 6E 04 70 6C"
          + " 63 31 53 54 41 52 54";

  static final String V1_FRAMED =
      "00 00 00 25 01 01 01 00 00 00 01 9B 76 DA A8 00 00 00 00 00 00 00 00 2A 06 76 69 73 69 6F"
          + " 6E 04 70 6C 63 31 53 54 41 52 54";

  static final String V2 = "01 06 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";

  static final String V3 =
      "01 03 03 00 00 00 01 9B 76 DA A8 7B 00 00 00 00 00 00 00 2A 04 70 6C 63 31 06 76 69 73 69"
          + " 6F 6E FF FF FF FE";

  static final String V4 =
      "01 07 02 01 00 00 01 9B 76 DA A8 00 00 00 00 00 00 00 00 00 03 63 61 6D 00 00 00 00 00 00"
          + " 00 00 07 00 00 00 01 00 00 00 03 00 00 00 00 00 00 00 0A 04 05 06 07";

  static final String V5 =
      "01 02 01 00 00 00 01 9B 76 DA A8 00 00 00 00 00 00 00 00 00 02 C3 A9 00 47 72 C3 BC C3 9F"
          + " 65";

  static final long T2026 = 1767225600000L;

  static Message v1() {
    return Message.builder(MessageType.COMMAND)
        .format(MessageFormat.TEXT)
        .timestampMillis(T2026)
        .source("vision")
        .destination("plc1")
        .correlationId(42)
        .body(ascii("START"))
        .build();
  }

  static Message v2() {
    return Message.builder(MessageType.HEARTBEAT)
        .format(MessageFormat.BINARY)
        .timestampMillis(0)
        .build();
  }

  static Message v3() {
    return Message.builder(MessageType.RESPONSE)
        .data(new IntData(-2))
        .timestampMillis(1767225600123L)
        .source("plc1")
        .destination("vision")
        .correlationId(42)
        .build();
  }

  static Message v4() {
    return Message.builder(MessageType.FILE_TRANSFER)
        .format(MessageFormat.BINARY)
        .timestampMillis(T2026)
        .source("cam")
        .chunk(new Chunk(7, 1, 3, 10))
        .body(new byte[] {4, 5, 6, 7})
        .build();
  }

  static Message v5() {
    return Message.builder(MessageType.DATA)
        .data(new TextData("Grüße"))
        .timestampMillis(T2026)
        .source("é")
        .build();
  }

  private static void assertVector(Message message, String vector, int length) {
    byte[] expected = hex(vector);
    assertEquals(length, expected.length, "vector length as stated in the doc");
    byte[] encoded = MessageCodec.encode(message);
    assertEquals(vector, toHex(encoded));
    assertArrayEquals(expected, encoded);
    assertEquals(length, MessageCodec.encodedLength(message));
    Message decoded = MessageCodec.decode(expected);
    assertEquals(message, decoded);
    assertArrayEquals(message.body(), decoded.body());
  }

  @Test
  void timestampIsNewYear2026() {
    assertEquals(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli(), T2026);
    byte[] encoded = MessageCodec.encode(v1());
    byte[] timestamp = new byte[8];
    System.arraycopy(encoded, 4, timestamp, 0, 8);
    assertEquals(TIMESTAMP_2026, toHex(timestamp));
    assertEquals(Instant.parse("2026-01-01T00:00:00Z"), v1().timestamp());
  }

  @Test
  void v1Command() {
    assertVector(v1(), V1, 37);
  }

  @Test
  void v1FramedByNetworkPacketStructure() {
    NetworkPacketStructure structure = new NetworkPacketStructure();
    byte[] framed = structure.toPacket(MessageCodec.encode(v1()));
    assertEquals(41, hex(V1_FRAMED).length);
    assertEquals(V1_FRAMED, toHex(framed));
    assertArrayEquals(hex(V1), structure.fromPacket(hex(V1_FRAMED)));
    assertTrue(structure.isValid(hex(V1_FRAMED)));

    List<byte[]> payloads = new ArrayList<>();
    assertEquals(1, structure.newDecoder("vectors").decode(hex(V1_FRAMED), payloads::add));
    assertEquals(v1(), MessageCodec.decode(payloads.get(0)));
  }

  @Test
  void v2HeartbeatIsTheMinimumEnvelope() {
    assertVector(v2(), V2, 22);
    assertEquals(MessageCodec.MIN_LENGTH, hex(V2).length);
  }

  @Test
  void v3ResponseWithInt() {
    assertVector(v3(), V3, 36);
    Message decoded = MessageCodec.decode(hex(V3));
    assertEquals(MessageFormat.INT, decoded.format());
    assertEquals(new IntData(-2), IntData.fromBytes(decoded.body()));
  }

  @Test
  void v4FileTransferChunk() {
    assertVector(v4(), V4, 53);
    Message decoded = MessageCodec.decode(hex(V4));
    assertEquals(new Chunk(7, 1, 3, 10), decoded.chunk().orElseThrow());
  }

  @Test
  void v5Utf8TextAndAddress() {
    assertVector(v5(), V5, 31);
    Message decoded = MessageCodec.decode(hex(V5));
    assertEquals("é", decoded.source());
    assertEquals("", decoded.destination());
    assertEquals(new TextData("Grüße"), TextData.fromBytes(decoded.body()));
  }

  @Test
  void lengthFrameOfThreeBytes() {
    assertEquals(
        "00 00 00 03 01 02 03", toHex(new NetworkPacketStructure().toPacket(new byte[] {1, 2, 3})));
  }

  @Test
  void delimitedExamples() {
    assertEquals("24 48 49 24", toHex(DelimitedPacketStructure.dollar().toPacket(ascii("HI"))));
    assertArrayEquals(ascii("$HI$"), DelimitedPacketStructure.dollar().toPacket(ascii("HI")));
    assertEquals("48 49 0A", toHex(DelimitedPacketStructure.lines().toPacket(ascii("HI"))));
    assertArrayEquals(ascii("HI\n"), DelimitedPacketStructure.lines().toPacket(utf8("HI")));
  }

  @Test
  void intDataEncodings() {
    assertEquals("00 00 00 01", toHex(new IntData(1).toBytes()));
    assertEquals("FF FF FF FE", toHex(new IntData(-2).toBytes()));
    assertEquals(new IntData(1), IntData.fromBytes(hex("00 00 00 01")));
    assertEquals(new IntData(-2), IntData.fromBytes(hex("FF FF FF FE")));
  }
}
