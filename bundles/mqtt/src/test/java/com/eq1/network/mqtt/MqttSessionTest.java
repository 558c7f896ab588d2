package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStateListener;
import com.eq1.network.api.MessageListener;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link MqttProtocol} against one real broker (Moquette) shared by the tests, each with its own
 * client ids and topics. The broker refuses subscriptions under {@code forbidden/}.
 */
class MqttSessionTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final ReconnectSettings FAST =
      new ReconnectSettings(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(5));

  private static EmbeddedBroker broker;

  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeAll
  static void startBroker() {
    broker = new EmbeddedBroker(null, EmbeddedBroker.denyReading("forbidden/"));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(closing);
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private MqttProtocol mqtt(String name) {
    return mqtt(name, 1_000);
  }

  private MqttProtocol mqtt(String name, int maxInflight) {
    MqttProtocol protocol =
        new MqttProtocol(
            new MqttSettings(
                name,
                broker.uri(),
                "eq1-" + name,
                "",
                "",
                Duration.ofSeconds(30),
                false,
                Duration.ofSeconds(10),
                maxInflight,
                QueueSettings.DEFAULT,
                FAST,
                10_000));
    closing.add(protocol);
    return protocol;
  }

  private static final class Inbox implements MessageListener {
    final List<String> received = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(String topic, byte[] payload) {
      received.add(topic + "=" + new String(payload, StandardCharsets.UTF_8));
    }
  }

  @Test
  void itNamesItselfAndKeepsItsSettings() {
    MqttSettings settings = MqttSettings.defaults("named", broker.uri());
    try (MqttProtocol protocol = new MqttProtocol(settings)) {
      assertEquals("named", protocol.name());
      assertEquals("mqtt", protocol.protocolType());
      assertEquals(MqttProtocol.PROTOCOL_TYPE, protocol.protocolType());
      assertSame(settings, protocol.settings());
      assertEquals(ConnectionState.DISCONNECTED, protocol.state());
    }
  }

  @Test
  void stateListenersSeeEveryChangeUntilRemoved() {
    MqttProtocol protocol = mqtt("watched");
    List<String> seen = new CopyOnWriteArrayList<>();
    ConnectionStateListener listener =
        (name, previous, current) -> seen.add(name + ":" + previous + "->" + current);
    protocol.addStateListener(listener);

    protocol.connect();
    protocol.connect(); // already connected: no second CONNECTING
    protocol.disconnect();
    protocol.disconnect(); // already disconnected: nothing changes
    assertEquals(
        List.of(
            "watched:DISCONNECTED->CONNECTING",
            "watched:CONNECTING->CONNECTED",
            "watched:CONNECTED->DISCONNECTED"),
        seen);

    protocol.removeStateListener(listener);
    protocol.connect();
    protocol.close();
    assertEquals(3, seen.size(), "a removed listener hears nothing more");
    assertEquals(ConnectionState.CLOSED, protocol.state());
  }

  @Test
  void closeIsFinalAndMayBeRepeated() {
    MqttProtocol protocol = mqtt("final");
    Inbox inbox = new Inbox();
    protocol.subscribe("final/#", 1, inbox);
    protocol.connect();
    protocol.close();
    protocol.close();
    assertEquals(ConnectionState.CLOSED, protocol.state());

    protocol.disconnect();
    assertEquals(ConnectionState.CLOSED, protocol.state(), "nothing leaves CLOSED");
    assertThrows(ConnectionException.class, () -> protocol.subscribe("final/x", 1, inbox));
    protocol.unsubscribe("final/#", inbox); // ignored, as for any unknown pair
    assertThrows(ConnectionException.class, protocol::connect);
  }

  @Test
  void neverConnectedItDisconnectsAndClosesQuietly() {
    MqttProtocol protocol = mqtt("idle");
    protocol.disconnect();
    assertEquals(ConnectionState.DISCONNECTED, protocol.state());
    protocol.close();
    assertEquals(ConnectionState.CLOSED, protocol.state());
    assertEquals(0, protocol.statistics().errors());
  }

  @Test
  void aSubscriptionTheBrokerRefusesFailsAndIsCounted() {
    MqttProtocol protocol = mqtt("guarded");
    protocol.connect();
    Inbox open = new Inbox();
    protocol.subscribe("open/#", 1, open);

    ConnectionException e =
        assertThrows(
            ConnectionException.class, () -> protocol.subscribe("forbidden/#", 1, new Inbox()));
    assertTrue(
        e.getMessage().startsWith("[guarded] the broker refused the subscription to 'forbidden/#'"),
        e.getMessage());
    assertEquals(1, protocol.statistics().errors());
    assertEquals(
        "subscription to 'forbidden/#' refused by the broker", protocol.statistics().lastError());

    assertTrue(protocol.isConnected(), "a refused subscription does not end the connection");
    protocol.publish("open/a", "still here", 1, false);
    await().atMost(DEADLINE).until(() -> open.received.contains("open/a=still here"));
  }

  @Test
  void aRefusedSubscriptionDoesNotPreventLaterReconnects() {
    MqttProtocol protocol = mqtt("guarded2");
    protocol.connect();
    Inbox open = new Inbox();
    protocol.subscribe("open2/#", 1, open);
    assertThrows(
        ConnectionException.class, () -> protocol.subscribe("forbidden/2", 1, new Inbox()));

    assertTrue(broker.cut("eq1-guarded2"));
    await()
        .atMost(DEADLINE)
        .until(() -> protocol.statistics().reconnects() >= 1 && protocol.isConnected());
    protocol.publish("open2/a", "after the cut", 1, false);
    await().atMost(DEADLINE).until(() -> open.received.contains("open2/a=after the cut"));
  }

  @Test
  void aFullInflightWindowSlowsPublishesDownButLosesAndReordersNothing() {
    MqttProtocol subscriber = mqtt("window-sub");
    Inbox inbox = new Inbox();
    subscriber.subscribe("window/#", 2, inbox);
    subscriber.connect();
    MqttProtocol publisher = mqtt("window-pub", 1);
    publisher.connect();

    int count = 150;
    for (int i = 0; i < count; i++) {
      publisher.publish("window/" + (i % 3), "m" + i, 2, false); // waits for PUBCOMP each time
    }

    List<String> expected =
        IntStream.range(0, count)
            .mapToObj(i -> "window/" + (i % 3) + "=m" + i)
            .collect(Collectors.toList());
    await().atMost(DEADLINE).until(() -> inbox.received.size() >= count);
    assertEquals(expected, inbox.received);
    assertEquals(count, publisher.statistics().messagesOut());
    assertEquals(0, publisher.statistics().queued(), "nothing went to the offline queue");
    assertEquals(0, publisher.statistics().errors());
  }

  @Test
  void aPublishedArrayIsCopiedAndEveryListenerGetsItsOwnPayload() {
    MqttProtocol protocol = mqtt("copies");
    List<byte[]> first = new CopyOnWriteArrayList<>();
    List<byte[]> second = new CopyOnWriteArrayList<>();
    protocol.subscribe(
        "copies/#",
        1,
        (topic, payload) -> {
          first.add(payload.clone());
          payload[0] = 'X'; // a careless listener
        });
    protocol.subscribe("copies/#", 1, (topic, payload) -> second.add(payload));

    byte[] payload = "abc".getBytes(StandardCharsets.UTF_8);
    protocol.publish("copies/1", payload, 1, false); // queued while disconnected
    payload[0] = 'Z'; // the caller reuses its array
    protocol.connect();

    await().atMost(DEADLINE).until(() -> first.size() == 1 && second.size() == 1);
    assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), first.get(0));
    assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), second.get(0));
  }
}
