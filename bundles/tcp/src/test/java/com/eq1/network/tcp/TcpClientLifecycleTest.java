package com.eq1.network.tcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.link.ReconnectSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A client's states: connect, loss and reconnect, deliberate disconnect, close. */
class TcpClientLifecycleTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final ReconnectSettings FAST =
      new ReconnectSettings(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(1));

  @Test
  void aDeliberateDisconnectIsNeverFollowedByAReconnect() {
    try (TcpTransport transport = new TcpTransport(1);
        TcpServer server = new TcpServer(TcpServerSettings.of("life-srv", 0), transport);
        TcpClient client =
            new TcpClient(
                TcpClientSettings.of("life", "127.0.0.1", 1).withReconnect(FAST), transport)) {
      server.connect();
      TcpClient real =
          new TcpClient(
              TcpClientSettings.of("life-real", "127.0.0.1", server.port()).withReconnect(FAST),
              transport);
      List<ConnectionState> states = new CopyOnWriteArrayList<>();
      real.addStateListener((name, from, to) -> states.add(to));
      real.connect();
      real.disconnect();
      assertEquals(ConnectionState.DISCONNECTED, real.state());
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> real.state() == ConnectionState.DISCONNECTED);
      assertEquals(
          List.of(
              ConnectionState.CONNECTING, ConnectionState.CONNECTED, ConnectionState.DISCONNECTED),
          states);
      real.close();
      assertEquals(ConnectionState.CLOSED, real.state());
      assertThrows(ConnectionException.class, () -> real.send(new byte[1]));
      assertThrows(ConnectionException.class, real::connect);
      assertEquals(0, client.statistics().messagesOut());
    }
  }

  @Test
  void aFailedConnectKeepsTryingInTheBackgroundUntilTheServerAppears() throws Exception {
    int port;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (TcpTransport transport = new TcpTransport(1);
        TcpClient client =
            new TcpClient(
                TcpClientSettings.of("late", "127.0.0.1", port).withReconnect(FAST), transport)) {
      ConnectionException refused = assertThrows(ConnectionException.class, client::connect);
      assertTrue(refused.getMessage().contains("127.0.0.1:" + port), refused.getMessage());
      assertEquals(ConnectionState.RECONNECTING, client.state());
      client.send("waited".getBytes(StandardCharsets.UTF_8));
      assertEquals(1, client.statistics().queued());
      try (TcpServer server =
          new TcpServer(
              new TcpServerSettings("late-srv", "127.0.0.1", port, 10, TcpOptions.DEFAULT, FAST),
              transport)) {
        server.connect();
        await().atMost(WAIT).until(() -> client.state() == ConnectionState.CONNECTED);
        assertEquals("waited", new String(server.read(WAIT).orElseThrow(), StandardCharsets.UTF_8));
        assertEquals(1, client.statistics().reconnects());
        assertEquals(0, client.statistics().queued());
        assertTrue(client.statistics().errors() >= 1);
      }
    }
  }

  @Test
  void aClientWithItsOwnEventLoopsEndsThemOnClose() {
    TcpClient client = new TcpClient(TcpClientSettings.of("own", "127.0.0.1", 9));
    assertEquals("tcp-client", client.protocolType());
    assertEquals("own", client.name());
    client.close();
    await()
        .atMost(WAIT)
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("eq1-tcp-own")));
  }
}
