package com.eq1.network.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ProtocolTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AT client over a real serial protocol on a pseudo-terminal pair, framed {@code delimited}
 * with {@code crlf}, talking to the scripted modem on the pair's device end.
 */
class AtCommandClientPtyTest {

  @TempDir Path folder;
  private SocatPty pty;
  private ModemPeer peer;
  private SerialProtocol serial;
  private AtCommandClient client;
  private final RecordingUrcListener listener = new RecordingUrcListener();

  @BeforeEach
  void plug() throws Exception {
    pty = new SocatPty(folder);
    peer = new ModemPeer(new PtyModemLine(pty), "pty");
    serial =
        new SerialProtocol(
            SerialSettings.builder("modem", pty.port())
                .framing(SerialFraming.DELIMITED)
                .delimiter("crlf")
                .build(),
            new SerialPorts(folder.resolve("native")));
    serial.connect();
    client = new AtCommandClient(serial, Duration.ofSeconds(5));
    client.addUnsolicitedListener(listener);
  }

  @AfterEach
  void unplug() throws Exception {
    if (client != null) {
      client.close();
    }
    if (serial != null) {
      serial.close();
    }
    pty.close(); // ends the modem's reader
    if (peer != null) {
      peer.close();
    }
  }

  @Test
  void commandsGoOutTerminatedByCrLfAndAnswersComeBackWithEchoOnAndOff() {
    AtResponse echoed = client.execute("ATI");
    client.requireOk("ATE0");
    AtResponse plain = client.execute("ATI");

    assertEquals(ModemPeer.INFO, echoed.lines());
    assertEquals(ModemPeer.INFO, plain.lines());
    assertEquals(List.of("ATI", "ATE0", "ATI"), peer.commands(), "one line per command");
  }

  @Test
  void errorsCarryTheirResultAndNumber() {
    client.requireOk("AT+CMEE=1");

    AtResponse cme = client.execute("AT+CPIN?");
    AtResponse cms = client.execute("AT+CMGR=9");
    AtResponse dial = client.execute("ATD+4915123;");

    assertEquals(AtResult.CME_ERROR, cme.result());
    assertEquals(10, cme.errorCode());
    assertEquals(AtResult.CMS_ERROR, cms.result());
    assertEquals(321, cms.errorCode());
    assertEquals(AtResult.NO_CARRIER, dial.result());
  }

  @Test
  void urcsMidResponseAndWithNothingPendingGoToTheListener() {
    AtResponse messages = client.execute("AT+CMGL");
    AtResponse registration = client.execute("AT+CREG?");
    peer.push("RING");

    assertEquals(4, messages.lines().size());
    assertEquals(List.of("+CREG: 0,1"), registration.lines());
    assertEquals(List.of("+CMTI: \"SM\",3", "RING"), listener.awaitLine("RING"));
  }

  @Test
  void aLateAnswerDoesNotReachTheNextCommand() {
    assertThrows(
        ProtocolTimeoutException.class, () -> client.execute("AT+SLOW", Duration.ofMillis(300)));

    AtResponse next = client.execute("ATI");

    assertEquals(ModemPeer.INFO, next.lines());
    assertTrue(client.execute("AT").isOk());
  }
}
