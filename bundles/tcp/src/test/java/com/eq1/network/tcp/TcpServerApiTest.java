package com.eq1.network.tcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server's request/response view and its explicit session API, with several real clients. */
class TcpServerApiTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private TcpTransport transport;
  private TcpServer server;

  @BeforeEach
  void start() {
    transport = new TcpTransport(2);
    server = new TcpServer(TcpServerSettings.of("api-srv", 0), transport);
    server.connect();
  }

  @AfterEach
  void stop() {
    server.close();
    transport.close();
  }

  private TcpClient client(String name) {
    TcpClient client =
        new TcpClient(TcpClientSettings.of(name, "127.0.0.1", server.port()), transport);
    client.connect();
    return client;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void sendAnswersTheClientWhoseMessageWasReadLast() {
    try (TcpClient a = client("a");
        TcpClient b = client("b")) {
      a.send(bytes("from a"));
      assertEquals("from a", text(server.read(WAIT).orElseThrow()));
      b.send(bytes("from b"));
      assertEquals("from b", text(server.read(WAIT).orElseThrow()));
      server.send(bytes("to b"));
      assertEquals("to b", text(b.read(WAIT).orElseThrow()));
      assertTrue(a.read(Duration.ofMillis(200)).isEmpty(), "a must not get b's answer");
    }
  }

  @Test
  void answeringBeforeAnyReadOrToAClientThatLeftIsAClearError() {
    ConnectionException none =
        assertThrows(ConnectionException.class, () -> server.send(bytes("x")));
    assertTrue(none.getMessage().contains("no client message was read yet"), none.getMessage());
    try (TcpClient a = client("a")) {
      a.send(bytes("hello"));
      server.read(WAIT).orElseThrow();
      a.disconnect();
      await().atMost(WAIT).until(() -> server.sessions().isEmpty());
      ConnectionException gone =
          assertThrows(ConnectionException.class, () -> server.send(bytes("late")));
      assertTrue(gone.getMessage().contains("closed"), gone.getMessage());
    }
  }

  @Test
  void sessionsCanBeListedAddressedBroadcastToAndClosed() {
    List<String> opened = new CopyOnWriteArrayList<>();
    List<String> closed = new CopyOnWriteArrayList<>();
    server.addSessionListener(
        new TcpSessionListener() {
          @Override
          public void onOpened(TcpSession session) {
            opened.add(session.id());
          }

          @Override
          public void onClosed(TcpSession session, String reason) {
            closed.add(session.id());
          }
        });
    try (TcpClient a = client("a");
        TcpClient b = client("b")) {
      List<ConnectionState> bStates = new CopyOnWriteArrayList<>();
      b.addStateListener((name, from, to) -> bStates.add(to));
      await().atMost(WAIT).until(() -> opened.size() == 2);
      assertEquals(Set.copyOf(opened), ids());

      a.send(bytes("who am i"));
      TcpMessage fromA = server.receive(WAIT).orElseThrow();
      assertTrue(opened.contains(fromA.session()));
      String sessionB = opened.stream().filter(id -> !id.equals(fromA.session())).findFirst().get();

      server.send(sessionB, bytes("only b"));
      assertEquals("only b", text(b.read(WAIT).orElseThrow()));
      assertEquals(2, server.broadcast(bytes("all")));
      assertEquals("all", text(a.read(WAIT).orElseThrow()));
      assertEquals("all", text(b.read(WAIT).orElseThrow()));

      TcpSession a1 =
          server.sessions().stream().filter(s -> s.id().equals(fromA.session())).findFirst().get();
      assertEquals(1, a1.messagesIn());
      assertEquals(1, a1.messagesOut());
      assertFalse(a1.tls());

      assertTrue(server.close(sessionB));
      await().atMost(WAIT).until(() -> closed.contains(sessionB));
      // b notices and reconnects at once (the server still listens): look at its transitions
      await().atMost(WAIT).until(() -> bStates.contains(ConnectionState.RECONNECTING));
      assertFalse(server.close(sessionB));
      assertThrows(ConnectionException.class, () -> server.send(sessionB, bytes("gone")));
      // a's session is untouched; b may already be back, from a new port (a new session)
      assertTrue(ids().contains(fromA.session()));
      assertFalse(ids().contains(sessionB));
    }
  }

  @Test
  void disconnectStopsListeningAndClosesClientsAndConnectListensAgain() {
    int port = server.port();
    try (TcpClient a = client("a")) {
      server.disconnect();
      assertEquals(ConnectionState.DISCONNECTED, server.state());
      assertEquals(-1, server.port());
      await().atMost(WAIT).until(() -> a.state() == ConnectionState.RECONNECTING);
    }
    TcpServer again =
        new TcpServer(
            new TcpServerSettings(
                "api-again", "127.0.0.1", port, 10, TcpOptions.DEFAULT, server.settings().rebind()),
            transport);
    try (again) {
      again.connect();
      assertEquals(port, again.port());
    }
  }

  @Test
  void aClosedServerRefusesEverything() {
    server.close();
    assertEquals(ConnectionState.CLOSED, server.state());
    assertThrows(ConnectionException.class, () -> server.connect());
    assertThrows(ConnectionException.class, () -> server.send(bytes("x")));
    assertThrows(ConnectionException.class, () -> server.broadcast(bytes("x")));
    assertTrue(server.read().isEmpty());
    server.close(); // twice is fine
  }

  private Set<String> ids() {
    return server.sessions().stream().map(TcpSession::id).collect(Collectors.toSet());
  }
}
