package com.eq1.network.loopback;

import static com.eq1.network.api.ConnectionState.CLOSED;
import static com.eq1.network.api.ConnectionState.CONNECTED;
import static com.eq1.network.api.ConnectionState.CONNECTING;
import static com.eq1.network.api.ConnectionState.DISCONNECTED;
import static com.eq1.network.loopback.RecordingListener.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.QueueFullException;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.loopback.RecordingListener.Transition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The loopback request/response connection: reads back what it sends. */
class LoopbackReqResProtocolTest {

  private final ExecutorService helper = Executors.newSingleThreadExecutor();
  private LoopbackReqResProtocol echo;

  @BeforeEach
  void create() {
    echo = new LoopbackReqResProtocol("echo");
  }

  @AfterEach
  void close() throws InterruptedException {
    echo.close();
    helper.shutdownNow();
    assertTrue(helper.awaitTermination(5, TimeUnit.SECONDS));
  }

  private static String text(Optional<byte[]> message) {
    return new String(message.orElseThrow(), StandardCharsets.UTF_8);
  }

  @Test
  void describesItself() {
    assertEquals("echo", echo.name());
    assertEquals("loopback-reqres", echo.protocolType());
    assertEquals(LoopbackReqResProtocol.PROTOCOL_TYPE, echo.protocolType());
    assertTrue(echo instanceof ReqResProtocol);
  }

  @Test
  void readsBackWhatWasSentInOrder() {
    echo.connect();

    assertEquals(3, echo.send(utf8("one")));
    echo.send(utf8("two"));
    echo.send(new byte[0]);

    assertEquals("one", text(echo.read()));
    assertEquals("two", text(echo.read()));
    assertArrayEquals(new byte[0], echo.read().orElseThrow());
    assertEquals(Optional.empty(), echo.read());
  }

  @Test
  void readIsEmptyWhenNothingWasSent() {
    echo.connect();

    assertTrue(echo.read().isEmpty());
    assertTrue(echo.read(Duration.ZERO).isEmpty());
    assertTrue(echo.read(Duration.ofMillis(-1)).isEmpty());
  }

  @Test
  void sentArrayIsCopied() {
    echo.connect();
    byte[] data = {1, 2, 3};

    echo.send(data);
    data[0] = 9;

    assertArrayEquals(new byte[] {1, 2, 3}, echo.read().orElseThrow());
  }

  @Test
  void readWithTimeoutWaitsForAMessageSentLater() throws Exception {
    echo.connect();
    CountDownLatch reading = new CountDownLatch(1);
    Future<Optional<byte[]>> read =
        helper.submit(
            () -> {
              reading.countDown();
              return echo.read(Duration.ofSeconds(10));
            });
    assertTrue(reading.await(5, TimeUnit.SECONDS));

    echo.send(utf8("late"));

    assertEquals("late", text(read.get(10, TimeUnit.SECONDS)));
  }

  @Test
  void readWithTimeoutReturnsEmptyWhenNothingArrives() {
    echo.connect();

    assertEquals(Optional.empty(), echo.read(Duration.ofMillis(50)));
  }

