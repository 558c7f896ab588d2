package com.eq1.network.serial;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.link.ReconnectSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection's own logic — queueing, flushing, reopening, the receive buffer — on scripted
 * lines that fail on cue, which a pseudo-terminal cannot do: a write failing under a send, a device
 * taking no bytes, a reader blocked on a full buffer.
 */
class SerialLogicTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ReconnectSettings FAST =
      new ReconnectSettings(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(10));

  private final LinkedBlockingQueue<ScriptedLine> lines = new LinkedBlockingQueue<>();
  private SerialProtocol serial;

  @AfterEach
  void close() {
    if (serial != null) {
      serial.close();
    }
  }

  private SerialProtocol open(SerialSettings.Builder settings) {
    serial =
        new SerialProtocol(
            settings.reconnect(FAST).build(),
            (connection, port, line) -> {
              ScriptedLine next = lines.poll();
              if (next == null) {
                throw new ConnectionException(connection, "port " + port + " does not exist");
              }
              return next;
            });
    return serial;
  }

  private ScriptedLine plug() {
    ScriptedLine line = new ScriptedLine();
    lines.add(line);
    return line;
  }

  @Test
  void aWriteFailingUnderASendQueuesItForTheReopenedPort() {
    ScriptedLine first = plug();
    open(SerialSettings.builder("flaky", "/dev/ttyUSB0")).connect();
    first.writeFailure = new IOException("Input/output error");
    assertEquals(3, serial.send(new byte[] {1, 2, 3})); // accepted: it waits for the port
    assertEquals(1, serial.statistics().queued());
    ScriptedLine second = plug();
    second.writeFailure = new IOException("still failing");
    await().atMost(WAIT).until(() -> !lines.contains(second)); // reopened, the flush failed again
    ScriptedLine third = plug();
    await().atMost(WAIT).until(() -> third.written().length == 3);
    assertArrayEquals(new byte[] {1, 2, 3}, third.written());
    assertEquals(ConnectionState.CONNECTED, serial.state());
    assertTrue(serial.statistics().reconnects() >= 2);
  }

  @Test
  void aDeviceTakingNothingTimesOutASendAndHoldsTheQueueUntilItDoes() {
    ScriptedLine line = plug();
    open(SerialSettings.builder("held", "/dev/ttyUSB0")).connect();
    line.takePerWrite = 0;
    ProtocolTimeoutException e =
        assertThrows(ProtocolTimeoutException.class, () -> serial.send(new byte[] {9}));
    assertTrue(e.getMessage().contains("took 0 of 1 bytes"), e.getMessage());
    serial.disconnect();
    serial.send(new byte[] {1});
    serial.send(new byte[] {2});
    ScriptedLine slow = plug();
    slow.takePerWrite = 0;
    serial.connect();
    slow.takePerWrite = Integer.MAX_VALUE; // the device drains: the queue goes out, in order
    await().atMost(WAIT).until(() -> slow.written().length == 2);
    assertArrayEquals(new byte[] {1, 2}, slow.written());
  }

  @Test
  void aReaderBlockedOnAFullBufferEndsWhenThePortCloses() {
    ScriptedLine line = plug();
    open(SerialSettings.builder("full", "/dev/ttyUSB0").inboundCapacity(1)).connect();
    line.receive(new byte[] {1});
    line.receive(new byte[] {2}); // no room: the reader waits for a reader
    await().atMost(WAIT).until(() -> serial.statistics().messagesIn() == 2);
    serial.disconnect();
    await()
        .atMost(WAIT)
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("eq1-serial-read-full")));
    assertEquals(Optional.of(1), serial.read().map(b -> (int) b[0]));
  }

  @Test
  void aPortFailingUnderTheReaderIsReopened() {
    ScriptedLine line = plug();
    open(SerialSettings.builder("pulled", "/dev/ttyUSB0")).connect();
    ScriptedLine again = plug();
    line.fail(new IOException("port went away (adapter unplugged?)"));
    await().atMost(WAIT).until(() -> serial.statistics().reconnects() == 1);
    again.receive(new byte[] {7});
    assertEquals(Optional.of(7), serial.read(WAIT).map(b -> (int) b[0]));
    assertTrue(serial.statistics().lastError().contains("adapter unplugged"));
  }

  @Test
  void aPortSilentForTheReadTimeoutIsReopened() {
    plug();
    open(SerialSettings.builder("silent", "/dev/ttyUSB0").readTimeout(Duration.ofMillis(300)))
        .connect();
    ScriptedLine again = plug();
    await().atMost(WAIT).until(() -> !lines.contains(again));
    await().atMost(WAIT).until(() -> serial.state() == ConnectionState.CONNECTED);
    assertTrue(serial.statistics().lastError().contains("nothing received for 300 ms"));
  }

  @Test
  void aGapMessageLongerThanTheLimitIsDiscardedAndCounted() {
    ScriptedLine line = plug();
    open(SerialSettings.builder("scale", "/dev/ttyUSB0")
            .framing(SerialFraming.GAP)
            .frameGap(Duration.ofMillis(200))
            .maxFrameBytes(4))
        .connect();
    line.receive(new byte[] {1, 2, 3});
    line.receive(new byte[] {4, 5, 6}); // no gap between: 6 bytes, over the limit of 4
    await().atMost(WAIT).until(() -> serial.statistics().errors() == 1);
    assertTrue(serial.statistics().lastError().contains("longer than 4 bytes"));
    line.receive(new byte[] {7, 8});
    assertArrayEquals(new byte[] {7, 8}, serial.read(WAIT).orElseThrow());
  }

  @Test
  void anInterruptedReadReturnsEmptyAndKeepsTheInterrupt() {
    plug();
    open(SerialSettings.builder("irq", "/dev/ttyUSB0")).connect();
    Thread.currentThread().interrupt();
    try {
      assertEquals(Optional.empty(), serial.read(WAIT));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }
}
