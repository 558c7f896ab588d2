package com.eq1.network.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Commands and their answers over a loopback cable to a scripted modem. */
class AtCommandClientTest {

  private final LoopbackModem modem = new LoopbackModem("modem");
  private final AtCommandClient client = modem.client();

  @AfterEach
  void close() {
    modem.close();
  }

  @Test
  void atAnswersOkWithoutLinesAndTheCommandGoesOutWithoutLineEnd() {
    AtResponse response = client.execute("AT");

    assertEquals(new AtResponse("AT", List.of(), AtResult.OK, -1, "OK"), response);
    assertTrue(response.isOk());
    assertEquals(List.of("AT"), modem.peer.commands(), "no CR LF added: the framing adds it");
  }

  @Test
  void atiReturnsTheInformationLinesInOrderWithoutEchoOrEmptyLines() {
    assertTrue(modem.peer.echo());

    AtResponse response = client.execute("ATI");

    assertEquals(ModemPeer.INFO, response.lines());
    assertEquals(AtResult.OK, response.result());
    assertEquals("ATI", response.command());
    assertEquals("Revision: 1.0", response.line("Revision:").orElseThrow());
    assertThrows(UnsupportedOperationException.class, () -> response.lines().add("x"));
  }

  @Test
  void cmeErrorIsAResponseWithItsNumberNotAnException() {
    assertEquals(AtResult.ERROR, client.execute("AT+CPIN?").result());
    client.requireOk("AT+CMEE=1");

    AtResponse response = client.execute("AT+CPIN?");

    assertEquals(AtResult.CME_ERROR, response.result());
    assertEquals(10, response.errorCode());
    assertEquals("+CME ERROR: 10", response.finalLine());
    assertEquals(List.of(), response.lines());
    assertFalse(response.isOk());
    assertFalse(response.result().isSuccess());
  }

  @Test
  void requireOkThrowsWithTheResponseOnAnErrorAnswer() {
    client.execute("AT+CMEE=1");

    AtCommandException e =
        assertThrows(AtCommandException.class, () -> client.requireOk("AT+CPIN?"));

    assertEquals(10, e.response().errorCode());
    assertEquals("modem", e.connectionName().orElseThrow());
    assertTrue(e.getMessage().contains("AT+CPIN?"), e.getMessage());
    assertTrue(e.getMessage().contains("+CME ERROR: 10"), e.getMessage());
  }

  @Test
  void cmsErrorCarriesItsNumber() {
    AtResponse response = client.execute("AT+CMGR=9");

    assertEquals(AtResult.CMS_ERROR, response.result());
    assertEquals(321, response.errorCode());
  }

  @Test
  void noCarrierEndsADialCommand() {
    AtResponse response = client.execute("ATD+4915123;", Duration.ofSeconds(5));

    assertEquals(AtResult.NO_CARRIER, response.result());
    assertEquals("NO CARRIER", response.finalLine());
    assertEquals(-1, response.errorCode());
  }

  @Test
  void echoOnAndOffGiveTheSameResponsesWithoutConfiguration() {
    AtResponse echoed = client.execute("ATI");
    assertEquals(AtResult.OK, client.execute("ATE0").result());
    assertFalse(modem.peer.echo());
    AtResponse plain = client.execute("ATI");
    client.requireOk("ATE1");
    assertTrue(modem.peer.echo());
    AtResponse echoedAgain = client.execute("ati");

    assertEquals(ModemPeer.INFO, echoed.lines());
    assertEquals(ModemPeer.INFO, plain.lines());
    assertEquals(ModemPeer.INFO, echoedAgain.lines());
  }

  @ParameterizedTest(name = "echo {0}")
  @ValueSource(strings = {"ATE1", "ATE0"})
  void ownPrefixLinesBelongToTheResponseNotToTheListeners(String echo) {
    client.requireOk(echo);
    RecordingUrcListener listener = new RecordingUrcListener();
    client.addUnsolicitedListener(listener);

    AtResponse response = client.execute("AT+CREG?");
    modem.peer.push("+CREG: 5");

    assertEquals(List.of("+CREG: 0,1"), response.lines());
    assertEquals(List.of("+CREG: 5"), listener.awaitLine("+CREG: 5"));
  }

  @Test
  void malformedCommandsAndTimeoutsAreRefusedBeforeSending() {
    assertThrows(IllegalArgumentException.class, () -> client.execute("AT\r"));
    assertThrows(IllegalArgumentException.class, () -> client.execute("AT\nATI"));
    assertThrows(IllegalArgumentException.class, () -> client.execute(" "));
    assertThrows(IllegalArgumentException.class, () -> client.execute("AT+CPBW=1,\"é\""));
    assertThrows(IllegalArgumentException.class, () -> client.execute("AT", Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class, () -> new AtCommandClient(modem.cable.a(), Duration.ZERO));

    assertEquals(List.of(), modem.peer.commands());
    assertEquals("modem", client.name());
  }
}
