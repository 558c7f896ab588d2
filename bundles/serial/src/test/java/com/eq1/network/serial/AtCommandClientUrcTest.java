package com.eq1.network.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unsolicited result codes reach the listeners, never a response, and listeners cannot stall it.
 */
class AtCommandClientUrcTest {

  private static final List<String> MESSAGES =
      List.of(
          "+CMGL: 1,\"REC READ\",\"+4915\"", "first", "+CMGL: 2,\"REC READ\",\"+4916\"", "second");

  private final LoopbackModem modem = new LoopbackModem("urc-modem");
  private final AtCommandClient client = modem.client();
  private final RecordingUrcListener listener = new RecordingUrcListener();

  @AfterEach
  void close() {
    modem.close();
  }

  @ParameterizedTest(name = "echo {0}")
  @ValueSource(strings = {"ATE1", "ATE0"})
  void urcInTheMiddleOfAResponseGoesToTheListenerOnly(String echo) {
    client.requireOk(echo);
    client.addUnsolicitedListener(listener);

    AtResponse response = client.execute("AT+CMGL");

    assertEquals(MESSAGES, response.lines());
    assertTrue(response.isOk());
    assertEquals(List.of("+CMTI: \"SM\",3"), listener.awaitLine("+CMTI: \"SM\",3"));
    assertTrue(
        listener.threads().get(0).startsWith("eq1-at-urc-modem-urc-"),
        listener.threads().toString());
  }

  @Test
  void bothLinesOfATwoLineUrcGoToTheListener() {
    client.addUnsolicitedListener(listener);

    AtResponse response = client.execute("AT+CSQ");

    assertEquals(List.of("+CSQ: 21,99"), response.lines());
    assertEquals(ModemPeer.CMT_URC, listener.awaitLine(ModemPeer.CMT_URC.get(1)));
  }

  @Test
  void linesArrivingWithNothingPendingGoToTheListenersInOrder() {
    client.addUnsolicitedListener(listener);

    modem.peer.push("RING");
    modem.peer.push("+CLIP: \"+4915\",145");
    modem.peer.push("SOMETHING ODD");

    assertEquals(
        List.of("RING", "+CLIP: \"+4915\",145", "SOMETHING ODD"),
        listener.awaitLine("SOMETHING ODD"));
    assertTrue(client.execute("AT").lines().isEmpty());
  }

  @Test
  void extraPrefixesMakeVendorLinesUnsolicited() {
    client.close(); // one reader per protocol
    AtCommandClient vendor = modem.client(Duration.ofSeconds(5), List.of("^SYSSTART"));
    vendor.addUnsolicitedListener(listener);
    modem.peer.midResponseUrc("^SYSSTART");

    AtResponse response = vendor.execute("AT+CMGL");

    assertEquals(MESSAGES, response.lines());
    assertEquals(List.of("^SYSSTART"), listener.awaitLine("^SYSSTART"));
  }

  @Test
  void withoutTheExtraPrefixAVendorLineStaysInTheResponse() {
    client.addUnsolicitedListener(listener);
    modem.peer.midResponseUrc("^SYSSTART");

    AtResponse response = client.execute("AT+CMGL");

    List<String> expected = new ArrayList<>(MESSAGES);
    expected.add(2, "^SYSSTART");
    assertEquals(expected, response.lines());
    assertEquals(List.of(), listener.lines());
  }

  @Test
  void aThrowingListenerIsLoggedAndDeliveryGoesOn() {
    AtomicInteger calls = new AtomicInteger();
    client.addUnsolicitedListener(
        line -> {
          calls.incrementAndGet();
          throw new IllegalStateException("listener bug");
        });
    client.addUnsolicitedListener(listener);

    modem.peer.push("RING");
    modem.peer.push("+CMTI: \"SM\",4");

    assertEquals(List.of("RING", "+CMTI: \"SM\",4"), listener.awaitLine("+CMTI: \"SM\",4"));
    assertEquals(2, calls.get());
  }

  @Test
  void aSlowListenerDoesNotHoldUpResponses() throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    client.addUnsolicitedListener(
        line -> {
          entered.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    client.addUnsolicitedListener(listener);
    modem.peer.push("RING");
    assertTrue(entered.await(10, TimeUnit.SECONDS));

    AtResponse during = client.execute("AT+CMGL", Duration.ofSeconds(2));
    assertFalse(listener.lines().contains("RING"), "the listeners are still held up");
    release.countDown();

    assertEquals(MESSAGES, during.lines());
    assertEquals(List.of("RING", "+CMTI: \"SM\",3"), listener.awaitLine("+CMTI: \"SM\",3"));
  }

  @Test
  void aRemovedListenerGetsNoMoreLines() {
    RecordingUrcListener removed = new RecordingUrcListener();
    client.addUnsolicitedListener(removed);
    client.addUnsolicitedListener(listener);
    client.removeUnsolicitedListener(removed);

    modem.peer.push("RING");

    assertEquals(List.of("RING"), listener.awaitLine("RING"));
    assertEquals(List.of(), removed.lines());
  }
}
