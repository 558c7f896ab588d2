package com.eq1.network.packet;

import static com.eq1.network.packet.TestBytes.ascii;
import static com.eq1.network.packet.TestBytes.concat;
import static com.eq1.network.packet.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FrameDecoderTest {

  private static final int MAX = NetworkPacketStructure.MAX_PAYLOAD;

  // ---------------------------------------------------------------- mixed streams, any slicing

  static Stream<Arguments> structuresAndPolicies() {
    List<Arguments> out = new ArrayList<>();
    for (RecoveryPolicy policy : RecoveryPolicy.values()) {
      out.add(Arguments.of("length", new NetworkPacketStructure(), policy));
      out.add(Arguments.of("dollar", DelimitedPacketStructure.dollar(), policy));
      out.add(Arguments.of("lines", DelimitedPacketStructure.lines(), policy));
    }
    return out.stream();
  }

  /** Frames of 0, 1, 100 bytes, 64 KiB and the limit, in a mixed order. */
  private static List<byte[]> mixedPayloads(StreamingPacketStructure structure) {
    Random random = new Random(42);
    int avoid = -1;
    boolean emptyAllowed = true;
    if (structure instanceof DelimitedPacketStructure delimited) {
      avoid = delimited.tailDelimiter()[0];
      emptyAllowed = !Arrays.equals(delimited.headDelimiter(), delimited.tailDelimiter());
    }
    int[] sizes = {0, 1, 100, 65_536, 0, 1, 7, structure.maxPayload(), 0, 100, 3, 0};
    List<byte[]> payloads = new ArrayList<>();
    for (int size : sizes) {
      if (size > 0 || emptyAllowed) {
        payloads.add(TestBytes.random(random, size, avoid));
      }
    }
    return payloads;
  }

  private static byte[] stream(StreamingPacketStructure structure, List<byte[]> payloads) {
    List<byte[]> frames = new ArrayList<>();
    for (byte[] payload : payloads) {
      frames.add(structure.toPacket(payload));
    }
    return concat(frames);
  }

  private static void assertClean(FrameDecoder decoder, List<byte[]> expected) {
    assertEquals(expected.size(), decoder.frames());
    assertEquals(0, decoder.buffered());
    assertEquals(0, decoder.problems());
    assertEquals(0, decoder.discardedBytes());
    assertFalse(decoder.isClosed());
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("structuresAndPolicies")
  void mixedFramesAllAtOnce(String name, StreamingPacketStructure structure, RecoveryPolicy p) {
    List<byte[]> payloads = mixedPayloads(structure);
    FrameDecoder decoder = structure.newDecoder(name, p);
    TestBytes.Collector sink = new TestBytes.Collector();
    assertEquals(payloads.size(), decoder.decode(stream(structure, payloads), sink));
    TestBytes.assertPayloads(payloads, sink.payloads);
    assertClean(decoder, payloads);
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("structuresAndPolicies")
  void mixedFramesByteByByte(String name, StreamingPacketStructure structure, RecoveryPolicy p) {
    List<byte[]> payloads = mixedPayloads(structure);
    byte[] stream = stream(structure, payloads);
    FrameDecoder decoder = structure.newDecoder(name, p);
    TestBytes.Collector sink = new TestBytes.Collector();
    int delivered = 0;
    for (int i = 0; i < stream.length; i++) {
      delivered += decoder.decode(stream, i, 1, sink);
      assertTrue(decoder.buffered() <= structure.maxPayload() + 4);
    }
    assertEquals(payloads.size(), delivered);
    TestBytes.assertPayloads(payloads, sink.payloads);
    assertClean(decoder, payloads);
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("structuresAndPolicies")
  void mixedFramesInRandomSlices(
      String name, StreamingPacketStructure structure, RecoveryPolicy p) {
    List<byte[]> payloads = mixedPayloads(structure);
    byte[] stream = stream(structure, payloads);
    for (long seed = 1; seed <= 5; seed++) {
      Random random = new Random(seed);
      FrameDecoder decoder = structure.newDecoder(name, p);
      TestBytes.Collector sink = new TestBytes.Collector();
      int pos = 0;
      while (pos < stream.length) {
        int bound = random.nextInt(4) == 0 ? 5 : 150_000;
        int length = Math.min(stream.length - pos, random.nextInt(bound));
        // copy the slice into a larger array at an offset, as a network buffer would hold it
        byte[] buffer = new byte[length + 20];
        int offset = random.nextInt(10);
        System.arraycopy(stream, pos, buffer, offset, length);
        decoder.decode(buffer, offset, length, sink);
        Arrays.fill(buffer, (byte) '$');
        pos += length;
      }
      TestBytes.assertPayloads(payloads, sink.payloads);
      assertClean(decoder, payloads);
    }
  }

  // ---------------------------------------------------------------- remainder and buffered()

  @Test
  void lengthRemainderIsKeptAcrossCalls() {
    FrameDecoder decoder = new NetworkPacketStructure().newDecoder("c");
    TestBytes.Collector sink = new TestBytes.Collector();
    byte[] frame = new NetworkPacketStructure().toPacket(ascii("0123456789"));
    assertEquals(0, decoder.decode(Arrays.copyOfRange(frame, 0, 2), sink));
    assertEquals(2, decoder.buffered());
    assertEquals(0, decoder.decode(Arrays.copyOfRange(frame, 2, 7), sink));
    assertEquals(7, decoder.buffered());
    // the rest of this frame, a complete frame and half a header
    byte[] more = concat(Arrays.copyOfRange(frame, 7, frame.length), frame, hex("00 00"));
    assertEquals(2, decoder.decode(more, sink));
    assertEquals(2, decoder.buffered());
    assertEquals(List.of("0123456789", "0123456789"), sink.strings());
    assertEquals(0, decoder.decode(hex("00 01"), sink));
    assertEquals(4, decoder.buffered());
    assertEquals(1, decoder.decode(ascii("Z"), sink));
    assertEquals(0, decoder.buffered());
    assertEquals(List.of("0123456789", "0123456789", "Z"), sink.strings());
    assertEquals(3, decoder.frames());
  }

  @Test
  void delimitedRemainderIsKeptAcrossCalls() {
    FrameDecoder decoder = DelimitedPacketStructure.dollar().newDecoder("c");
    TestBytes.Collector sink = new TestBytes.Collector();
    assertEquals(0, decoder.decode(ascii("$AB"), sink));
    assertEquals(3, decoder.buffered());
    assertEquals(1, decoder.decode(ascii("C$$D"), sink));
    assertEquals(2, decoder.buffered());
    assertEquals(1, decoder.decode(ascii("$"), sink));
    assertEquals(0, decoder.buffered());
    assertEquals(List.of("ABC", "D"), sink.strings());

    FrameDecoder lines = DelimitedPacketStructure.lines().newDecoder("c");
    assertEquals(0, lines.decode(ascii("ab"), sink));
    assertEquals(2, lines.buffered());
  }

  @Test
  void multiByteDelimitersSplitAcrossChunks() {
    DelimitedPacketStructure angles = new DelimitedPacketStructure(ascii("<<"), ascii(">>"));
    FrameDecoder decoder = angles.newDecoder("c");
    TestBytes.Collector sink = new TestBytes.Collector();
    assertEquals(0, decoder.decode(ascii("<"), sink));
    assertEquals(1, decoder.buffered());
    assertEquals(0, decoder.decode(ascii("<HEL"), sink));
    assertEquals(5, decoder.buffered());
    assertEquals(0, decoder.decode(ascii("LO>"), sink));
    assertEquals(1, decoder.decode(ascii(">"), sink));
    assertEquals(List.of("HELLO"), sink.strings());
    assertEquals(0, decoder.buffered());
    assertEquals(0, decoder.problems());

    FrameDecoder crlf =
        new DelimitedPacketStructure(new byte[0], ascii("\r\n\r\n")).newDecoder("c");
    TestBytes.Collector lines = new TestBytes.Collector();
    crlf.decode(ascii("abc\r\n"), lines);
    crlf.decode(ascii("\r"), lines);
    assertTrue(lines.payloads.isEmpty());
    crlf.decode(ascii("\n"), lines);
    crlf.decode(ascii("x\r\n\r\r\n\r\n"), lines);
    assertEquals(List.of("abc", "x\r\n\r"), lines.strings());
  }

  @Test
  void selfOverlappingTailByteByByte() {
    FrameDecoder decoder = new DelimitedPacketStructure(new byte[0], ascii("aab")).newDecoder("c");
    TestBytes.Collector sink = new TestBytes.Collector();
    byte[] stream = ascii("xaaabaaaabaab");
    for (int i = 0; i < stream.length; i++) {
      decoder.decode(stream, i, 1, sink);
    }
    assertEquals(List.of("xa", "aa", ""), sink.strings());
  }

  // ---------------------------------------------------------------- oversized length headers

  @ParameterizedTest
  @EnumSource(RecoveryPolicy.class)
  void maxUnsignedHeaderIsRejectedBeforeAnyPayloadByte(RecoveryPolicy policy) {
    FrameDecoder decoder = new NetworkPacketStructure(16).newDecoder("plc1", policy);
    TestBytes.Collector sink = new TestBytes.Collector();
    decoder.decode(hex("FF FF FF"), sink);
    assertEquals(3, decoder.buffered());
    OversizedPacketException e =
        assertThrows(OversizedPacketException.class, () -> decoder.decode(hex("FF"), sink));
    assertEquals(4_294_967_295L, e.size());
    assertEquals(16, e.limit());
    assertEquals(Optional.of("plc1"), e.connectionName());
    assertTrue(e.getMessage().startsWith("[plc1] "), e.getMessage());
    assertEquals(0, decoder.buffered());
    assertEquals(1, decoder.problems());
    assertTrue(sink.payloads.isEmpty());
  }

  @ParameterizedTest
  @EnumSource(RecoveryPolicy.class)
  void maxUnsignedHeaderAtTheFullLimitAllocatesNothing(RecoveryPolicy policy) {
    // 4 GiB - 1 could not be allocated at all: an attempt would fail with an Error, not this.
    FrameDecoder decoder = new NetworkPacketStructure().newDecoder("c", policy);
    OversizedPacketException e =
        assertThrows(
            OversizedPacketException.class, () -> decoder.decode(hex("FF FF FF FF"), p -> {}));
    assertEquals(4_294_967_295L, e.size());
    assertEquals(MAX, e.limit());
    assertEquals(0, decoder.buffered());
  }

  @Test
  void resyncSkipsTheAnnouncedLengthThenResumes() {
    NetworkPacketStructure structure = new NetworkPacketStructure(5);
    FrameDecoder decoder = structure.newDecoder("c", RecoveryPolicy.RESYNC);
    TestBytes.Collector sink = new TestBytes.Collector();
    byte[] chunk =
        concat(
            structure.toPacket(ascii("a")),
            hex("00 00 00 0A"),
            ascii("0123456789"),
            structure.toPacket(ascii("hi")));
    OversizedPacketException e =
        assertThrows(OversizedPacketException.class, () -> decoder.decode(chunk, sink));
    assertEquals(10, e.size());
    assertEquals(5, e.limit());
    // thrown after the whole chunk: the frames on both sides were delivered
    assertEquals(List.of("a", "hi"), sink.strings());
    assertEquals(14, decoder.discardedBytes());
    assertEquals(1, decoder.problems());
    assertEquals(2, decoder.frames());
    assertFalse(decoder.isClosed());
    assertEquals(0, decoder.buffered());
  }

  @Test
  void resyncSkipSpansChunks() {
    NetworkPacketStructure structure = new NetworkPacketStructure(5);
    FrameDecoder decoder = structure.newDecoder("c", RecoveryPolicy.RESYNC);
    TestBytes.Collector sink = new TestBytes.Collector();
    assertThrows(OversizedPacketException.class, () -> decoder.decode(hex("00 00 00 0A"), sink));
    assertEquals(0, decoder.decode(ascii("0123"), sink));
    assertEquals(0, decoder.decode(ascii("4567"), sink));
    assertEquals(1, decoder.decode(concat(ascii("89"), structure.toPacket(ascii("ok"))), sink));
    assertEquals(List.of("ok"), sink.strings());
    assertEquals(14, decoder.discardedBytes());
    assertEquals(1, decoder.problems());
  }

  @Test
  void resyncAfterMaxUnsignedHeaderSkipsWhatFollows() {
    // RESYNC skips the announced 4 GiB - 1 bytes: a valid frame behind it is skipped too,
    // and nothing is buffered for it.
    NetworkPacketStructure structure = new NetworkPacketStructure(5);
    FrameDecoder decoder = structure.newDecoder("c", RecoveryPolicy.RESYNC);
    TestBytes.Collector sink = new TestBytes.Collector();
    byte[] frame = structure.toPacket(ascii("hi"));
    OversizedPacketException e =
        assertThrows(
            OversizedPacketException.class,
            () -> decoder.decode(concat(hex("FF FF FF FF"), frame), sink));
    assertEquals(4_294_967_295L, e.size());
    assertEquals(0, decoder.buffered());
    assertEquals(0, decoder.decode(frame, sink));
    assertTrue(sink.payloads.isEmpty());
    assertEquals(4 + 2L * frame.length, decoder.discardedBytes());
    decoder.reset();
    assertEquals(1, decoder.decode(frame, sink));
    assertEquals(List.of("hi"), sink.strings());
  }

  @Test
  void lengthFrameAtTheLimitPassesAndOneMoreIsOversized() {
    NetworkPacketStructure structure = new NetworkPacketStructure(5);
    for (RecoveryPolicy policy : RecoveryPolicy.values()) {
      FrameDecoder decoder = structure.newDecoder("c", policy);
      TestBytes.Collector sink = new TestBytes.Collector();
      byte[] five = structure.toPacket(ascii("12345"));
      for (int i = 0; i < five.length; i++) {
        decoder.decode(five, i, 1, sink);
      }
      assertEquals(1, decoder.decode(five, sink));
      assertEquals(List.of("12345", "12345"), sink.strings());
      OversizedPacketException e =
          assertThrows(
              OversizedPacketException.class, () -> decoder.decode(hex("00 00 00 06"), sink));
      assertEquals(6, e.size());
    }
  }

  @Test
  void closeThrowsAtOnceAndRefusesInputUntilReset() {
    NetworkPacketStructure structure = new NetworkPacketStructure(5);
    FrameDecoder decoder = structure.newDecoder("c", RecoveryPolicy.CLOSE);
    TestBytes.Collector sink = new TestBytes.Collector();
    byte[] chunk =
        concat(
            structure.toPacket(ascii("a")),
            hex("00 00 00 0A"),
            ascii("0123456789"),
            structure.toPacket(ascii("hi")));
    OversizedPacketException e =
        assertThrows(OversizedPacketException.class, () -> decoder.decode(chunk, sink));
    assertEquals(10, e.size());
    assertEquals(List.of("a"), sink.strings());
    assertTrue(decoder.isClosed());
    assertEquals(0, decoder.buffered());

    byte[] ok = structure.toPacket(ascii("ok"));
    PacketException refused = assertThrows(PacketException.class, () -> decoder.decode(ok, sink));
    assertFalse(refused instanceof OversizedPacketException);
    assertTrue(refused.getMessage().contains("closed"), refused.getMessage());
    assertThrows(PacketException.class, () -> decoder.decode(new byte[0], sink));
    assertEquals(List.of("a"), sink.strings());
    assertEquals(1, decoder.problems());

    decoder.reset();
    assertFalse(decoder.isClosed());
    assertEquals(1, decoder.decode(ok, sink));
    assertEquals(List.of("a", "ok"), sink.strings());
  }

  @Test
  void closedDelimitedDecoderReopensOnReset() {
    FrameDecoder decoder = DelimitedPacketStructure.dollar().newDecoder("c", RecoveryPolicy.CLOSE);
    TestBytes.Collector sink = new TestBytes.Collector();
    assertThrows(PacketException.class, () -> decoder.decode(ascii("x$A$"), sink));
    assertTrue(decoder.isClosed());
    assertThrows(PacketException.class, () -> decoder.decode(ascii("$B$"), sink));
    decoder.reset();
    assertEquals(1, decoder.decode(ascii("$C$"), sink));
    assertEquals(List.of("C"), sink.strings());
  }

  @Test
  void resetDropsBufferedBytes() {
    FrameDecoder decoder = new NetworkPacketStructure().newDecoder("c");
    TestBytes.Collector sink = new TestBytes.Collector();
    decoder.decode(hex("00 00 00 05 01 02"), sink);
    assertEquals(6, decoder.buffered());
    decoder.reset();
    assertEquals(0, decoder.buffered());
    assertEquals(1, decoder.decode(hex("00 00 00 01 07"), sink));
    assertArrayEquals(new byte[] {7}, sink.payloads.get(0));
  }

  // ---------------------------------------------------------------- delimited bad input

  @Test
  void delimitedGarbageUnderResync() {
    FrameDecoder decoder = DelimitedPacketStructure.dollar().newDecoder("c", RecoveryPolicy.RESYNC);
    TestBytes.Collector sink = new TestBytes.Collector();
    PacketException e =
        assertThrows(PacketException.class, () -> decoder.decode(ascii("xx$A$yy$B$"), sink));
    assertFalse(e instanceof OversizedPacketException);
    assertTrue(e.getMessage().contains("2 bytes"), e.getMessage());
    assertEquals(List.of("A", "B"), sink.strings());
    assertEquals(4, decoder.discardedBytes());
    assertEquals(2, decoder.problems());
    assertEquals(2, decoder.frames());
    assertFalse(decoder.isClosed());
    // the next clean chunk raises nothing
    assertEquals(1, decoder.decode(ascii("$C$"), sink));
  }

  @Test
  void delimitedGarbageUnderClose() {
    FrameDecoder decoder = DelimitedPacketStructure.dollar().newDecoder("c", RecoveryPolicy.CLOSE);
    TestBytes.Collector sink = new TestBytes.Collector();
    assertThrows(PacketException.class, () -> decoder.decode(ascii("xx$A$yy$B$"), sink));
    assertTrue(sink.payloads.isEmpty());
    assertTrue(decoder.isClosed());
    assertEquals(1, decoder.problems());
    assertEquals(2, decoder.discardedBytes());
  }

  @Test
  void garbageAtTheEndOfAChunkIsReportedWithThatChunk() {
    FrameDecoder decoder = DelimitedPacketStructure.dollar().newDecoder("c");
    TestBytes.Collector sink = new TestBytes.Collector();
    PacketException e =
        assertThrows(PacketException.class, () -> decoder.decode(ascii("$A$zz"), sink));
    assertTrue(e.getMessage().contains("2 bytes"), e.getMessage());
    assertEquals(List.of("A"), sink.strings());
    assertEquals(1, decoder.decode(ascii("$B$"), sink));
    assertEquals(2, decoder.discardedBytes());
    assertEquals(1, decoder.problems());
  }

  @Test
  void partialMultiByteHeadAtTheEndOfAChunkIsKept() {
    DelimitedPacketStructure angles = new DelimitedPacketStructure(ascii("<<"), ascii(">>"));
    FrameDecoder decoder = angles.newDecoder("c");
    TestBytes.Collector sink = new TestBytes.Collector();
    assertThrows(PacketException.class, () -> decoder.decode(ascii("<<A>>z<"), sink));
    assertEquals(1, decoder.buffered());
    assertEquals(1, decoder.decode(ascii("<B>>"), sink));
    assertEquals(List.of("A", "B"), sink.strings());
    assertEquals(1, decoder.discardedBytes());

    PacketException e =
        assertThrows(PacketException.class, () -> decoder.decode(ascii("<x<<C>>"), sink));
    assertTrue(e.getMessage().contains("2 bytes"), e.getMessage());
    assertEquals(List.of("A", "B", "C"), sink.strings());
    assertEquals(3, decoder.discardedBytes());
  }

  @Test
  void delimitedOversizeSkipsToTheNextTailThenResumes() {
    DelimitedPacketStructure small = new DelimitedPacketStructure(ascii("$"), ascii("$"), 3);
    FrameDecoder decoder = small.newDecoder("c", RecoveryPolicy.RESYNC);
    TestBytes.Collector sink = new TestBytes.Collector();
    OversizedPacketException e =
        assertThrows(
            OversizedPacketException.class,
            () -> decoder.decode(ascii("$ABC$$ABCDEFG$$OK$"), sink));
    assertEquals(4, e.size());
    assertEquals(3, e.limit());
    assertEquals(List.of("ABC", "OK"), sink.strings());
    assertEquals(9, decoder.discardedBytes()); // "$ABCD" then "EFG$"
    assertEquals(1, decoder.problems());

    // the same across chunks: the skip goes on in the next chunk, which raises nothing
    FrameDecoder split = small.newDecoder("c", RecoveryPolicy.RESYNC);
    TestBytes.Collector splitSink = new TestBytes.Collector();
    assertThrows(OversizedPacketException.class, () -> split.decode(ascii("$ABCD"), splitSink));
    assertEquals(0, split.buffered());
    assertEquals(1, split.decode(ascii("EFG$$OK$"), splitSink));
    assertEquals(List.of("OK"), splitSink.strings());
  }

  @Test
  void delimitedOversizeWithoutHeadSkipsPastTheTail() {
    DelimitedPacketStructure lines = new DelimitedPacketStructure(new byte[0], ascii("\n"), 3);
    FrameDecoder decoder = lines.newDecoder("c");
    TestBytes.Collector sink = new TestBytes.Collector();
    OversizedPacketException e =
        assertThrows(
            OversizedPacketException.class, () -> decoder.decode(ascii("ABCDEF\nok\n"), sink));
    assertEquals(4, e.size());
    assertEquals(List.of("ok"), sink.strings());
    assertEquals(7, decoder.discardedBytes());
  }

  @Test
  void delimitedOversizeUnderClose() {
    DelimitedPacketStructure small = new DelimitedPacketStructure(ascii("$"), ascii("$"), 3);
    FrameDecoder decoder = small.newDecoder("c", RecoveryPolicy.CLOSE);
    TestBytes.Collector sink = new TestBytes.Collector();
    assertThrows(
        OversizedPacketException.class, () -> decoder.decode(ascii("$OK$$ABCDEFG$$NO$"), sink));
    assertEquals(List.of("OK"), sink.strings());
    assertTrue(decoder.isClosed());
    assertEquals(0, decoder.buffered());
  }

  @Test
  void payloadAtTheDelimitedLimitPasses() {
    DelimitedPacketStructure small =
        new DelimitedPacketStructure(new byte[0], ascii("\r\n\r\n"), 3);
    FrameDecoder decoder = small.newDecoder("c");
    TestBytes.Collector sink = new TestBytes.Collector();
    byte[] stream = ascii("ab\r\r\n\r\n\r\n\r\n");
    for (int i = 0; i < stream.length; i++) {
      decoder.decode(stream, i, 1, sink);
      assertTrue(decoder.buffered() <= 3 + 4, "buffered " + decoder.buffered());
    }
    assertEquals(List.of("ab\r", ""), sink.strings());
    assertEquals(0, decoder.problems());
  }

  @Test
  void doubleDollarIsAResyncPoint() {
    FrameDecoder decoder = DelimitedPacketStructure.dollar().newDecoder("c");
    TestBytes.Collector sink = new TestBytes.Collector();
    // joined mid-frame: "bc" are the end of a frame we missed, "$$" closes it and opens "def"
    PacketException e =
        assertThrows(PacketException.class, () -> decoder.decode(ascii("bc$$def$"), sink));
    assertTrue(e.getMessage().contains("2 bytes"), e.getMessage());
    assertEquals(List.of("def"), sink.strings());
    assertEquals(3, decoder.discardedBytes());

    FrameDecoder clean = DelimitedPacketStructure.dollar().newDecoder("c");
    TestBytes.Collector cleanSink = new TestBytes.Collector();
    assertEquals(2, clean.decode(ascii("$$def$$$$A$"), cleanSink));
    assertEquals(List.of("def", "A"), cleanSink.strings());
    assertEquals(0, clean.problems());
    assertEquals(3, clean.discardedBytes());
  }

  // ---------------------------------------------------------------- counters, copies, arguments

  @Test
  void countersAndReturnValues() {
    FrameDecoder decoder = DelimitedPacketStructure.dollar().newDecoder("c");
    TestBytes.Collector sink = new TestBytes.Collector();
    assertEquals(0, decoder.frames());
    assertEquals(0, decoder.problems());
    assertEquals(0, decoder.decode(new byte[0], sink));
    assertEquals(3, decoder.decode(ascii("$a$$b$$c$"), sink));
    assertEquals(3, decoder.frames());
    assertThrows(PacketException.class, () -> decoder.decode(ascii("!$d$!"), sink));
    assertEquals(4, decoder.frames());
    assertEquals(2, decoder.problems());
    assertEquals(2, decoder.discardedBytes());
  }

  @ParameterizedTest
  @EnumSource(RecoveryPolicy.class)
  void everyPayloadIsAFreshArray(RecoveryPolicy policy) {
    NetworkPacketStructure length = new NetworkPacketStructure();
    DelimitedPacketStructure dollar = DelimitedPacketStructure.dollar();
    for (StreamingPacketStructure structure : List.<StreamingPacketStructure>of(length, dollar)) {
      FrameDecoder decoder = structure.newDecoder("c", policy);
      TestBytes.Collector sink = new TestBytes.Collector();
      byte[] chunk =
          concat(
              structure.toPacket(ascii("one")),
              structure.toPacket(ascii("two")),
              Arrays.copyOf(structure.toPacket(ascii("three")), 4));
      decoder.decode(chunk, sink);
      Arrays.fill(chunk, (byte) '#');
      byte[] tail = structure.toPacket(ascii("three"));
      decoder.decode(tail, 4, tail.length - 4, sink);
      Arrays.fill(tail, (byte) '#');
      assertEquals(List.of("one", "two", "three"), sink.strings());
      assertNotSame(sink.payloads.get(0), sink.payloads.get(1));
      sink.payloads.get(0)[0] = 'X';
      assertEquals(1, decoder.decode(structure.toPacket(ascii("one")), sink));
      assertEquals("one", sink.strings().get(3));
    }
  }

  @Test
  void badOffsetOrLengthIsIndexOutOfBounds() {
    for (StreamingPacketStructure structure :
        List.<StreamingPacketStructure>of(
            new NetworkPacketStructure(), DelimitedPacketStructure.dollar())) {
      FrameDecoder decoder = structure.newDecoder("c");
      byte[] chunk = new byte[8];
      assertThrows(IndexOutOfBoundsException.class, () -> decoder.decode(chunk, -1, 1, p -> {}));
      assertThrows(IndexOutOfBoundsException.class, () -> decoder.decode(chunk, 0, 9, p -> {}));
      assertThrows(IndexOutOfBoundsException.class, () -> decoder.decode(chunk, 2, 7, p -> {}));
      assertThrows(IndexOutOfBoundsException.class, () -> decoder.decode(chunk, 9, 0, p -> {}));
      assertThrows(IndexOutOfBoundsException.class, () -> decoder.decode(chunk, 0, -1, p -> {}));
      assertThrows(NullPointerException.class, () -> decoder.decode(chunk, null));
      assertEquals(0, decoder.decode(chunk, 8, 0, p -> {}));
      assertEquals(0, decoder.buffered());
    }
  }
}
