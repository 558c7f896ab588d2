package com.eq1.network.tcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that die, come back, stop reading or go silent: the client reconnects and delivers what
 * waited exactly once, expires what waited too long, never blocks forever, and tells a dead link
 * from an idle one by heartbeats.
 */
class TcpFaultTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final ReconnectSettings FAST =
      new ReconnectSettings(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(30));
  private static final TcpOptions HEARTBEATS =
      TcpOptions.DEFAULT.withHeartbeat(Duration.ofMillis(200), 3);

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

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static List<ConnectionState> recordStates(TcpClient client) {
    List<ConnectionState> states = new CopyOnWriteArrayList<>();
    client.addStateListener((name, previous, current) -> states.add(current));
    return states;
  }

  @Test
  void queuedMessagesReachARestartedServerExactlyOnceAndExpiredOnesNever() {
    int port = Socat.freePort();
    TcpServer first = track(new TcpServer(TcpServerSettings.of("peer-1", port), transport));
    first.connect();
    TcpClient durable =
        track(
            new TcpClient(
                TcpClientSettings.of("durable", "127.0.0.1", port)
                    .withReconnect(FAST)
                    .withQueue(
                        new QueueSettings(
                            100, Duration.ofSeconds(30), OverflowPolicy.REJECT_NEWEST)),
                transport));
    TcpClient shortLived =
        track(
            new TcpClient(
                TcpClientSettings.of("short-lived", "127.0.0.1", port)
                    .withReconnect(FAST)
                    .withQueue(
                        new QueueSettings(
                            100, Duration.ofMillis(200), OverflowPolicy.REJECT_NEWEST)),
                transport));
    List<ConnectionState> durableStates = recordStates(durable);
    durable.connect();
    shortLived.connect();
    durable.send(utf8("d-before"));
    shortLived.send(utf8("s-before"));
    List<String> beforeKill =
        List.of(text(first.read(WAIT).orElseThrow()), text(first.read(WAIT).orElseThrow()));
    assertTrue(beforeKill.containsAll(List.of("d-before", "s-before")), beforeKill.toString());

    first.close(); // the peer dies
    await()
        .atMost(WAIT)
        .until(
            () ->
                durable.state() == ConnectionState.RECONNECTING
                    && shortLived.state() == ConnectionState.RECONNECTING);
    for (int i = 0; i < 20; i++) {
      durable.send(utf8("d-queued-" + i));
      shortLived.send(utf8("s-queued-" + i));
    }
    assertEquals(20, durable.statistics().queued());
    await("short-lived messages expire while the peer is down")
        .atMost(WAIT)
        .until(() -> shortLived.statistics().expired() == 20);
    assertEquals(0, shortLived.statistics().queued());

    TcpServer second = track(new TcpServer(TcpServerSettings.of("peer-2", port), transport));
    second.connect(); // the peer is back on the same port
    long back = System.nanoTime();
    await("both clients reconnect within 5 s")
        .atMost(Duration.ofSeconds(5))
        .until(() -> durable.isConnected() && shortLived.isConnected());
    long reconnectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);

    durable.send(utf8("d-after"));
    shortLived.send(utf8("s-after"));
    List<String> fromDurable = new ArrayList<>();
    List<String> fromShortLived = new ArrayList<>();
    while (!fromDurable.contains("d-after") || !fromShortLived.contains("s-after")) {
      String message = text(second.read(WAIT).orElseThrow(() -> new AssertionError("stalled")));
      (message.startsWith("d-") ? fromDurable : fromShortLived).add(message);
    }
    assertTrue(second.read(Duration.ofMillis(200)).isEmpty(), "duplicates after the markers");

    List<String> expected = new ArrayList<>();
    IntStream.range(0, 20).forEach(i -> expected.add("d-queued-" + i));
    expected.add("d-after");
    assertEquals(expected, fromDurable, "every queued message once, in order, before new ones");
    assertEquals(List.of("s-after"), fromShortLived, "expired messages are never sent");

    ConnectionStatistics durableStats = durable.statistics();
    assertEquals(22, durableStats.messagesOut());
    assertEquals(0, durableStats.expired());
    assertEquals(0, durableStats.queued());
    assertTrue(durableStats.reconnects() >= 1, durableStats.toString());
    assertEquals(20, shortLived.statistics().expired());
    assertEquals(2, shortLived.statistics().messagesOut());
    assertEquals(
        List.of(
            ConnectionState.CONNECTING,
            ConnectionState.CONNECTED,
            ConnectionState.RECONNECTING,
            ConnectionState.CONNECTED),
        durableStates);
    assertTrue(reconnectMillis < 5_000, "reconnected after " + reconnectMillis + " ms");
  }

  @Test
  void clientRidesOutASocatEchoServerKilledAndRestarted() {
    int port = Socat.freePort();
    Socat socat = track(Socat.echoServer(port));
    TcpClient client =
        track(
            new TcpClient(
                TcpClientSettings.of("via-socat", "127.0.0.1", port).withReconnect(FAST),
                transport));
    List<ConnectionState> states = recordStates(client);
    client.connect();
    client.send(utf8("before"));
    assertEquals("before", text(client.read(WAIT).orElseThrow()));

    socat.kill(); // SIGKILL, connection handlers and cat included
    await().atMost(WAIT).until(() -> client.state() == ConnectionState.RECONNECTING);
    for (int i = 0; i < 20; i++) {
      client.send(utf8("queued-" + i));
    }
    assertEquals(20, client.statistics().queued());

    track(Socat.echoServer(port));
    await().atMost(Duration.ofSeconds(5)).until(client::isConnected);
    client.send(utf8("after"));
    for (int i = 0; i < 20; i++) {
      assertEquals("queued-" + i, text(client.read(WAIT).orElseThrow()));
    }
    assertEquals("after", text(client.read(WAIT).orElseThrow()));
    assertTrue(client.read(Duration.ofMillis(200)).isEmpty(), "a message was echoed twice");
    assertEquals(
        List.of(
            ConnectionState.CONNECTING,
            ConnectionState.CONNECTED,
            ConnectionState.RECONNECTING,
            ConnectionState.CONNECTED),
        states);
    assertEquals(22, client.statistics().messagesOut());
    assertTrue(client.statistics().reconnects() >= 1);
  }

  /** What a send that gave up looked like. */
  private record Stalled(int sentBefore, Exception thrown, long waitedMillis) {}

  private static Stalled sendUntilItThrows(ThrowingSend send) {
    return assertTimeoutPreemptively(
        Duration.ofSeconds(15),
        () -> {
          for (int sent = 0; sent < 100_000; sent++) {
            long started = System.nanoTime();
            try {
              send.send();
            } catch (RuntimeException e) {
              return new Stalled(
                  sent, e, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
          }
          return fail("6 GB went to a peer that reads nothing");
        },
        "send blocked instead of timing out");
  }

  @FunctionalInterface
  private interface ThrowingSend {
    void send();
  }

  @Test
  void clientSendTimesOutWhenThePeerStopsReadingAndRecoversWhenItReadsAgain() throws Exception {
    SilentPeer peer = track(new SilentPeer(false));
    TcpClient client =
        track(
            new TcpClient(
                TcpClientSettings.of("slow-peer", "127.0.0.1", peer.port())
                    .withOptions(
                        TcpOptions.DEFAULT.withTimeouts(Duration.ofMillis(300), Duration.ZERO)),
                transport));
    client.connect();
    byte[] chunk = new byte[64 * 1024];

    Stalled stalled = sendUntilItThrows(() -> client.send(chunk));
    ProtocolTimeoutException timeout =
        assertInstanceOf(ProtocolTimeoutException.class, stalled.thrown());
    assertTrue(stalled.sentBefore() > 0, "nothing was sent before the buffers filled");
    assertTrue(
        stalled.waitedMillis() >= 300 && stalled.waitedMillis() < 3_000,
        "gave up after " + stalled.waitedMillis() + " ms, write timeout 300 ms");
    assertTrue(timeout.getMessage().contains("[slow-peer]"), timeout.getMessage());
    assertTrue(timeout.getMessage().contains("not reading"), timeout.getMessage());
    assertEquals(ConnectionState.CONNECTED, client.state(), "a slow peer is not a dead one");

    peer.startReading();
    await()
        .atMost(WAIT)
        .ignoreExceptionsInstanceOf(ProtocolTimeoutException.class)
        .until(
            () -> {
              client.send(chunk);
              return true;
            });
    long framed = (long) (stalled.sentBefore() + 1) * (4 + chunk.length);
    await("the peer gets every send that did not throw, and nothing else")
        .atMost(WAIT)
        .until(() -> peer.bytesRead() == framed);
    assertEquals(stalled.sentBefore() + 1, client.statistics().messagesOut());
  }

  @Test
  void serverSendTimesOutForAClientThatStopsReadingWhileOthersAreServed() throws Exception {
    TcpServer server =
        track(
            new TcpServer(
                TcpServerSettings.of("srv-slow", 0)
                    .withOptions(
                        TcpOptions.DEFAULT.withTimeouts(Duration.ofMillis(300), Duration.ZERO)),
                transport));
    server.connect();
    Socket lazy = track(new Socket());
    lazy.setReceiveBufferSize(8 * 1024);
    lazy.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
    String lazyId = "127.0.0.1:" + lazy.getLocalPort();
    TcpClient good =
        track(new TcpClient(TcpClientSettings.of("good", "127.0.0.1", server.port()), transport));
    good.connect();
    await().atMost(WAIT).until(() -> server.sessions().size() == 2);

    byte[] chunk = new byte[64 * 1024];
    Stalled stalled = sendUntilItThrows(() -> server.send(lazyId, chunk));
    ProtocolTimeoutException timeout =
        assertInstanceOf(ProtocolTimeoutException.class, stalled.thrown());
    assertTrue(timeout.getMessage().contains(lazyId), timeout.getMessage());

    good.send(utf8("still served"));
    TcpMessage request = server.receive(WAIT).orElseThrow();
    assertEquals("still served", text(request.payload()));
    server.send(request.session(), utf8("yes"));
    assertEquals("yes", text(good.read(WAIT).orElseThrow()));
    assertTrue(server.sessions().stream().anyMatch(s -> s.id().equals(lazyId)));
  }

  @Test
  void heartbeatsDetectAPeerThatAcceptsButNeverSends() throws Exception {
    SilentPeer peer = track(new SilentPeer(true));
    TcpClient client =
        track(
            new TcpClient(
                TcpClientSettings.of("half-open", "127.0.0.1", peer.port())
                    .withOptions(HEARTBEATS)
                    .withReconnect(FAST),
                transport));
    AtomicLong lostAt = new AtomicLong();
    client.addStateListener(
        (name, previous, current) -> {
          if (previous == ConnectionState.CONNECTED) {
            lostAt.compareAndSet(0, System.nanoTime());
          }
        });
    long connecting = System.nanoTime(); // the silence is counted from after this
    client.connect();

    await("the dead link is noticed").atMost(Duration.ofSeconds(3)).until(() -> lostAt.get() != 0);
    long silentMillis = TimeUnit.NANOSECONDS.toMillis(lostAt.get() - connecting);
    assertTrue(
        silentMillis >= 550 && silentMillis < 3_000,
        "closed after " + silentMillis + " ms of silence, expected about 3 × 200 ms");
    String lastError = client.statistics().lastError();
    assertTrue(
        lastError != null && lastError.contains("nothing received from 127.0.0.1:" + peer.port()),
        String.valueOf(lastError));
    assertTrue(lastError.contains("600 ms"), lastError);
    assertTrue(peer.bytesRead() >= 8, "heartbeats were sent: " + peer.bytesRead() + " bytes");
    assertEquals(0, peer.nonZeroBytes(), "a heartbeat is an empty length frame: four zero bytes");
  }

  @Test
  void heartbeatsKeepAnIdleLinkUpAndAreNeverDelivered() {
    TcpServer server =
        track(new TcpServer(TcpServerSettings.of("srv-hb", 0).withOptions(HEARTBEATS), transport));
    server.connect();
    TcpClient client =
        track(
            new TcpClient(
                TcpClientSettings.of("cli-hb", "127.0.0.1", server.port()).withOptions(HEARTBEATS),
                transport));
    List<ConnectionState> states = recordStates(client);
    client.connect();

    await("idle for 7 heartbeat intervals, 2.5 × the dead-link limit")
        .during(Duration.ofMillis(1_500))
        .atMost(Duration.ofSeconds(4))
        .until(() -> client.isConnected() && server.sessions().size() == 1);

    assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.CONNECTED), states);
    assertTrue(client.read().isEmpty(), "a heartbeat reached the client's reader");
    assertTrue(server.read().isEmpty(), "a heartbeat reached the server's reader");
    assertEquals(0, client.statistics().messagesIn());
    assertEquals(0, server.statistics().messagesIn());
    assertEquals(0, client.statistics().errors());
    assertEquals(0, server.statistics().errors());
    client.send(utf8("after the silence"));
    assertEquals("after the silence", text(server.read(WAIT).orElseThrow()));
  }

  @Test
  void serverClosesAClientThatGoesSilentAndKeepsTheOthers() throws Exception {
    TcpServer server =
        track(
            new TcpServer(TcpServerSettings.of("srv-idle", 0).withOptions(HEARTBEATS), transport));
    server.connect();
    TcpClient lively =
        track(
            new TcpClient(
                TcpClientSettings.of("lively", "127.0.0.1", server.port()).withOptions(HEARTBEATS),
                transport));
    lively.connect();
    Socket mute = track(new Socket(InetAddress.getLoopbackAddress(), server.port()));
    String muteId = "127.0.0.1:" + mute.getLocalPort();
    await().atMost(WAIT).until(() -> server.sessions().size() == 2);

    await("the mute client is closed")
        .atMost(Duration.ofSeconds(3))
        .until(() -> server.sessions().stream().noneMatch(s -> s.id().equals(muteId)));
    mute.setSoTimeout(3_000);
    InputStream in = mute.getInputStream();
    int b;
    while ((b = in.read()) == 0) {
      // heartbeats from the server: empty frames
    }
    assertEquals(-1, b, "the server closed the silent connection");
    String lastError = server.statistics().lastError();
    assertTrue(lastError != null && lastError.contains(muteId), String.valueOf(lastError));

    assertTrue(lively.isConnected());
    assertEquals(1, server.sessions().size());
    lively.send(utf8("ping"));
    assertEquals("ping", text(server.read(WAIT).orElseThrow()));
  }

  /**
   * A plain {@link ServerSocket} peer that accepts connections and never writes; it reads and
   * counts what arrives, or leaves it in the socket buffers until {@link #startReading()}.
   */
  private static final class SilentPeer implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong nonZeroBytes = new AtomicLong();
    private volatile boolean reading;

    SilentPeer(boolean reading) throws IOException {
      this.reading = reading;
      server = new ServerSocket();
      server.setReceiveBufferSize(8 * 1024); // fills sooner when not reading
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      threads.execute(this::acceptAll);
    }

    int port() {
      return server.getLocalPort();
    }

    long bytesRead() {
      return bytesRead.get();
    }

    long nonZeroBytes() {
      return nonZeroBytes.get();
    }

    void startReading() {
      reading = true;
      accepted.forEach(socket -> threads.execute(() -> drain(socket)));
    }

    private void acceptAll() {
      try {
        while (true) {
          Socket socket = server.accept();
          accepted.add(socket);
          if (reading) {
            threads.execute(() -> drain(socket));
          }
        }
      } catch (IOException e) {
        // closed
      }
    }

    private void drain(Socket socket) {
      byte[] buffer = new byte[64 * 1024];
      try {
        InputStream in = socket.getInputStream();
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          for (int i = 0; i < n; i++) {
            if (buffer[i] != 0) {
              nonZeroBytes.incrementAndGet();
            }
          }
          bytesRead.addAndGet(n);
        }
      } catch (IOException e) {
        // closed
      }
    }

    @Override
    public void close() throws Exception {
      server.close();
      for (Socket socket : accepted) {
        socket.close();
      }
      threads.shutdownNow();
      assertTrue(threads.awaitTermination(5, TimeUnit.SECONDS), "peer threads did not end");
    }
  }
}
