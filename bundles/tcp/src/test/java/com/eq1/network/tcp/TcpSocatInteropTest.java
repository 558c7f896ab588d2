package com.eq1.network.tcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our client and server against socat, a peer with no code of ours: the wire format is what the
 * framing says, not merely what our own decoder accepts.
 */
class TcpSocatInteropTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration TEST_LIMIT = Duration.ofSeconds(20);

  private TcpTransport transport;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void start() {
    transport = new TcpTransport(2);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    transport.close();
  }

  private <T extends AutoCloseable> T track(T resource) {
    open.add(resource);
    return resource;
  }

  @Test
  void lengthFramedMessagesComeBackFromSocatEchoInOrder() {
    assertTimeoutPreemptively(
        TEST_LIMIT,
        () -> {
          int port = Socat.freePort();
          track(Socat.echoServer(port));
          TcpClient client =
              track(new TcpClient(TcpClientSettings.of("echo-len", "127.0.0.1", port), transport));
          client.connect();
          Random random = new Random(42);
          List<byte[]> sent = new ArrayList<>();
          for (int i = 0; i < 2_000; i++) {
            // every byte value, empty payloads and a few large ones that span many socket reads
            int size = i % 500 == 7 ? 200_000 : i % 100 == 3 ? 0 : random.nextInt(2_000);
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            sent.add(payload);
            client.send(payload);
          }
          for (int i = 0; i < sent.size(); i++) {
            byte[] echoed = client.read(WAIT).orElseThrow(() -> new AssertionError("no echo"));
            assertArrayEquals(sent.get(i), echoed, "message " + i);
          }
          assertTrue(client.read().isEmpty(), "socat echoed more than was sent");
          assertEquals(2_000, client.statistics().messagesOut());
          assertEquals(2_000, client.statistics().messagesIn());
          assertEquals(0, client.statistics().errors());
        });
  }

  @Test
  void linesComeBackFromSocatEchoInOrder() {
    assertTimeoutPreemptively(
        TEST_LIMIT,
        () -> {
          int port = Socat.freePort();
          track(Socat.echoServer(port));
          TcpOptions lines = TcpOptions.DEFAULT.withFraming(Framing.DELIMITED);
          TcpClient client =
              track(
                  new TcpClient(
                      TcpClientSettings.of("echo-lines", "127.0.0.1", port).withOptions(lines),
                      transport));
          client.connect();
          for (int i = 0; i < 2_000; i++) {
            client.send(
                ("line " + i + " äöü " + "x".repeat(i % 300)).getBytes(StandardCharsets.UTF_8));
          }
          for (int i = 0; i < 2_000; i++) {
            String echoed =
                new String(
                    client.read(WAIT).orElseThrow(() -> new AssertionError("no echo")),
                    StandardCharsets.UTF_8);
            assertEquals("line " + i + " äöü " + "x".repeat(i % 300), echoed);
          }
          assertTrue(client.read().isEmpty());
          assertEquals(0, client.statistics().errors());
        });
  }

  @Test
  void serverAnswersSocatClientLineByLine() {
    assertTimeoutPreemptively(
        TEST_LIMIT,
        () -> {
          TcpOptions lines = TcpOptions.DEFAULT.withFraming(Framing.DELIMITED);
          TcpServer server =
              track(
                  new TcpServer(
                      TcpServerSettings.of("srv-lines", 0).withOptions(lines), transport));
          List<String> closed = new CopyOnWriteArrayList<>();
          server.addSessionListener(
              new TcpSessionListener() {
                @Override
                public void onOpened(TcpSession session) {}

                @Override
                public void onClosed(TcpSession session, String reason) {
                  closed.add(session.id());
                }
              });
          server.connect();
          Socat socat = track(Socat.client(server.port()));
          await().atMost(WAIT).until(() -> server.sessions().size() == 1);
          String session = server.sessions().get(0).id();

          OutputStream toSocat = socat.stdin();
          for (int i = 0; i < 200; i++) {
            toSocat.write(("request " + i + "\n").getBytes(StandardCharsets.UTF_8));
          }
          toSocat.flush();
          BufferedReader fromSocat =
              new BufferedReader(new InputStreamReader(socat.stdout(), StandardCharsets.UTF_8));
          for (int i = 0; i < 200; i++) {
            TcpMessage request =
                server.receive(WAIT).orElseThrow(() -> new AssertionError("no request"));
            assertEquals(session, request.session());
            assertEquals("request " + i, new String(request.payload(), StandardCharsets.UTF_8));
            byte[] reply = ("reply " + i).getBytes(StandardCharsets.UTF_8);
            if (i % 2 == 0) {
              server.send(reply); // answers the client read last
            } else {
              server.send(request.session(), reply);
            }
            assertEquals("reply " + i, fromSocat.readLine());
          }
          assertEquals(200, server.sessions().get(0).messagesIn());
          assertEquals(200, server.sessions().get(0).messagesOut());

          toSocat.close(); // socat shuts its side down and exits; the session ends
          await().atMost(WAIT).until(() -> server.sessions().isEmpty() && !socat.isAlive());
          await().atMost(WAIT).until(() -> closed.equals(List.of(session)));
          assertEquals(ConnectionState.CONNECTED, server.state(), "the server keeps listening");
          assertEquals(0, server.statistics().errors());
        });
  }

  @Test
  void rawServerCarriesSocatBytesUnchanged() {
    assertTimeoutPreemptively(
        TEST_LIMIT,
        () -> {
          TcpOptions raw = TcpOptions.DEFAULT.withFraming(Framing.RAW);
          TcpServer server =
              track(new TcpServer(TcpServerSettings.of("srv-raw", 0).withOptions(raw), transport));
          server.connect();
          Socat socat = track(Socat.client(server.port()));
          await().atMost(WAIT).until(() -> server.sessions().size() == 1);

          byte[] upstream = new byte[300_000];
          new Random(7).nextBytes(upstream); // every byte value, newlines and zeros included
          socat.stdin().write(upstream);
          socat.stdin().flush();
          ByteArrayOutputStream received = new ByteArrayOutputStream();
          String session = null;
          while (received.size() < upstream.length) {
            TcpMessage chunk =
                server.receive(WAIT).orElseThrow(() -> new AssertionError("stalled"));
            session = chunk.session();
            received.write(chunk.payload());
          }
          assertArrayEquals(upstream, received.toByteArray());
          assertTrue(server.read().isEmpty());

          byte[] downstream = new byte[100_000];
          new Random(8).nextBytes(downstream);
          assertEquals(downstream.length, server.send(session, downstream));
          assertArrayEquals(downstream, socat.stdout().readNBytes(downstream.length));
          assertEquals(upstream.length, server.sessions().get(0).bytesIn());
          assertEquals(downstream.length, server.sessions().get(0).bytesOut());
        });
  }
}
