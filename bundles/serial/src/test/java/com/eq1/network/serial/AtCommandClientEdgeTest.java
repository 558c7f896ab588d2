package com.eq1.network.serial;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The AT client when the connection under it fails, and a URC that nobody listens to. */
class AtCommandClientEdgeTest {

  private final LoopbackModem modem = new LoopbackModem("edge-modem");
  private final AtCommandClient client = modem.client();

  @AfterEach
  void close() {
    modem.close();
  }

  @Test
  void aUrcWithoutListenersIsDroppedAndCommandsGoOn() {
    modem.peer.push("RING");
    assertTrue(client.execute("AT").isOk());
  }

  @Test
  void aCommandOnAClosedConnectionFailsAtOnceAndTheClientStaysUsable() {
    modem.cable.a().close();
    ConnectionException e = assertThrows(ConnectionException.class, () -> client.execute("AT"));
    assertTrue(e.getMessage().contains("edge-modem"), e.getMessage());
    // the reader survives the failing reads of the closed connection and stops on close
    client.close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("eq1-at-edge-modem")));
    ConnectionException closed =
        assertThrows(ConnectionException.class, () -> client.execute("AT"));
    assertEquals("[edge-modem] AT not sent: the AT client is closed", closed.getMessage());
  }
}
