package com.eq1.network.packet;

import static com.eq1.network.packet.TestBytes.ascii;
import static com.eq1.network.packet.TestBytes.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DelimitedPacketStructureTest {

  private static final DelimitedPacketStructure DOLLAR = DelimitedPacketStructure.dollar();
  private static final DelimitedPacketStructure LINES = DelimitedPacketStructure.lines();
  private static final DelimitedPacketStructure ANGLES =
      new DelimitedPacketStructure(ascii("<<"), ascii(">>"));
  private static final DelimitedPacketStructure AAB =
      new DelimitedPacketStructure(new byte[0], ascii("aab"));
  private static final DelimitedPacketStructure CRLF2 =
      new DelimitedPacketStructure(new byte[0], ascii("\r\n\r\n"));

  /** Structure, payloads it must frame, and the expected frame of the first one. */
  static Stream<Arguments> structures() {
    return Stream.of(
        Arguments.of("dollar", DOLLAR, List.of("HI", "a", "A B\nC", "<<>>"), "$HI$"),
        Arguments.of("lines", LINES, List.of("HI", "", "$a$", "x\r"), "HI\n"),
        Arguments.of("angles", ANGLES, List.of("HI", "", "a<<b", ">x", "<"), "<<HI>>"),
        Arguments.of("aab", AAB, List.of("HI", "aa", "a", "ab", "baa", "aba", "b"), "HIaab"),
        Arguments.of("crlf2", CRLF2, List.of("HI", "x\r\n\r", "\r\n\r", "\n", "\r"), "HI\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("structures")
  void roundTripOfEveryOperation(
      String name, DelimitedPacketStructure structure, List<String> payloads, String first) {
    assertArrayEquals(ascii(first), structure.toPacket(ascii(payloads.get(0))));
    List<byte[]> frames = new ArrayList<>();
    List<byte[]> expected = new ArrayList<>();
    for (String payload : payloads) {
      byte[] frame = structure.toPacket(ascii(payload));
      assertEquals(
          structure.headDelimiter().length + payload.length() + structure.tailDelimiter().length,
          frame.length);
      assertTrue(structure.isValid(frame), payload);
      assertArrayEquals(ascii(payload), structure.fromPacket(frame), payload);
      frames.add(frame);
      expected.add(ascii(payload));
    }
    byte[] all = concat(frames);
    TestBytes.assertPayloads(frames, structure.splitPacket(all));

    TestBytes.Collector sink = new TestBytes.Collector();
    FrameDecoder decoder = structure.newDecoder(name);
    assertEquals(payloads.size(), decoder.decode(all, sink));
    TestBytes.assertPayloads(expected, sink.payloads);
    assertEquals(0, decoder.buffered());
    assertEquals(0, decoder.discardedBytes());
  }

  @Test
  void factories() {
    assertArrayEquals(ascii("$"), DOLLAR.headDelimiter());
    assertArrayEquals(ascii("$"), DOLLAR.tailDelimiter());
    assertArrayEquals(new byte[0], LINES.headDelimiter());
    assertArrayEquals(ascii("\n"), LINES.tailDelimiter());
    assertEquals(NetworkPacketStructure.MAX_PAYLOAD, DOLLAR.maxPayload());
    assertEquals(NetworkPacketStructure.MAX_PAYLOAD, LINES.maxPayload());
    assertEquals(RecoveryPolicy.RESYNC, DOLLAR.newDecoder("x").policy());
    assertEquals(RecoveryPolicy.CLOSE, DOLLAR.newDecoder("x", RecoveryPolicy.CLOSE).policy());
  }

  @Test
  void delimitersAreCopiedInAndOut() {
    byte[] head = ascii("<<");
    byte[] tail = ascii(">>");
    DelimitedPacketStructure structure = new DelimitedPacketStructure(head, tail);
    head[0] = 'x';
    tail[0] = 'x';
    structure.headDelimiter()[1] = 'y';
    structure.tailDelimiter()[1] = 'y';
    assertArrayEquals(ascii("<<A>>"), structure.toPacket(ascii("A")));
    assertArrayEquals(ascii("<<"), structure.headDelimiter());
    assertArrayEquals(ascii(">>"), structure.tailDelimiter());
  }

  static Stream<Arguments> payloadsContainingTheTail() {
    return Stream.of(
        Arguments.of(DOLLAR, "A$B"),
        Arguments.of(DOLLAR, "$"),
        Arguments.of(LINES, "A\nB"),
        Arguments.of(LINES, "\n"),
        Arguments.of(ANGLES, "a>>b"),
        // ">" at the end would complete the tail one byte early: "<<a>>>" ends at "a".
        Arguments.of(ANGLES, "a>"),
        Arguments.of(ANGLES, ">x>"),
        Arguments.of(AAB, "xaab"),
        Arguments.of(AAB, "aabx"),
        Arguments.of(CRLF2, "x\r\n\r\ny"),
        Arguments.of(CRLF2, "x\r\n\r\n"),
        Arguments.of(CRLF2, "\r\n"),
        Arguments.of(CRLF2, "\n\r\n"),
        Arguments.of(CRLF2, "x\r\n\r\r\n\r\n"));
  }

  @ParameterizedTest
  @MethodSource("payloadsContainingTheTail")
  void payloadContainingTheTailIsRejected(DelimitedPacketStructure structure, String payload) {
    PacketException e =
        assertThrows(PacketException.class, () -> structure.toPacket(ascii(payload)));
    assertFalse(e instanceof OversizedPacketException);
    assertTrue(e.getMessage().contains("tail delimiter"), e.getMessage());
  }

  @Test
  void emptyPayloadWithSymmetricDelimitersIsRejected() {
    assertThrows(PacketException.class, () -> DOLLAR.toPacket(new byte[0]));
    DelimitedPacketStructure hashes = new DelimitedPacketStructure(ascii("##"), ascii("##"));
    assertThrows(PacketException.class, () -> hashes.toPacket(new byte[0]));
    assertArrayEquals(ascii("##x##"), hashes.toPacket(ascii("x")));
    // asymmetric delimiters frame an empty payload
    assertArrayEquals(ascii("<<>>"), ANGLES.toPacket(new byte[0]));
    assertArrayEquals(ascii("\n"), LINES.toPacket(new byte[0]));
  }

  @ParameterizedTest
  @ValueSource(strings = {"HI$", "$HI", "$HI$x", "x$HI$", "$$", "$A$B$", "$", ""})
  void fromPacketRejectsMalformedDollarFrames(String packet) {
    assertThrows(PacketException.class, () -> DOLLAR.fromPacket(ascii(packet)));
    assertFalse(DOLLAR.isValid(ascii(packet)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"<HI>>", "<<HI>", "<<HI>>>", "<<A>>B>>", ""})
  void fromPacketRejectsMalformedMultiByteFrames(String packet) {
    assertThrows(PacketException.class, () -> ANGLES.fromPacket(ascii(packet)));
    assertFalse(ANGLES.isValid(ascii(packet)));
  }

  @Test
  void nullIsAPacketExceptionInFromPacketAndInvalid() {
    assertThrows(PacketException.class, () -> DOLLAR.fromPacket(null));
    assertFalse(DOLLAR.isValid(null));
    assertFalse(LINES.isValid(null));
    assertThrows(NullPointerException.class, () -> DOLLAR.toPacket(null));
    assertThrows(NullPointerException.class, () -> DOLLAR.splitPacket(null));
  }

  @Test
  void isValidNeverThrows() {
    java.util.Random random = new java.util.Random(5);
    byte[] alphabet = ascii("$<>ab\r\n");
    for (DelimitedPacketStructure structure : List.of(DOLLAR, LINES, ANGLES, AAB, CRLF2)) {
      for (int i = 0; i < 2000; i++) {
        byte[] bytes = new byte[random.nextInt(10)];
        for (int j = 0; j < bytes.length; j++) {
          bytes[j] = alphabet[random.nextInt(alphabet.length)];
        }
        boolean valid = assertDoesNotThrow(() -> structure.isValid(bytes));
        boolean accepted;
        try {
          structure.fromPacket(bytes);
          accepted = true;
        } catch (PacketException e) {
          accepted = false;
        }
        assertEquals(accepted, valid);
      }
    }
  }

  @Test
  void oversizeIsReportedWithSizeAndLimit() {
    DelimitedPacketStructure small = new DelimitedPacketStructure(ascii("$"), ascii("$"), 3);
    assertArrayEquals(ascii("$ABC$"), small.toPacket(ascii("ABC")));

    OversizedPacketException to =
        assertThrows(OversizedPacketException.class, () -> small.toPacket(ascii("ABCD")));
    assertEquals(4, to.size());
    assertEquals(3, to.limit());

    OversizedPacketException from =
        assertThrows(OversizedPacketException.class, () -> small.fromPacket(ascii("$ABCD$")));
    assertEquals(4, from.size());
    assertEquals(3, from.limit());

    OversizedPacketException noTail =
        assertThrows(OversizedPacketException.class, () -> small.fromPacket(ascii("$ABCD")));
    assertEquals(4, noTail.size());

    PacketException shortNoTail =
        assertThrows(PacketException.class, () -> small.fromPacket(ascii("$AB")));
    assertFalse(shortNoTail instanceof OversizedPacketException);

    OversizedPacketException split =
        assertThrows(OversizedPacketException.class, () -> small.splitPacket(ascii("$A$$ABCD$")));
    assertEquals(4, split.size());
    assertFalse(small.isValid(ascii("$ABCD$")));
  }

  @Test
  void splitPacket() {
    assertTrue(DOLLAR.splitPacket(new byte[0]).isEmpty());
    TestBytes.assertPayloads(
        List.of(ascii("$A$"), ascii("$BC$")), DOLLAR.splitPacket(ascii("$A$$BC$")));
    TestBytes.assertPayloads(
        List.of(ascii("a\n"), ascii("\n"), ascii("b\n")), LINES.splitPacket(ascii("a\n\nb\n")));
    TestBytes.assertPayloads(
        List.of(ascii("aaab"), ascii("xaab")), AAB.splitPacket(ascii("aaabxaab")));
    assertThrows(PacketException.class, () -> DOLLAR.splitPacket(ascii("$A$x$B$")));
    assertThrows(PacketException.class, () -> DOLLAR.splitPacket(ascii("$A$$B")));
    assertThrows(PacketException.class, () -> LINES.splitPacket(ascii("a\nb")));
    assertThrows(PacketException.class, () -> DOLLAR.splitPacket(ascii("$A$$$")));
  }

  @Test
  void delimiterLengthChecks() {
    byte[] one = ascii("$");
    byte[] sixteen = new byte[16];
    byte[] seventeen = new byte[17];
    assertThrows(
        IllegalArgumentException.class, () -> new DelimitedPacketStructure(one, new byte[0]));
    assertThrows(
        IllegalArgumentException.class, () -> new DelimitedPacketStructure(one, seventeen));
    assertThrows(
        IllegalArgumentException.class, () -> new DelimitedPacketStructure(seventeen, one));
    assertThrows(NullPointerException.class, () -> new DelimitedPacketStructure(null, one));
    assertThrows(NullPointerException.class, () -> new DelimitedPacketStructure(one, null));
    DelimitedPacketStructure widest = new DelimitedPacketStructure(sixteen, sixteen);
    assertEquals(16, widest.headDelimiter().length);
    assertEquals(16, widest.tailDelimiter().length);
    assertEquals(16, DelimitedPacketStructure.MAX_DELIMITER);
    new DelimitedPacketStructure(new byte[0], one);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, NetworkPacketStructure.MAX_PAYLOAD + 1})
  void limitRangeChecks(int limit) {
    assertThrows(
        IllegalArgumentException.class,
        () -> new DelimitedPacketStructure(ascii("$"), ascii("$"), limit));
  }

  @Test
  void toStringNamesDelimitersAndLimit() {
    String text = new DelimitedPacketStructure(ascii("<"), ascii(">"), 9).toString();
    assertEquals("DelimitedPacketStructure[head=[60], tail=[62], maxPayload=9]", text);
  }
}
