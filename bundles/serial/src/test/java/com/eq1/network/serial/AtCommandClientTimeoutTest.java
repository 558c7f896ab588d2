package com.eq1.network.serial;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.link.ExecutorTermination;
import com.eq1.network.link.NamedThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Timeouts, late answers, concurrent callers and closing. */
class AtCommandClientTimeoutTest {

  private static final Duration SHORT = Duration.ofMillis(300);

  private final LoopbackModem modem = new LoopbackModem("slow-modem");
  private final AtCommandClient client = modem.client();
  private final RecordingUrcListener listener = new RecordingUrcListener();
  private final ExecutorService callers =
      Executors.newFixedThreadPool(8, new NamedThreadFactory("test-at-caller"));

  @AfterEach
  void close() {
    ExecutorTermination.shutdown(callers, Duration.ofSeconds(5));
    modem.close();
  }

  @ParameterizedTest(name = "echo {0}")
  @ValueSource(strings = {"ATE1", "ATE0"})
  void aTimeoutNamesConnectionCommandAndTimeoutAndTheLateAnswerIsNotMixedIn(String echo) {
    client.requireOk(echo);
    client.addUnsolicitedListener(listener);

    ProtocolTimeoutException e =
        assertThrows(ProtocolTimeoutException.class, () -> client.execute("AT+SLOW", SHORT));
    AtResponse next = client.execute("ATI"); // the modem sends the late answer first
    AtResponse after = client.execute("AT");

    assertEquals("slow-modem", e.connectionName().orElseThrow());
    assertTrue(e.getMessage().contains("[slow-modem] AT+SLOW"), e.getMessage());
    assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
    assertEquals(ModemPeer.INFO, next.lines());
    assertEquals(AtResult.OK, next.result());
    assertEquals(List.of(), after.lines());
    modem.peer.push("RING");
    assertEquals(List.of("RING"), listener.awaitLine("RING"), "late answer lines are dropped");
  }

  @ParameterizedTest(name = "echo {0}")
  @ValueSource(strings = {"ATE1", "ATE0"})
  void aLateAnswerArrivingWithNothingPendingIsDropped(String echo) {
    client.requireOk(echo);
    client.addUnsolicitedListener(listener);
    assertThrows(ProtocolTimeoutException.class, () -> client.execute("AT+SLOW", SHORT));

    modem.peer.releaseLateAnswer();
    modem.peer.push("RING");

    assertEquals(List.of("RING"), listener.awaitLine("RING"));
    assertEquals(ModemPeer.INFO, client.execute("ATI").lines());
  }

  @Test
  void withEchoOnTheCommandAfterOneThatNeverAnswersWorksAtOnce() {
    assertThrows(ProtocolTimeoutException.class, () -> client.execute("AT+HANG", SHORT));

    assertEquals(ModemPeer.INFO, client.execute("ATI").lines());
    assertEquals(AtResult.OK, client.execute("AT").result());
  }

  @Test
  void withEchoOffOneCommandAfterOneThatNeverAnswersIsLostThenAllWork() {
    client.requireOk("ATE0");
    assertThrows(ProtocolTimeoutException.class, () -> client.execute("AT+HANG", SHORT));

    // its OK is taken for the late answer of AT+HANG, as documented
    assertThrows(ProtocolTimeoutException.class, () -> client.execute("AT", SHORT));

    for (int i = 0; i < 3; i++) {
      assertEquals(ModemPeer.INFO, client.execute("ATI").lines());
    }
  }

  @Test
  void concurrentCallersEachGetTheirOwnAnswer() throws Exception {
    client.addUnsolicitedListener(listener);
    List<Future<List<String>>> answers = new ArrayList<>();
    for (int caller = 0; caller < 8; caller++) {
      int first = caller * 100;
      answers.add(
          callers.submit(
              () -> {
                List<String> mismatches = new ArrayList<>();
                for (int n = first; n < first + 25; n++) {
                  AtResponse response = client.execute("AT+ID=" + n);
                  if (!response.lines().equals(List.of("+ID: " + n)) || !response.isOk()) {
                    mismatches.add(n + " -> " + response);
                  }
                }
                return mismatches;
              }));
    }
    modem.peer.push("RING");

    for (Future<List<String>> answer : answers) {
      assertEquals(List.of(), answer.get(30, TimeUnit.SECONDS));
    }
    assertEquals(200, modem.peer.commands().size());
    assertEquals(List.of("RING"), listener.awaitLine("RING"));
  }

  @Test
  void aCallerQueuedBehindAHangingCommandTimesOutWithinItsOwnTimeout() throws Exception {
    CompletableFuture<AtResponse> hanging =
        CompletableFuture.supplyAsync(
            () -> client.execute("AT+HANG", Duration.ofMillis(1500)), callers);
    await().atMost(Duration.ofSeconds(5)).until(() -> modem.peer.commands().contains("AT+HANG"));

    long start = System.nanoTime();
    ProtocolTimeoutException e =
        assertThrows(ProtocolTimeoutException.class, () -> client.execute("AT", SHORT));
    Duration waited = Duration.ofNanos(System.nanoTime() - start);

    assertTrue(e.getMessage().contains("AT not sent"), e.getMessage());
    assertTrue(waited.compareTo(Duration.ofSeconds(2)) < 0, "waited " + waited);
    ExecutionException failed = assertThrows(ExecutionException.class, hanging::get);
    assertInstanceOf(ProtocolTimeoutException.class, failed.getCause());
  }

  @Test
  void closeFailsThePendingCommandAndEndsTheClientsThreads() throws Exception {
    LoopbackModem other = new LoopbackModem("closing-modem");
    try {
      AtCommandClient closing = other.client();
      closing.addUnsolicitedListener(listener);
      other.peer.push("RING");
      listener.awaitLine("RING");
      CompletableFuture<AtResponse> pending =
          CompletableFuture.supplyAsync(
              () -> closing.execute("AT+HANG", Duration.ofSeconds(30)), callers);
      await().atMost(Duration.ofSeconds(5)).until(() -> other.peer.commands().contains("AT+HANG"));
      assertEquals(2, clientThreads("closing-modem").size(), "reader and delivery threads");

      closing.close();
      closing.close();

      ExecutionException failed =
          assertThrows(ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
      assertInstanceOf(ConnectionException.class, failed.getCause());
      assertEquals(List.of(), clientThreads("closing-modem"));
      assertThrows(ConnectionException.class, () -> closing.execute("AT"));
      assertTrue(other.cable.a().isConnected(), "the protocol is not the client's to close");
    } finally {
      other.close();
    }
  }

  private static List<String> clientThreads(String connection) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("eq1-at-" + connection + "-"))
        .sorted()
        .toList();
  }
}
