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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults against the reference broker: Mosquitto stopped in the middle of a QoS 1 stream for ten
 * seconds and started again.
 */
class MosquittoFaultTest {

  private static final ReconnectSettings QUICK =
      new ReconnectSettings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
  private static final QueueSettings ROOMY =
      new QueueSettings(100_000, Duration.ofMinutes(2), OverflowPolicy.REJECT_NEWEST);

  private MosquittoBroker broker;
  private MqttProtocol publisher;
  private MqttProtocol subscriber;

  @AfterEach
  void close() throws Exception {
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

  private MqttSettings settings(String name) {
    return MqttSettings.defaults(name, broker.uri()).withLink(ROOMY, QUICK).withCleanSession(false);
  }
}
