package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults against the reference broker: Mosquitto stopped in the middle of a QoS 1 stream for ten
 * seconds and started again; the network under a connection with a Last Will cut.
 */
class MosquittoFaultTest {

  private static final ReconnectSettings QUICK =
      new ReconnectSettings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
  private static final QueueSettings ROOMY =
      new QueueSettings(100_000, Duration.ofMinutes(2), OverflowPolicy.REJECT_NEWEST);

  private MosquittoBroker broker;
  private MqttProtocol publisher;
  private MqttProtocol subscriber;
  private CuttableProxy network;
  private MosquittoClients.Subscriber watcher;

  @AfterEach
  void close() throws Exception {
    if (watcher != null) {
      watcher.close();
    }
    if (network != null) {
      network.close();
    }
    if (publisher != null) {
      publisher.close();
    }
    if (subscriber != null) {
      subscriber.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aBrokerStoppedForTenSecondsMidStreamLosesNoQos1Message() throws Exception {
    broker = new MosquittoBroker();
    subscriber = new MqttProtocol(settings("fault-sub"));
    publisher = new MqttProtocol(settings("fault-pub"));
    Set<String> received = ConcurrentHashMap.newKeySet();
    AtomicInteger deliveries = new AtomicInteger();
    subscriber.subscribe(
        "line/#",
        1,
        (topic, payload) -> {
          deliveries.incrementAndGet();
          received.add(new String(payload, StandardCharsets.UTF_8));
        });
    subscriber.connect();
    publisher.connect();

    int total = 3_000;
    for (int i = 0; i < total / 3; i++) {
      publisher.publish("line/1/count", "m" + i, 1, false);
    }
    broker.stop(); // mid-stream: some of those are still in flight
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> publisher.state() != ConnectionState.CONNECTED);
    for (int i = total / 3; i < 2 * total / 3; i++) {
      publisher.publish("line/1/count", "m" + i, 1, false); // waits in the offline queue
    }
    await()
        .pollDelay(Duration.ofSeconds(10))
        .atMost(Duration.ofSeconds(11))
        .until(() -> publisher.state() == ConnectionState.RECONNECTING); // ten seconds down
    broker.start();

    await().atMost(Duration.ofSeconds(5)).until(() -> publisher.isConnected());
    await().atMost(Duration.ofSeconds(5)).until(() -> subscriber.isConnected());
    for (int i = 2 * total / 3; i < total; i++) {
      publisher.publish("line/1/count", "m" + i, 1, false);
    }

    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == total);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      java.util.List<Integer> missing = new java.util.ArrayList<>();
      for (int i = 0; i < total; i++) {
        if (!received.contains("m" + i)) {
          missing.add(i);
        }
      }
      throw new AssertionError(
          received.size()
              + " of "
              + total
              + " received; missing "
              + missing.size()
              + ": "
              + missing.subList(0, Math.min(40, missing.size()))
              + " last "
              + missing.subList(Math.max(0, missing.size() - 5), missing.size())
              + " pub="
              + publisher.statistics()
              + " sub="
              + subscriber.statistics());
    }
    for (int i = 0; i < total; i++) {
      assertTrue(received.contains("m" + i), "m" + i + " lost");
    }
    assertTrue(deliveries.get() >= total, "duplicates allowed at QoS 1, losses not");
    assertTrue(publisher.statistics().reconnects() >= 1);
    assertTrue(subscriber.statistics().reconnects() >= 1);
    assertEquals(0, publisher.statistics().expired() + publisher.statistics().dropped());
  }

  /**
   * The TCP connection under a connection with a will is cut (no DISCONNECT): Mosquitto must
   * publish the will, seen here by {@code mosquitto_sub}, within 1.5 keep-alive intervals, the
   * longest MQTT lets a broker wait before it declares a silent client lost. Then our reconnect
   * announces itself again with the birth message.
   */
  @Test
  void aCutNetworkMakesMosquittoPublishOurWillWithinOneAndAHalfKeepAlives() throws Exception {
    broker = new MosquittoBroker();
    network = new CuttableProxy(broker.port());
    watcher = MosquittoClients.subscribe(broker.port(), "-t", "cell/+/status", "-q", "1", "-v");
    Duration keepAlive = Duration.ofSeconds(2);
    publisher = new MqttProtocol(withWill("will-cell", network.uri(), keepAlive));
    publisher.connect();
    assertEquals(List.of("cell/7/status online"), watcher.awaitMessages(1));

    long cutAt = System.nanoTime();
    network.cut();
    Duration allowed = keepAlive.multipliedBy(3).dividedBy(2);
    await("the will").atMost(allowed).until(() -> watcher.messages().size() >= 2);
    Duration took = Duration.ofNanos(System.nanoTime() - cutAt);
    assertEquals("cell/7/status offline", watcher.messages().get(1), "after " + took);

    await().atMost(Duration.ofSeconds(10)).until(() -> watcher.messages().size() >= 3);
    assertEquals(
        List.of("cell/7/status online", "cell/7/status offline", "cell/7/status online"),
        watcher.messages());
    assertTrue(broker.log().contains("will-cell"), "the broker saw our client id");
  }

  /**
   * The network goes silent instead (a dead router: sockets stay open, nothing passes): Mosquitto
   * hears nothing more and must declare us lost after 1.5 keep-alive intervals, then publish the
   * will. Mosquitto 2.0.11 counts whole seconds, disconnects only once more than 1.5 intervals have
   * passed and checks about once a second: with a 2 s keep-alive it took 4.3 to 5.0 s here, so 2.5
   * s of slack are allowed on top of the 3 s.
   */
  @Test
  void aSilentNetworkMakesMosquittoPublishOurWillAfterOneAndAHalfKeepAlives() throws Exception {
    broker = new MosquittoBroker();
    watcher = MosquittoClients.subscribe(broker.port(), "-t", "cell/+/status", "-q", "1", "-v");
    Duration keepAlive = Duration.ofSeconds(2);
    try (SilenceableProxy silent = new SilenceableProxy(broker.port())) {
      publisher = new MqttProtocol(withWill("silent-cell", silent.uri(), keepAlive));
      publisher.connect();
      assertEquals(List.of("cell/7/status online"), watcher.awaitMessages(1));

      long silentAt = System.nanoTime();
      silent.silence();
      Duration allowed = keepAlive.multipliedBy(3).dividedBy(2).plusMillis(2_500);
      await("the will").atMost(allowed).until(() -> watcher.messages().size() >= 2);
      Duration took = Duration.ofNanos(System.nanoTime() - silentAt);
      assertEquals("cell/7/status offline", watcher.messages().get(1), "after " + took);
      assertTrue(
          broker.log().contains("eq1-silent-cell has exceeded timeout"),
          "the broker's keep-alive timer fired, nothing else");
    }
  }

  private MqttSettings withWill(String name, String uri, Duration keepAlive) {
    return MqttSettings.defaults(name, uri).toBuilder()
        .keepAlive(keepAlive)
        .reconnect(QUICK)
        .cleanSession(true)
        .will(new StatusMessage("cell/7/status", bytes("offline"), 1, false))
        .birth(new StatusMessage("cell/7/status", bytes("online"), 1, false))
        .build();
  }

  /**
   * A TCP forwarder that can fall silent: bytes are still read, then dropped, in both directions.
   */
  private static final class SilenceableProxy implements AutoCloseable {

    private final ServerSocket listening;
    private final int target;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean silent;

    SilenceableProxy(int targetPort) throws IOException {
      this.target = targetPort;
      this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      threads.execute(this::accept);
    }

    String uri() {
      return "tcp://127.0.0.1:" + listening.getLocalPort();
    }

    void silence() {
      silent = true;
    }

    private void accept() {
      try {
        while (true) {
          Socket client = listening.accept();
          Socket broker = new Socket(InetAddress.getLoopbackAddress(), target);
          open.add(client);
          open.add(broker);
          threads.execute(() -> pump(client, broker));
          threads.execute(() -> pump(broker, client));
        }
      } catch (IOException e) {
        // closed
      }
    }

    private void pump(Socket from, Socket to) {
      byte[] buffer = new byte[8192];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          if (!silent) {
            out.write(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        // closed
      }
    }

    @Override
    public void close() throws IOException {
      listening.close();
      for (Socket socket : open) {
        socket.close();
      }
      threads.shutdownNow();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private MqttSettings settings(String name) {
    return MqttSettings.defaults(name, broker.uri()).withLink(ROOMY, QUICK).withCleanSession(false);
  }
}
