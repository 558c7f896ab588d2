package com.eq1.network.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our client against our server on a loopback socket, every framing. */
class TcpRoundTripTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private TcpTransport transport;

  @BeforeEach
  void start() {
    transport = new TcpTransport(2);
  }

  @AfterEach
  void stop() {
    transport.close();
  }

  @Test
  void tenThousandLengthFramedMessagesGoThereAndBackInOrder() {
    try (TcpServer server = new TcpServer(TcpServerSettings.of("srv", 0), transport)) {
      server.connect();
      try (TcpClient client =
          new TcpClient(TcpClientSettings.of("cli", "127.0.0.1", server.port()), transport)) {
        client.connect();
        assertEquals(ConnectionState.CONNECTED, client.state());
        for (int i = 0; i < 10_000; i++) {
          byte[] request = ("request " + i).getBytes(StandardCharsets.UTF_8);
          client.send(request);
          byte[] received = server.read(WAIT).orElseThrow();
          assertArrayEquals(request, received);
          server.send(("reply " + i).getBytes(StandardCharsets.UTF_8));
          assertEquals(
              "reply " + i, new String(client.read(WAIT).orElseThrow(), StandardCharsets.UTF_8));
        }
        assertEquals(10_000, client.statistics().messagesOut());
        assertEquals(10_000, server.statistics().messagesIn());
        assertEquals(1, server.sessions().size());
      }
    }
  }

  @Test
  void delimitedLinesArriveOneMessagePerLine() {
    TcpOptions lines = TcpOptions.DEFAULT.withFraming(Framing.DELIMITED);
    try (TcpServer server =
        new TcpServer(TcpServerSettings.of("srv", 0).withOptions(lines), transport)) {
      server.connect();
      try (TcpClient client =
          new TcpClient(
              TcpClientSettings.of("cli", "127.0.0.1", server.port()).withOptions(lines),
              transport)) {
        client.connect();
        client.send("one".getBytes(StandardCharsets.UTF_8));
        client.send("two".getBytes(StandardCharsets.UTF_8));
        assertEquals("one", new String(server.read(WAIT).orElseThrow(), StandardCharsets.UTF_8));
        assertEquals("two", new String(server.read(WAIT).orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(server.read().isEmpty());
      }
    }
  }
}
