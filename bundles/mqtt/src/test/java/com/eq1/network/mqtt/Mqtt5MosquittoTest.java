package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT 5 connections ({@link MqttVersion#V5}, Paho's {@code mqttv5} client) against the reference
 * broker, Mosquitto 2: delivery at every QoS, retained messages, subscriptions restored after a
 * broker restart, the session expiry interval, the will, and a QoS 1 stream through a cut
 * connection.
 */
class Mqtt5MosquittoTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final ReconnectSettings QUICK =
      new ReconnectSettings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
  private static final QueueSettings ROOMY =
      new QueueSettings(100_000, Duration.ofMinutes(2), OverflowPolicy.REJECT_NEWEST);

  private final List<AutoCloseable> closing = new ArrayList<>();
  private MosquittoBroker broker;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @ParameterizedTest(name = "QoS {0}")
  @ValueSource(ints = {0, 1, 2})
  void messagesGoRoundTripAtEveryQos(int qos) throws Exception {
    broker = new MosquittoBroker();
    MqttProtocol subscriber = connection(v5("sub").cleanSession(true).build());
    MqttProtocol publisher = connection(v5("pub").cleanSession(true).build());
    List<String> received = new CopyOnWriteArrayList<>();
    subscriber.subscribe(
        "cell/+/count", qos, (topic, payload) -> received.add(topic + "=" + text(payload)));
    subscriber.connect();
    publisher.connect();

    for (int i = 0; i < 5; i++) {
      publisher.publish("cell/" + i + "/count", "n" + i, qos, false);
    }

    List<String> expected =
        List.of(
            "cell/0/count=n0",
            "cell/1/count=n1",
            "cell/2/count=n2",
            "cell/3/count=n3",
            "cell/4/count=n4");
    await().atMost(DEADLINE).until(() -> received.size() == 5);
    assertEquals(expected, received);
    assertEquals(5, publisher.statistics().messagesOut());
    assertEquals(5, subscriber.statistics().messagesIn());
    assertEquals(10, subscriber.statistics().bytesIn());
    assertEquals(0, publisher.statistics().errors() + subscriber.statistics().errors());
    assertTrue(broker.log().contains("(p5, c1, k30)"), "both spoke MQTT 5 with a clean start");
  }

  @Test
  void aRetainedMessageReachesALaterSubscriber() throws Exception {
    broker = new MosquittoBroker();
    MqttProtocol publisher = connection(v5("retainer").build());
    publisher.connect();
    publisher.publish("cell/3/state", "running", 1, true);
    publisher.publish("cell/3/other", "not retained", 1, false);

    MqttProtocol late = connection(v5("late").build());
    List<String> received = new CopyOnWriteArrayList<>();
    late.subscribe("cell/3/#", 1, (topic, payload) -> received.add(topic + "=" + text(payload)));
    late.connect();

    await().atMost(DEADLINE).until(() -> received.contains("cell/3/state=running"));
    assertEquals(List.of("cell/3/state=running"), received);
  }

  @Test
  void subscriptionsAreMadeAgainAfterTheBrokerRestarts() throws Exception {
    broker = new MosquittoBroker();
    MqttProtocol subscriber = connection(v5("restored").cleanSession(true).build());
    List<String> received = new CopyOnWriteArrayList<>();
    subscriber.subscribe("plant/#", 1, (topic, payload) -> received.add(text(payload)));
    subscriber.connect();

    broker.stop();
    await().atMost(DEADLINE).until(() -> subscriber.state() == ConnectionState.RECONNECTING);
    broker.start();
    await().atMost(DEADLINE).until(subscriber::isConnected);

    MqttProtocol publisher = connection(v5("after-restart").build());
    publisher.connect();
    publisher.publish("plant/line/1", "after the restart", 1, false);
    await().atMost(DEADLINE).until(() -> received.contains("after the restart"));
    assertTrue(subscriber.statistics().reconnects() >= 1);
    assertTrue(subscriber.statistics().errors() >= 1, "the loss is counted");
  }

  @ParameterizedTest(name = "session expiry {0} s")
  @ValueSource(ints = {-1, 60})
  void aKeptSessionReceivesWhatWasPublishedWhileAway(int expirySeconds) throws Exception {
    broker = new MosquittoBroker();
    MqttSettingsBuilder kept = v5("kept").cleanSession(false);
    MqttProtocol subscriber =
        connection(
            (expirySeconds < 0 ? kept : kept.sessionExpiry(Duration.ofSeconds(expirySeconds)))
                .build());
    List<String> received = new CopyOnWriteArrayList<>();
    subscriber.subscribe("orders/#", 1, (topic, payload) -> received.add(text(payload)));
    subscriber.connect();
    subscriber.disconnect();

    MqttProtocol publisher = connection(v5("orders").build());
    publisher.connect();
    for (int i = 0; i < 3; i++) {
      publisher.publish("orders/new", "order " + i, 1, false);
    }
    subscriber.connect();

    await().atMost(DEADLINE).until(() -> received.size() == 3);
    assertEquals(List.of("order 0", "order 1", "order 2"), received);
  }

  @Test
  void aSessionExpiringAtOnceLosesWhatWasPublishedWhileAway() throws Exception {
    broker = new MosquittoBroker();
    MqttProtocol subscriber =
        connection(v5("brief").cleanSession(false).sessionExpiry(Duration.ZERO).build());
    List<String> received = new CopyOnWriteArrayList<>();
    subscriber.subscribe("orders/#", 1, (topic, payload) -> received.add(text(payload)));
    subscriber.connect();
    subscriber.disconnect();

    MqttProtocol publisher = connection(v5("orders").build());
    publisher.connect();
    publisher.publish("orders/new", "while away", 1, false);
    subscriber.connect(); // subscribes again: only what comes now arrives
    publisher.publish("orders/new", "while back", 1, false);

    await().atMost(DEADLINE).until(() -> received.contains("while back"));
    assertEquals(List.of("while back"), received);
  }

  @Test
  void aSessionIsGoneOnceItsExpiryIntervalHasPassed() throws Exception {
    broker = new MosquittoBroker();
    MqttProtocol subscriber =
        connection(v5("short").cleanSession(false).sessionExpiry(Duration.ofSeconds(1)).build());
    List<String> received = new CopyOnWriteArrayList<>();
    subscriber.subscribe("orders/#", 1, (topic, payload) -> received.add(text(payload)));
    subscriber.connect();
    subscriber.disconnect();
    MqttProtocol publisher = connection(v5("orders").build());
    publisher.connect();
    publisher.publish("orders/new", "queued, then expired", 1, false);

    await() // Mosquitto drops expired sessions in its housekeeping, about once a second
        .pollDelay(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(5))
        .until(() -> publisher.state() == ConnectionState.CONNECTED);
    subscriber.connect();
    publisher.publish("orders/new", "after", 1, false);

    await().atMost(DEADLINE).until(() -> received.contains("after"));
    assertEquals(List.of("after"), received);
  }

  @Test
  void theBrokerPublishesTheWillWhenTheConnectionIsCut() throws Exception {
    broker = new MosquittoBroker();
    CuttableProxy proxy = closing(new CuttableProxy(broker.port()));
    MqttProtocol watcher = connection(v5("watcher").build());
    List<String> seen = new CopyOnWriteArrayList<>();
    watcher.subscribe("status/#", 1, (topic, payload) -> seen.add(text(payload)));
    watcher.connect();
    MqttProtocol cell =
        connection(
            MqttSettings.defaults("cell", proxy.uri()).toBuilder()
                .version(MqttVersion.V5)
                .reconnect(QUICK)
                .will(StatusMessage.retained("status/cell", "offline"))
                .birth(StatusMessage.retained("status/cell", "online"))
                .build());
    cell.connect();
    await().atMost(DEADLINE).until(() -> seen.equals(List.of("online")));

    proxy.cut();

    await().atMost(DEADLINE).until(() -> seen.size() >= 2);
    assertEquals("offline", seen.get(1), "the broker sent the will on the cut");
    await().atMost(DEADLINE).until(() -> seen.size() >= 3);
    assertEquals("online", seen.get(2), "the birth message again after the reconnect");
  }

  /**
   * A QoS 1 stream to a single topic through a connection cut in its middle: what was in flight is
   * sent again on the new connection. Paho 1.2.5 would by itself use a topic alias for that topic
   * and send the stored messages again with an alias the new connection never defined, which
   * Mosquitto answers with DISCONNECT on every reconnect; the session keeps aliases off.
   */
  @Test
  void aQos1StreamThroughACutConnectionLosesNothing() throws Exception {
    broker = new MosquittoBroker();
    CuttableProxy proxy = closing(new CuttableProxy(broker.port()));
    MqttProtocol subscriber = connection(v5("stream-sub").cleanSession(false).build());
    Set<String> received = ConcurrentHashMap.newKeySet();
    subscriber.subscribe("stream/a", 1, (topic, payload) -> received.add(text(payload)));
    subscriber.connect();
    MqttProtocol publisher =
        connection(
            MqttSettings.defaults("stream-pub", proxy.uri()).toBuilder()
                .version(MqttVersion.V5)
                .cleanSession(false)
                .queue(ROOMY)
                .reconnect(QUICK)
                .build());
    publisher.connect();

    int total = 2_000;
    for (int i = 0; i < total; i++) {
      publisher.publish("stream/a", "m" + i, 1, false);
      if (i == total / 2) {
        proxy.cut(); // mid-stream: some are still unacknowledged
      }
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == total);
    assertTrue(publisher.statistics().reconnects() >= 1);
    assertEquals(ConnectionState.CONNECTED, publisher.state());
    assertTrue(!broker.log().contains("protocol error"), "no alias the broker did not know");
  }

  private MqttSettingsBuilder v5(String name) {
    return MqttSettings.defaults(name, broker.uri()).toBuilder()
        .version(MqttVersion.V5)
        .queue(ROOMY)
        .reconnect(QUICK);
  }

  private MqttProtocol connection(MqttSettings settings) {
    return closing(new MqttProtocol(settings));
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    closing.add(closeable);
    return closeable;
  }

  private static String text(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
