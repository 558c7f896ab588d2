package com.eq1.network.tcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.link.ReconnectSettings;
import com.eq1.network.link.TlsSettings;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
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
 * Bad frames, bad addresses and too many clients: each ends in a typed exception or a recorded
 * error naming the peer, and a server goes on serving its other clients.
 */
class TcpBadInputTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final TcpOptions LINES = TcpOptions.DEFAULT.withFraming(Framing.DELIMITED);

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

  private TcpServer listening(TcpServerSettings settings) {
    TcpServer server = track(new TcpServer(settings, transport));
    server.connect();
    return server;
  }

  private TcpClient connected(String name, int port, TcpOptions options) {
    TcpClient client =
        track(
            new TcpClient(
                TcpClientSettings.of(name, "127.0.0.1", port).withOptions(options), transport));
    client.connect();
    return client;
  }

  private Socket raw(int port) throws IOException {
    return track(new Socket(InetAddress.getLoopbackAddress(), port));
  }

  private static String id(Socket socket) {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The client still gets through to the server and back. */
  private static void assertServed(TcpServer server, TcpClient client, String request) {
    client.send(utf8(request));
    TcpMessage received = server.receive(WAIT).orElseThrow(() -> new AssertionError("no request"));
    assertEquals(request, text(received.payload()));
    server.send(received.session(), utf8("re: " + request));
    assertEquals("re: " + request, text(client.read(WAIT).orElseThrow()));
  }

  /** Reads until the server closes the connection; a reset counts as closed too. */
  private static void assertClosedByServer(Socket socket) throws IOException {
    socket.setSoTimeout((int) WAIT.toMillis());
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[1024];
    try {
      while (in.read(buffer) >= 0) {
        // whatever the server sent before closing
      }
    } catch (SocketTimeoutException e) {
      fail("the server kept the connection of " + id(socket) + " open");
    } catch (SocketException e) {
      // reset: the server closed with our bytes unread
    }
  }

  @Test
  void aHeaderAnnouncingTwoGigabytesClosesOnlyThatClient() throws IOException {
    TcpServer server = listening(TcpServerSettings.of("srv-len", 0));
    TcpClient good = connected("good", server.port(), TcpOptions.DEFAULT);
    await().atMost(WAIT).until(() -> server.sessions().size() == 1);
    long errorsBefore = server.statistics().errors();

    Socket bad = raw(server.port());
    DataOutputStream out = new DataOutputStream(bad.getOutputStream());
    out.writeInt(0x7FFF_FFFF);
    out.write(new byte[100]);
    out.flush();

    assertClosedByServer(bad);
    await().atMost(WAIT).until(() -> server.statistics().errors() > errorsBefore);
    String lastError = server.statistics().lastError();
    assertTrue(lastError.contains(id(bad)), lastError);
    assertTrue(lastError.contains("2147483647"), lastError);
    assertTrue(lastError.contains("1048576"), lastError);
    await().atMost(WAIT).until(() -> server.sessions().size() == 1);
    assertServed(server, good, "still here");
  }

  @Test
  void garbageOnALengthFramedPortClosesOnlyThatClient() throws IOException {
    TcpServer server = listening(TcpServerSettings.of("srv-garbage", 0));
    TcpClient good = connected("good", server.port(), TcpOptions.DEFAULT);

    Socket bad = raw(server.port());
    bad.getOutputStream().write(utf8("GET / HTTP/1.1\r\nHost: eq1\r\n\r\n")); // "GET " = 1195725856
    bad.getOutputStream().flush();

    assertClosedByServer(bad);
    await().atMost(WAIT).until(() -> server.statistics().errors() > 0);
    String lastError = server.statistics().lastError();
    assertTrue(lastError.contains(id(bad)), lastError);
    assertTrue(lastError.contains("1195725856"), lastError);
    assertServed(server, good, "still here");
    assertEquals(1, server.sessions().size());
  }

  @Test
  void garbageBetweenDelimitedFramesIsSkippedAndTheConnectionKept() throws IOException {
    TcpOptions dollar =
        new TcpOptions(
            Framing.DELIMITED,
            "dollar",
            1024,
            Duration.ofSeconds(5),
            Duration.ZERO,
            Duration.ZERO,
            3,
            true,
            true,
            TlsSettings.OFF,
            100);
    TcpServer server = listening(TcpServerSettings.of("srv-dollar", 0).withOptions(dollar));
    Socket peer = raw(server.port());
    OutputStream out = peer.getOutputStream();

    out.write(utf8("\u0000\u00ffjunk$first$ noise \r\n$second$"));
    out.flush();
    assertEquals("first", text(server.read(WAIT).orElseThrow()));
    assertEquals("second", text(server.read(WAIT).orElseThrow()));
    await().atMost(WAIT).until(() -> server.statistics().errors() >= 1);
    String lastError = server.statistics().lastError();
    assertTrue(lastError.contains(id(peer)), lastError);
    assertTrue(lastError.contains("outside any frame"), lastError);

    out.write(utf8("$third$"));
    out.flush();
    assertEquals("third", text(server.read(WAIT).orElseThrow()));
    assertEquals(1, server.sessions().size(), "the connection stays open");
    assertTrue(server.read().isEmpty(), "garbage was delivered");
  }

  @Test
  void anOverlongLineIsSkippedAndTheNextLineDelivered() throws IOException {
    TcpOptions shortLines =
        new TcpOptions(
            Framing.DELIMITED,
            "lines",
            64,
            Duration.ofSeconds(5),
            Duration.ZERO,
            Duration.ZERO,
            3,
            true,
            true,
            TlsSettings.OFF,
            100);
    TcpServer server = listening(TcpServerSettings.of("srv-lines", 0).withOptions(shortLines));
    Socket peer = raw(server.port());
    OutputStream out = peer.getOutputStream();

    byte[] garbage = new byte[5_000];
    new Random(1).nextBytes(garbage);
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = garbage[i] == '\n' ? 0 : garbage[i];
    }
    out.write(garbage);
    out.write(utf8("\ngood line\n"));
    out.flush();
    assertEquals("good line", text(server.read(WAIT).orElseThrow()));
    await().atMost(WAIT).until(() -> server.statistics().errors() == 1);
    String lastError = server.statistics().lastError();
    assertTrue(lastError.contains(id(peer)), lastError);
    assertTrue(lastError.contains("exceeds the limit of 64 bytes"), lastError);

    out.write(utf8("another\n"));
    out.flush();
    assertEquals("another", text(server.read(WAIT).orElseThrow()));
    assertEquals(1, server.sessions().size(), "the connection stays open");
  }

  @Test
  void aClientDropsALinkWhosePeerSendsGarbageAndTriesAgain() {
    int port = Socat.freePort();
    track(Socat.listen(port, "SYSTEM:printf GARBAGE-GARBAGE; sleep 30"));
    TcpClient client =
        track(
            new TcpClient(
                TcpClientSettings.of("garbage-fed", "127.0.0.1", port)
                    .withReconnect(
                        new ReconnectSettings(
                            Duration.ofMillis(50), Duration.ofMillis(500), Duration.ZERO)),
                transport));
    List<ConnectionState> states = new CopyOnWriteArrayList<>();
    client.addStateListener((name, previous, current) -> states.add(current));
    client.connect();

    await().atMost(WAIT).until(() -> client.statistics().errors() >= 1);
    String lastError = client.statistics().lastError();
    assertTrue(lastError.contains("bad input from 127.0.0.1:" + port), lastError);
    assertTrue(lastError.contains("1195463234"), lastError); // "GARB" read as a length
    await().atMost(WAIT).until(() -> states.contains(ConnectionState.RECONNECTING));
    assertTrue(client.read().isEmpty(), "garbage was delivered");
  }

  @Test
  void aSecondServerOnATakenPortFailsNamingTheAddress() {
    int port = Socat.freePort();
    TcpServer first = listening(TcpServerSettings.of("first", port));
    TcpServer second = track(new TcpServer(TcpServerSettings.of("second", port), transport));

    ConnectionException thrown = assertThrows(ConnectionException.class, second::connect);
    assertTrue(thrown.getMessage().contains("127.0.0.1:" + port), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("[second]"), thrown.getMessage());
    assertEquals(-1, second.port());
    second.close();

    assertEquals(port, first.port());
    assertServed(first, connected("cli", port, TcpOptions.DEFAULT), "first still serves");
  }

  @Test
  void connectingToAClosedPortFailsQuickly() {
    int port = Socat.freePort();
    TcpClient client =
        track(new TcpClient(TcpClientSettings.of("nobody-home", "127.0.0.1", port), transport));

    long started = System.nanoTime();
    ConnectionException thrown =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5), () -> assertThrows(ConnectionException.class, client::connect));
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMillis < 2_000, "refused after " + tookMillis + " ms");
    assertTrue(thrown.getMessage().contains("127.0.0.1:" + port), thrown.getMessage());
    assertEquals(ConnectionState.RECONNECTING, client.state(), "it goes on trying");
    assertTrue(client.statistics().errors() >= 1);
  }

  @Test
  void anUnknownHostIsAConnectionError() {
    TcpClient client =
        track(
            new TcpClient(
                TcpClientSettings.of("nowhere", "no-such-host.invalid", 9000), transport));

    ConnectionException thrown =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> assertThrows(ConnectionException.class, client::connect));
    assertTrue(thrown.getMessage().contains("no-such-host.invalid"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("[nowhere]"), thrown.getMessage());
    assertTrue(client.statistics().lastError().contains("no-such-host.invalid"));
  }

  @Test
  void anOversizedSendIsRefusedAndTheConnectionStaysUsable() {
    TcpOptions small =
        new TcpOptions(
            Framing.LENGTH,
            "lines",
            1024,
            Duration.ofSeconds(5),
            Duration.ZERO,
            Duration.ZERO,
            3,
            true,
            true,
            TlsSettings.OFF,
            100);
    TcpServer server = listening(TcpServerSettings.of("srv-small", 0).withOptions(small));
    TcpClient client = connected("cli-small", server.port(), small);

    OversizedPacketException tooBig =
        assertThrows(OversizedPacketException.class, () -> client.send(new byte[1025]));
    assertEquals(1025, tooBig.size());
    assertEquals(1024, tooBig.limit());
    assertTrue(tooBig.getMessage().contains("[cli-small]"), tooBig.getMessage());
    assertTrue(client.isConnected());

    client.send(new byte[1024]);
    TcpMessage largest = server.receive(WAIT).orElseThrow();
    assertEquals(1024, largest.payload().length);
    assertTrue(server.read(Duration.ofMillis(100)).isEmpty(), "part of the refused send arrived");

    assertThrows(
        OversizedPacketException.class, () -> server.send(largest.session(), new byte[1025]));
    server.send(largest.session(), utf8("ok"));
    assertEquals("ok", text(client.read(WAIT).orElseThrow()));

    client.disconnect(); // queued while down: refused up front, not queued
    assertThrows(OversizedPacketException.class, () -> client.send(new byte[2_000]));
    assertEquals(0, client.statistics().queued());
    assertEquals(1, client.statistics().messagesOut());
  }

  @Test
  void clientsBeyondMaxClientsAreClosedAndTheOthersKeepWorking() throws IOException {
    TcpServer server = listening(TcpServerSettings.of("srv-max", 0).withMaxClients(2));
    TcpClient a = connected("a", server.port(), TcpOptions.DEFAULT);
    TcpClient b = connected("b", server.port(), TcpOptions.DEFAULT);
    await().atMost(WAIT).until(() -> server.sessions().size() == 2);

    Socket extra = raw(server.port());
    assertClosedByServer(extra);
    String lastError = server.statistics().lastError();
    assertTrue(lastError != null && lastError.contains(id(extra)), String.valueOf(lastError));
    assertTrue(lastError.contains("maxClients 2"), lastError);
    assertEquals(2, server.sessions().size());
    assertServed(server, a, "a still served");
    assertServed(server, b, "b still served");

    b.close(); // a place comes free
    await().atMost(WAIT).until(() -> server.sessions().size() == 1);
    Socket late = raw(server.port());
    await().atMost(WAIT).until(() -> server.sessions().size() == 2);
    assertTrue(server.sessions().stream().anyMatch(s -> s.id().equals(id(late))));
    assertServed(server, a, "a still served");
  }
}
