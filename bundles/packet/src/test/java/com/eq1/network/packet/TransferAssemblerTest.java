package com.eq1.network.packet;

import static com.eq1.network.packet.TestBytes.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TransferAssemblerTest {

  private static final long T = 1767225600000L;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final TransferAssembler assembler =
      new TransferAssembler("plc1", 1000, 3, TIMEOUT, nanos::get);

  private static Message chunk(
      String source, long id, int index, int count, long total, String body) {
    return Message.builder(MessageType.BULK_DATA)
        .format(MessageFormat.TEXT)
        .timestampMillis(T)
        .source(source)
        .destination("dst")
        .correlationId(9)
        .chunk(new Chunk(id, index, count, total))
        .body(ascii(body))
        .build();
  }

  private static Message whole(String source, String body) {
    return Message.builder(MessageType.BULK_DATA)
        .format(MessageFormat.TEXT)
        .timestampMillis(T)
        .source(source)
        .destination("dst")
        .correlationId(9)
        .body(ascii(body))
        .build();
  }

  private static String text(Optional<Message> message) {
    return TestBytes.string(message.orElseThrow().body());
  }

  @Test
  void wholeMessagePassesThrough() {
    Message message = WireFormatVectorsTest.v1();
    Optional<Message> out = assembler.accept(message);
    assertSame(message, out.orElseThrow());
    assertEquals(0, assembler.inProgress());
    assertEquals(0, assembler.completed());
  }

  @Test
  void inOrderReassembly() {
    assertEquals(Optional.empty(), assembler.accept(chunk("a", 1, 0, 3, 9, "abc")));
    assertEquals(1, assembler.inProgress());
    assertEquals(Optional.empty(), assembler.accept(chunk("a", 1, 1, 3, 9, "def")));
    Optional<Message> out = assembler.accept(chunk("a", 1, 2, 3, 9, "ghi"));
    assertEquals(whole("a", "abcdefghi"), out.orElseThrow());
    assertEquals(Optional.empty(), out.get().chunk());
    assertEquals(0, assembler.inProgress());
    assertEquals(1, assembler.completed());
    assertEquals(0, assembler.rejected());
  }

  @Test
  void unevenPiecesAndGrowth() {
    TransferAssembler big = new TransferAssembler("c", 1000, 1, TIMEOUT, nanos::get);
    big.accept(chunk("a", 1, 0, 4, 700, "x"));
    big.accept(chunk("a", 1, 1, 4, 700, "y".repeat(500)));
    big.accept(chunk("a", 1, 2, 4, 700, ""));
    Optional<Message> out = big.accept(chunk("a", 1, 3, 4, 700, "z".repeat(199)));
    assertEquals("x" + "y".repeat(500) + "z".repeat(199), text(out));
  }

  @Test
  void singleChunkAndEmptyTransfers() {
    assertEquals("abc", text(assembler.accept(chunk("a", 1, 0, 1, 3, "abc"))));
    assertEquals("", text(assembler.accept(chunk("a", 2, 0, 1, 0, ""))));
    assertEquals(2, assembler.completed());
  }

  @Test
  void interleavedTransfersFromTwoSources() {
    // the same transfer id from two sources: two transfers
    assertEquals(Optional.empty(), assembler.accept(chunk("a", 1, 0, 3, 6, "a1")));
    assertEquals(Optional.empty(), assembler.accept(chunk("b", 1, 0, 2, 4, "b1")));
    assertEquals(Optional.empty(), assembler.accept(chunk("a", 1, 1, 3, 6, "a2")));
    assertEquals(2, assembler.inProgress());
    assertEquals(whole("b", "b1b2"), assembler.accept(chunk("b", 1, 1, 2, 4, "b2")).orElseThrow());
    assertEquals(
        whole("a", "a1a2a3"), assembler.accept(chunk("a", 1, 2, 3, 6, "a3")).orElseThrow());
    assertEquals(2, assembler.completed());
    assertEquals(0, assembler.inProgress());
  }

  private void assertRejected(Message message, long rejectedAfter) {
    PacketException e = assertThrows(PacketException.class, () -> assembler.accept(message));
    assertFalse(e instanceof OversizedPacketException, e.toString());
    assertTrue(e.getMessage().startsWith("[plc1] "), e.getMessage());
    assertEquals(rejectedAfter, assembler.rejected());
  }

  @Test
  void chunkWithoutStartIsRejected() {
    assertRejected(chunk("a", 1, 1, 3, 9, "def"), 1);
    assertEquals(0, assembler.inProgress());
  }

  @Test
  void outOfOrderChunkIsRejectedAndOthersAreUnaffected() {
    assembler.accept(chunk("a", 1, 0, 3, 9, "abc"));
    assembler.accept(chunk("b", 1, 0, 2, 4, "b1"));
    assertRejected(chunk("a", 1, 2, 3, 9, "ghi"), 1);
    assertEquals(1, assembler.inProgress());
    // the discarded transfer cannot continue
    assertRejected(chunk("a", 1, 1, 3, 9, "def"), 2);
    assertEquals("b1b2", text(assembler.accept(chunk("b", 1, 1, 2, 4, "b2"))));
    assertEquals(1, assembler.completed());
  }

  @Test
  void repeatedChunkIsRejected() {
    assembler.accept(chunk("a", 1, 0, 3, 9, "abc"));
    assembler.accept(chunk("a", 1, 1, 3, 9, "def"));
    assertRejected(chunk("a", 1, 1, 3, 9, "def"), 1);
  }

  @Test
  void countMismatchIsRejected() {
    assembler.accept(chunk("a", 1, 0, 3, 9, "abc"));
    assembler.accept(chunk("b", 1, 0, 2, 4, "b1"));
    assertRejected(chunk("a", 1, 1, 4, 9, "def"), 1);
    assertEquals("b1b2", text(assembler.accept(chunk("b", 1, 1, 2, 4, "b2"))));
  }

  @Test
  void totalMismatchIsRejected() {
    assembler.accept(chunk("a", 1, 0, 3, 9, "abc"));
    assertRejected(chunk("a", 1, 1, 3, 10, "def"), 1);
    assertEquals(0, assembler.inProgress());
  }

  @Test
  void overflowOfTheTotalIsRejected() {
    assembler.accept(chunk("a", 1, 0, 2, 4, "abc"));
    assertRejected(chunk("a", 1, 1, 2, 4, "def"), 1);
    assertEquals(0, assembler.inProgress());
    // a first chunk already larger than the total
    assertRejected(chunk("a", 2, 0, 2, 2, "abc"), 2);
    assertEquals(0, assembler.inProgress());
  }

  @Test
  void shortTotalAtTheEndIsRejected() {
    assembler.accept(chunk("a", 1, 0, 2, 10, "abc"));
    assembler.accept(chunk("b", 1, 0, 2, 4, "b1"));
    assertRejected(chunk("a", 1, 1, 2, 10, "def"), 1);
    assertEquals(1, assembler.inProgress());
    assertEquals(0, assembler.completed());
    assertEquals("b1b2", text(assembler.accept(chunk("b", 1, 1, 2, 4, "b2"))));
  }

  @Test
  void totalAboveTheLimitIsOversized() {
    OversizedPacketException e =
        assertThrows(
            OversizedPacketException.class,
            () -> assembler.accept(chunk("a", 1, 0, 2, 1001, "abc")));
    assertEquals(1001, e.size());
    assertEquals(1000, e.limit());
    assertEquals(1, assembler.rejected());
    assertEquals(0, assembler.inProgress());
    assertEquals("abc", text(assembler.accept(chunk("a", 2, 0, 1, 3, "abc"))));
    assertEquals(
        "x".repeat(1000), text(assembler.accept(chunk("a", 3, 0, 1, 1000, "x".repeat(1000)))));
  }

  @Test
  void transfersInProgressAreLimited() {
    assembler.accept(chunk("a", 1, 0, 2, 2, "a"));
    assembler.accept(chunk("b", 1, 0, 2, 2, "b"));
    assembler.accept(chunk("a", 2, 0, 2, 2, "c"));
    assertEquals(3, assembler.inProgress());
    PacketException e =
        assertThrows(PacketException.class, () -> assembler.accept(chunk("d", 1, 0, 2, 2, "d")));
    assertTrue(e.getMessage().contains("3 transfers already in progress"), e.getMessage());
    assertEquals(1, assembler.rejected());
    assertEquals(3, assembler.inProgress());
    assertEquals("aA", text(assembler.accept(chunk("a", 1, 1, 2, 2, "A"))));
    assertEquals("bB", text(assembler.accept(chunk("b", 1, 1, 2, 2, "B"))));
    assembler.accept(chunk("d", 1, 0, 2, 2, "d"));
    assertEquals("dD", text(assembler.accept(chunk("d", 1, 1, 2, 2, "D"))));
    assertEquals("cC", text(assembler.accept(chunk("a", 2, 1, 2, 2, "C"))));
  }

  @Test
  void transferWithoutChunksForTheTimeoutExpires() {
    assembler.accept(chunk("a", 1, 0, 3, 9, "abc"));
    nanos.addAndGet(TIMEOUT.toNanos());
    assertEquals(0, assembler.expire());
    assembler.accept(chunk("a", 1, 1, 3, 9, "def")); // a chunk restarts the clock
    nanos.addAndGet(TIMEOUT.toNanos());
    assertEquals(0, assembler.expire());
    nanos.incrementAndGet();
    assertEquals(1, assembler.expire());
    assertEquals(1, assembler.expired());
    assertEquals(0, assembler.inProgress());
    assertEquals(0, assembler.expire());
    assertRejected(chunk("a", 1, 2, 3, 9, "ghi"), 1);
    assertEquals(1, assembler.expired());
  }

  @Test
  void acceptExpiresStaleTransfersFirst() {
    assembler.accept(chunk("a", 1, 0, 2, 2, "a"));
    assembler.accept(chunk("b", 1, 0, 2, 2, "b"));
    nanos.addAndGet(TIMEOUT.toNanos() / 2);
    assembler.accept(chunk("c", 1, 0, 2, 2, "c"));
    nanos.addAndGet(TIMEOUT.toNanos() / 2 + 1);
    // a and b are stale, c is not: the limit of 3 does not refuse d
    assertEquals(Optional.empty(), assembler.accept(chunk("d", 1, 0, 2, 2, "d")));
    assertEquals(2, assembler.expired());
    assertEquals(2, assembler.inProgress());
    assertEquals("cC", text(assembler.accept(chunk("c", 1, 1, 2, 2, "C"))));
  }

  @Test
  void aNewChunkZeroRestartsTheTransfer() {
    assembler.accept(chunk("a", 1, 0, 3, 9, "abc"));
    assembler.accept(chunk("a", 1, 1, 3, 9, "def"));
    assertEquals(Optional.empty(), assembler.accept(chunk("a", 1, 0, 2, 4, "wx")));
    assertEquals(1, assembler.inProgress());
    assertEquals(1, assembler.rejected()); // the abandoned transfer
    assertEquals("wxyz", text(assembler.accept(chunk("a", 1, 1, 2, 4, "yz"))));
  }

  @Test
  void reassembledMessageTakesTheFieldsOfTheFirstChunk() {
    Message first =
        Message.builder(MessageType.FILE_TRANSFER)
            .format(MessageFormat.BINARY)
            .timestampMillis(5)
            .source("cam")
            .destination("x")
            .correlationId(1)
            .chunk(new Chunk(3, 0, 2, 2))
            .body(new byte[] {1})
            .build();
    Message second =
        first.toBuilder()
            .timestampMillis(6)
            .chunk(new Chunk(3, 1, 2, 2))
            .body(new byte[] {2})
            .build();
    assembler.accept(first);
    Message out = assembler.accept(second).orElseThrow();
    assertEquals(MessageType.FILE_TRANSFER, out.type());
    assertEquals(5, out.timestampMillis());
    assertArrayEquals(new byte[] {1, 2}, out.body());
  }

  @Test
  void constructorChecks() {
    assertThrows(IllegalArgumentException.class, () -> new TransferAssembler("c", -1, 1, TIMEOUT));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TransferAssembler("c", Integer.MAX_VALUE - 7L, 1, TIMEOUT));
    assertThrows(IllegalArgumentException.class, () -> new TransferAssembler("c", 10, 0, TIMEOUT));
    assertThrows(
        IllegalArgumentException.class, () -> new TransferAssembler("c", 10, 1, Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TransferAssembler("c", 10, 1, Duration.ofSeconds(-1)));
    assertThrows(
        NullPointerException.class, () -> new TransferAssembler("c", 10, 1, TIMEOUT, null));
    TransferAssembler real = new TransferAssembler(null, Integer.MAX_VALUE - 8L, 1, TIMEOUT);
    assertEquals("ab", text(real.accept(chunk("a", 1, 0, 1, 2, "ab"))));
    assertEquals(0, real.expire());
  }
}
