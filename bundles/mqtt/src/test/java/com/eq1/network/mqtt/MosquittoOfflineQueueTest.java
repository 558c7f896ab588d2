package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.QueueFullException;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The offline queue against a Mosquitto that is down: publishes wait in our queue, its time to live
 * and capacity are enforced and counted ({@code expired}, {@code dropped} in {@link
 * ConnectionStatistics}), and after the restart exactly the surviving messages arrive, once each
 * (QoS 2 end to end) and in the order they were published. The subscriber keeps a persistent
 * session in the broker's saved state, so it misses nothing published before it is back itself.
 */
class MosquittoOfflineQueueTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final ReconnectSettings QUICK =
      new ReconnectSettings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
  private static final String TOPIC = "queue/line-1/count";

  private MosquittoBroker broker;
  private MqttProtocol publisher;
  private MqttProtocol subscriber;
  private final List<String> received = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
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
  void expiredPublishesAreCountedAndNeverArriveAfterTheRestart() throws Exception {
    Duration ttl = Duration.ofSeconds(4);
    startWithPublisherQueue(new QueueSettings(100, ttl, OverflowPolicy.REJECT_NEWEST));
    stopBroker();

    long queuedAt = System.nanoTime();
    for (int i = 1; i <= 3; i++) {
      publisher.publish(TOPIC, "stale-" + i, 2, false);
    }
    assertEquals(3, publisher.statistics().queued());
    await()
        .atMost(ttl.plus(DEADLINE))
        .until(() -> publisher.statistics().expired() == 3); // counted once the TTL ran out
    assertTrue(System.nanoTime() - queuedAt >= ttl.toNanos(), "not expired before their TTL");
    assertEquals(0, publisher.statistics().queued());
    for (int i = 1; i <= 3; i++) {
      publisher.publish(TOPIC, "fresh-" + i, 2, false); // well within the TTL when flushed
    }
    broker.start();

    List<String> expected = List.of("fresh-1", "fresh-2", "fresh-3", "live");
    awaitAfterReconnect(expected);
    ConnectionStatistics stats = publisher.statistics();
    assertEquals(3, stats.expired(), stats.toString());
    assertEquals(0, stats.dropped(), stats.toString());
  }

  @ParameterizedTest
  @EnumSource(OverflowPolicy.class)
  void aFullQueueCountsItsOverflowAndTheKeptOnesArriveOnceInOrder(OverflowPolicy policy)
      throws Exception {
    startWithPublisherQueue(new QueueSettings(3, Duration.ofMinutes(1), policy));
    stopBroker();

    for (int i = 1; i <= 5; i++) {
      String message = "m" + i;
      if (policy == OverflowPolicy.REJECT_NEWEST && i > 3) {
        QueueFullException full =
            assertThrows(
                QueueFullException.class, () -> publisher.publish(TOPIC, message, 2, false));
        assertEquals(3, full.capacity());
      } else {
        publisher.publish(TOPIC, message, 2, false);
      }
    }
    ConnectionStatistics stats = publisher.statistics();
    assertEquals(2, stats.dropped(), stats.toString());
    assertEquals(3, stats.queued(), stats.toString());
    broker.start();

    List<String> kept =
        policy == OverflowPolicy.REJECT_NEWEST
            ? List.of("m1", "m2", "m3")
            : List.of("m3", "m4", "m5"); // DROP_OLDEST: the freshest data wins
    List<String> expected = new ArrayList<>(kept);
    expected.add("live");
    awaitAfterReconnect(expected);
    assertEquals(2, publisher.statistics().dropped());
    assertEquals(0, publisher.statistics().expired());
  }

  private void startWithPublisherQueue(QueueSettings queue) throws Exception {
    broker = new MosquittoBroker();
    subscriber =
        new MqttProtocol(
            MqttSettings.defaults("queue-sub", broker.uri())
                .withLink(QueueSettings.DEFAULT, QUICK)
                .withCleanSession(false));
    subscriber.subscribe(
        "queue/#",
        2,
        (topic, payload) -> received.add(new String(payload, StandardCharsets.UTF_8)));
    subscriber.connect();
    publisher =
        new MqttProtocol(
            MqttSettings.defaults("queue-pub", broker.uri())
                .withLink(queue, QUICK)
                .withCleanSession(true));
    publisher.connect();
    publisher.publish(TOPIC, "before", 2, false);
    await().atMost(DEADLINE).until(() -> received.equals(List.of("before")));
    received.clear();
  }

  /** Stops the broker (it saves the subscriber's session) and waits until both sides noticed. */
  private void stopBroker() throws InterruptedException {
    broker.stop();
    await().atMost(DEADLINE).until(() -> publisher.state() == ConnectionState.RECONNECTING);
    await().atMost(DEADLINE).until(() -> subscriber.state() == ConnectionState.RECONNECTING);
  }

  /**
   * Waits for both to reconnect, publishes one more message live and waits for it: since it went
   * out after the queue was flushed, whatever the queue still owed has arrived by then.
   */
  private void awaitAfterReconnect(List<String> expected) {
    await().atMost(DEADLINE).until(() -> publisher.state() == ConnectionState.CONNECTED);
    await().atMost(DEADLINE).until(() -> publisher.statistics().queued() == 0);
    publisher.publish(TOPIC, "live", 2, false);
    await().atMost(DEADLINE).until(() -> received.contains("live"));
    assertEquals(expected, received, "exactly the kept messages, once each, in order");
  }
}
