package com.eq1.network.loopback;

import static com.eq1.network.loopback.RecordingListener.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.QueueFullException;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two loopback request/response connections joined like a null-modem cable. */
class LoopbackCableTest {

  private final List<LoopbackReqResProtocol> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(LoopbackReqResProtocol::close);
  }

  private LoopbackReqResProtocol.Cable cable(int inboundCapacity) {
    LoopbackReqResProtocol.Cable cable =
        LoopbackReqResProtocol.cable("end-a", "end-b", QueueSettings.DEFAULT, inboundCapacity);
    opened.add(cable.a());
    opened.add(cable.b());
    return cable;
  }

  private static String text(Optional<byte[]> message) {
    return new String(message.orElseThrow(), StandardCharsets.UTF_8);
  }

  @Test
  void createsTwoDisconnectedEndsWithTheirNames() {
    LoopbackReqResProtocol.Cable cable = cable(10);

    assertEquals("end-a", cable.a().name());
    assertEquals("end-b", cable.b().name());
    assertNotSame(cable.a(), cable.b());
    assertEquals(ConnectionState.DISCONNECTED, cable.a().state());
    assertEquals(ConnectionState.DISCONNECTED, cable.b().state());
    assertEquals(LoopbackReqResProtocol.PROTOCOL_TYPE, cable.a().protocolType());
  }

  @Test
  void whatOneEndSendsTheOtherReadsInOrderBothWays() {
    LoopbackReqResProtocol.Cable cable = cable(10);
    cable.a().connect();
    cable.b().connect();

    assertEquals(3, cable.a().send(utf8("one")));
    cable.a().send(utf8("two"));
    cable.a().send(new byte[0]);
    cable.b().send(utf8("back-1"));
    cable.b().send(utf8("back-2"));

    assertEquals("one", text(cable.b().read()));
    assertEquals("two", text(cable.b().read()));
    assertArrayEquals(new byte[0], cable.b().read().orElseThrow());
    assertEquals(Optional.empty(), cable.b().read(), "b does not read its own sends");
    assertEquals("back-1", text(cable.a().read()));
    assertEquals("back-2", text(cable.a().read()));
    assertEquals(Optional.empty(), cable.a().read(), "a does not read its own sends");
  }

  @Test
  void theSentArrayIsCopied() {
    LoopbackReqResProtocol.Cable cable = cable(10);
    cable.a().connect();
    byte[] data = utf8("abc");

    cable.a().send(data);
    data[0] = 'X';

    assertEquals("abc", text(cable.b().read()));
  }

  @Test
  void aReadWithTimeoutWaitsForTheOtherEnd() throws Exception {
    LoopbackReqResProtocol.Cable cable = cable(10);
    cable.a().connect();
    CompletableFuture<Optional<byte[]>> reading =
        CompletableFuture.supplyAsync(() -> cable.b().read(Duration.ofSeconds(5)));

    cable.a().send(utf8("later"));

    assertEquals("later", text(reading.get(5, TimeUnit.SECONDS)));
  }

  @Test
  void aFullReceiveBufferOnTheOtherEndRejectsTheSendNamingIt() {
    LoopbackReqResProtocol.Cable cable = cable(2);
    cable.a().connect();
    cable.a().send(utf8("1"));
    cable.a().send(utf8("2"));

    QueueFullException full =
        assertThrows(QueueFullException.class, () -> cable.a().send(utf8("3")));

    assertEquals(Optional.of("end-a"), full.connectionName());
    assertEquals(2, full.capacity());
    assertTrue(full.getMessage().contains("receive buffer of end-b full"), full.getMessage());
    ConnectionStatistics a = cable.a().statistics();
    assertEquals(1, a.errors());
    assertTrue(a.lastError().contains("receive buffer of end-b"), a.lastError());
    assertEquals(2, a.messagesOut());
    assertEquals(0, cable.b().statistics().errors(), "the error is the sender's");

    assertEquals("1", text(cable.b().read()));
    cable.a().send(utf8("4"));
    assertEquals("2", text(cable.b().read()));
    assertEquals("4", text(cable.b().read()));
    assertEquals(Optional.empty(), cable.b().read());
  }

  @Test
  void eachEndHasItsOwnReceiveBuffer() {
    LoopbackReqResProtocol.Cable cable = cable(1);
    cable.a().connect();
    cable.b().connect();
    cable.a().send(utf8("to b"));

    cable.b().send(utf8("to a"));

    assertThrows(QueueFullException.class, () -> cable.a().send(utf8("b is full")));
    assertEquals("to a", text(cable.a().read()));
    assertEquals("to b", text(cable.b().read()));
  }

  @Test
  void bytesAreCountedOutOnTheSenderAndInOnTheReceiver() {
    LoopbackReqResProtocol.Cable cable = cable(10);
    cable.a().connect();
    cable.b().connect();

    cable.a().send(new byte[4]);
    cable.a().send(new byte[6]);
    cable.b().send(new byte[7]);

    ConnectionStatistics a = cable.a().statistics();
    ConnectionStatistics b = cable.b().statistics();
    assertEquals(2, a.messagesOut());
    assertEquals(10, a.bytesOut());
    assertEquals(1, a.messagesIn());
    assertEquals(7, a.bytesIn());
    assertEquals(2, b.messagesIn());
    assertEquals(10, b.bytesIn());
    assertEquals(1, b.messagesOut());
    assertEquals(7, b.bytesOut());
    assertEquals(0, a.errors() + b.errors());
  }

  @Test
  void sendsWhileDisconnectedAreQueuedAndCrossOnConnect() {
    LoopbackReqResProtocol.Cable cable = cable(10);
    cable.a().send(utf8("q1"));
    cable.a().send(utf8("q2"));
    assertEquals(2, cable.a().statistics().queued());
    assertEquals(Optional.empty(), cable.b().read());

    cable.a().connect();

    assertEquals(0, cable.a().statistics().queued());
    assertEquals("q1", text(cable.b().read()));
    assertEquals("q2", text(cable.b().read()));
    assertEquals(Optional.empty(), cable.a().read(), "queued sends are not echoed back");
  }

  @Test
  void bothEndsGetTheGivenOutboundQueueSettings() {
    LoopbackReqResProtocol.Cable cable =
        LoopbackReqResProtocol.cable(
            "small-a",
            "small-b",
            new QueueSettings(1, Duration.ofMinutes(1), OverflowPolicy.REJECT_NEWEST),
            10);
    opened.add(cable.a());
    opened.add(cable.b());

    cable.a().send(utf8("kept by a"));
    cable.b().send(utf8("kept by b"));

    assertThrows(QueueFullException.class, () -> cable.a().send(utf8("refused")));
    assertThrows(QueueFullException.class, () -> cable.b().send(utf8("refused")));
    assertEquals(1, cable.a().statistics().dropped());
    assertEquals(1, cable.b().statistics().dropped());
    cable.a().connect();
    cable.b().connect();
    assertEquals("kept by a", text(cable.b().read()));
    assertEquals("kept by b", text(cable.a().read()));
  }

  @Test
  void aConnectionMadeWithoutACableStillEchoes() {
    LoopbackReqResProtocol echo = new LoopbackReqResProtocol("solo", QueueSettings.DEFAULT, 1);
    opened.add(echo);
    echo.connect();

    echo.send(utf8("hello"));
    QueueFullException full = assertThrows(QueueFullException.class, () -> echo.send(utf8("x")));

    assertEquals("hello", text(echo.read()));
    assertEquals(Optional.empty(), echo.read());
    assertTrue(full.getMessage().contains("receive buffer full (1 messages)"), full.getMessage());
    assertFalse(full.getMessage().contains(" of "), full.getMessage());
    ConnectionStatistics stats = echo.statistics();
    assertEquals(1, stats.messagesOut());
    assertEquals(1, stats.messagesIn());
    assertEquals(5, stats.bytesOut());
    assertEquals(5, stats.bytesIn());
  }
}
