package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.MessageListener;
import com.eq1.network.api.SubscriptionStatus;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code eq1:info} shows of an MQTT connection's subscriptions: the QoS the broker granted in
 * its SUBACK, its refusal, nothing confirmed while the link is down, and confirmed again once the
 * reconnect has subscribed again.
 */
class MqttSubscriptionStatusTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final ReconnectSettings FAST =
      new ReconnectSettings(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(5));
  private static final MessageListener IGNORE = (topic, payload) -> {};

  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(closing);
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    closing.add(closeable);
    return closeable;
  }

  private static MqttSettings settings(String name, String broker) {
    return MqttSettings.defaults(name, broker).withLink(QueueSettings.DEFAULT, FAST);
  }

  /**
   * Against Mosquitto: Moquette sometimes closes a connection right after its CONNACK ("SUBSCRIBE
   * received on already closed connection"), which made a subscribe made at once after connect()
   * fail in one CI run out of four.
   */
  @Test
  void theBrokerConfirmsEachFilterWithTheQosItGranted() throws Exception {
    MosquittoBroker broker = closing(new MosquittoBroker());
    MqttProtocol mqtt = closing(new MqttProtocol(settings("granted", broker.uri())));
    mqtt.subscribe("cell/+/status", 1, IGNORE); // while disconnected: asked for, not confirmed
    assertEquals(
        List.of(new SubscriptionStatus("cell/+/status", 1, null, null)), mqtt.subscriptions());

    mqtt.connect();
    mqtt.subscribe("cell/+/alarm", 2, IGNORE);
    mqtt.subscribe("cell/+/status", 0, (topic, payload) -> {}); // lower QoS: nothing to ask
    mqtt.subscribe("cell/#", 0, IGNORE);

    assertEquals(
        List.of(
            new SubscriptionStatus("cell/+/status", 1, 1, null),
            new SubscriptionStatus("cell/+/alarm", 2, 2, null),
            new SubscriptionStatus("cell/#", 0, 0, null)),
        mqtt.subscriptions());
    assertTrue(mqtt.subscriptions().stream().allMatch(SubscriptionStatus::confirmed));

    mqtt.unsubscribe("cell/#", IGNORE);
    assertEquals(
        List.of("cell/+/status", "cell/+/alarm"),
        mqtt.subscriptions().stream().map(SubscriptionStatus::topicFilter).toList());
    mqtt.disconnect();
    assertTrue(mqtt.subscriptions().stream().noneMatch(SubscriptionStatus::confirmed));
  }

  @Test
  void aLostLinkUnconfirmsEverySubscriptionUntilTheReconnectSubscribesAgain() {
    EmbeddedBroker broker = closing(new EmbeddedBroker());
    MqttProtocol mqtt = closing(new MqttProtocol(settings("relost", broker.uri())));
    mqtt.connect();
    mqtt.subscribe("line/1/#", 1, IGNORE);
    assertTrue(mqtt.subscriptions().get(0).confirmed());

    broker.stop();
    await().atMost(DEADLINE).until(() -> mqtt.state() != ConnectionState.CONNECTED);
    assertEquals(List.of(new SubscriptionStatus("line/1/#", 1, null, null)), mqtt.subscriptions());

    broker.start();
    await().atMost(DEADLINE).until(() -> mqtt.state() == ConnectionState.CONNECTED);
    assertEquals(List.of(new SubscriptionStatus("line/1/#", 1, 1, null)), mqtt.subscriptions());
  }

  @Test
  void aSubscriptionTheBrokerRefusesShowsItsAnswer() {
    EmbeddedBroker broker =
        closing(new EmbeddedBroker(null, EmbeddedBroker.denyReading("forbidden/")));
    MqttProtocol mqtt = closing(new MqttProtocol(settings("refused3", broker.uri())));
    mqtt.connect();

    assertThrows(ConnectionException.class, () -> mqtt.subscribe("forbidden/#", 1, IGNORE));
    mqtt.subscribe("allowed/#", 1, IGNORE);

    SubscriptionStatus refused = mqtt.subscriptions().get(0);
    assertEquals("forbidden/#", refused.topicFilter());
    assertNull(refused.grantedQos());
    assertEquals("the broker refused the subscription to 'forbidden/#'", refused.error());
    assertFalse(refused.confirmed());
    assertEquals(new SubscriptionStatus("allowed/#", 1, 1, null), mqtt.subscriptions().get(1));
  }

  /** Mosquitto's dynamic security denies {@code denied/#}: SUBACK 0x87 in MQTT 5. */
  @Test
  void mosquittosAccessControlRefusalIsShownWithItsReasonCode() throws Exception {
    MosquittoBroker broker = closing(Mqtt5Brokers.withAccessControl());
    MqttProtocol mqtt =
        closing(
            new MqttProtocol(
                settings("acl-status", broker.uri()).toBuilder()
                    .version(MqttVersion.V5)
                    .cleanSession(true)
                    .build()));
    mqtt.subscribe("denied/alarm", 1, IGNORE); // made on connect
    mqtt.subscribe("allowed/#", 2, IGNORE);

    mqtt.connect();

    assertEquals(
        List.of(
            new SubscriptionStatus(
                "denied/alarm",
                1,
                null,
                "the broker refused the subscription to 'denied/alarm': 0x87 not authorized"),
            new SubscriptionStatus("allowed/#", 2, 2, null)),
        mqtt.subscriptions());
    assertEquals(mqtt.subscriptions().get(0).error(), mqtt.statistics().lastError());
  }
}