  @Test
  void interruptedReadReturnsEmptyAndKeepsTheInterruptFlag() {
    echo.connect();
    echo.send(utf8("waiting"));
    echo.read();

    Thread.currentThread().interrupt();
    try {
      assertEquals(Optional.empty(), echo.read(Duration.ofSeconds(10)));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void sendsWhileDisconnectedAreQueuedAndReadableAfterConnect() {
    echo.send(utf8("1"));
    echo.send(utf8("2"));
    assertEquals(Optional.empty(), echo.read());
    assertEquals(2, echo.statistics().queued());

    echo.connect();

    assertEquals(0, echo.statistics().queued());
    assertEquals("1", text(echo.read()));
    assertEquals("2", text(echo.read()));
  }

  @Test
  void unreadMessagesStayReadableAfterDisconnect() {
    echo.connect();
    echo.send(utf8("kept"));

    echo.disconnect();

    assertEquals(DISCONNECTED, echo.state());
    assertEquals("kept", text(echo.read()));
  }

  @Test
  void fullOutboundQueueRejectsTheNewestSend() {
    LoopbackReqResProtocol small =
        new LoopbackReqResProtocol(
            "small", new QueueSettings(1, Duration.ofMinutes(1), OverflowPolicy.REJECT_NEWEST), 10);
    try {
      small.send(utf8("1"));
      assertThrows(QueueFullException.class, () -> small.send(utf8("2")));
      assertEquals(1, small.statistics().dropped());
      small.connect();
      assertEquals("1", text(small.read()));
      assertEquals(Optional.empty(), small.read());
    } finally {
      small.close();
    }
  }

  @Test
  void fullReceiveBufferRejectsTheSendAndCountsAnError() {
    LoopbackReqResProtocol small = new LoopbackReqResProtocol("small", QueueSettings.DEFAULT, 2);
    try {
      small.connect();
      small.send(utf8("1"));
      small.send(utf8("2"));

      QueueFullException e = assertThrows(QueueFullException.class, () -> small.send(utf8("3")));

      assertEquals(2, e.capacity());
      ConnectionStatistics stats = small.statistics();
      assertEquals(1, stats.errors());
      assertTrue(stats.lastError().contains("receive buffer full"), stats.lastError());
      assertEquals(2, stats.messagesOut());
      assertEquals("1", text(small.read()));
      assertEquals("2", text(small.read()));
      assertEquals(Optional.empty(), small.read());
      small.send(utf8("4"));
      assertEquals("4", text(small.read()), "the connection stays usable");
    } finally {
      small.close();
    }
  }

  @Test
  void queuedSendThatFindsTheReceiveBufferFullOnConnectIsCountedOnce() {
    LoopbackReqResProtocol small = new LoopbackReqResProtocol("small", QueueSettings.DEFAULT, 1);
    try {
      small.send(utf8("1"));
      small.send(utf8("2"));

      small.connect();

      assertEquals(CONNECTED, small.state());
      ConnectionStatistics stats = small.statistics();
      assertEquals(1, stats.errors(), "one message was lost");
      assertEquals(1, stats.messagesOut());
      assertEquals(0, stats.queued());
      assertEquals("1", text(small.read()));
      assertEquals(Optional.empty(), small.read());
    } finally {
      small.close();
    }
  }

  @Test
  void countsMessagesAndBytes() {
    echo.connect();
    echo.send(new byte[4]);
    echo.send(new byte[6]);

    ConnectionStatistics stats = echo.statistics();
    assertEquals(2, stats.messagesOut());
    assertEquals(10, stats.bytesOut());
    assertEquals(2, stats.messagesIn());
    assertEquals(10, stats.bytesIn());
    assertEquals(0, stats.errors());
    assertEquals(CONNECTED, stats.state());
  }

  @Test
  void stateListenerSeesTheLifecycle() {
    List<Transition> transitions = new CopyOnWriteArrayList<>();
    echo.addStateListener(
        (name, previous, current) -> transitions.add(new Transition(name, previous, current)));

    echo.connect();
    echo.disconnect();
    echo.close();

    assertEquals(
        List.of(
            new Transition("echo", DISCONNECTED, CONNECTING),
            new Transition("echo", CONNECTING, CONNECTED),
            new Transition("echo", CONNECTED, DISCONNECTED),
            new Transition("echo", DISCONNECTED, CLOSED)),
        transitions);
  }

  @Test
  void closeDropsUnreadMessagesAndCountsQueuedOnesAsExpired() {
    echo.connect();
    echo.send(utf8("unread"));
    echo.disconnect();
    echo.send(utf8("queued"));

    echo.close();

    assertEquals(CLOSED, echo.state());
    assertEquals(Optional.empty(), echo.read());
    assertEquals(1, echo.statistics().expired());
    assertEquals(0, echo.statistics().queued());
    assertFalse(echo.isConnected());
  }

  @Test
  void closedConnectionRefusesSendAndConnect() {
    echo.connect();
    echo.close();
    echo.close(); // idempotent

    assertThrows(ConnectionException.class, () -> echo.send(utf8("x")));
    assertThrows(ConnectionException.class, echo::connect);
    assertEquals(CLOSED, echo.state());
  }
}
