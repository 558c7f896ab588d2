package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.AuthenticationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.link.ReconnectSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What Mosquitto 2 refuses an MQTT 5 connection, and how the connection reports it: the reason code
 * in hex with its name, as an exception where the call can fail and as the connection's last error
 * where the refusal arrives later. Observed with Mosquitto 2.0.11: a wrong password gets CONNACK
 * 0x87 (not authorized), never 0x86; a denied subscription SUBACK 0x87, a denied publish PUBACK
 * 0x87. It sends no DISCONNECT with a reason code in any situation a test can bring about (a
 * session taken over, a shutdown: the socket is just closed), so that path is tested against {@link
 * Mqtt5ScriptedBroker} in {@link Mqtt5ReasonCodesTest}.
 */
class Mqtt5MosquittoRefusalsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final ReconnectSettings QUICK =
      new ReconnectSettings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
  private static final int MAXIMUM_PACKET = 1024;

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

  @Test
  void aWrongPasswordIsRefusedNamingTheReasonCode() throws Exception {
    broker = Mqtt5Brokers.withPassword("cell", "right horse battery");
    MqttProtocol wrong = connection(v5("wrong").username("cell").password("wrong staple").build());

    AuthenticationException refused = assertThrows(AuthenticationException.class, wrong::connect);

    assertEquals(
        "[wrong] the broker refused the connection: 0x87 not authorized", refused.getMessage());
    assertFalse(refused.getMessage().contains("staple"), "the password stays out");
    assertEquals(
        "connect failed: the broker refused: 0x87 not authorized", wrong.statistics().lastError());
    MqttProtocol right =
        connection(v5("right").username("cell").password("right horse battery").build());
    right.connect();
    assertEquals(ConnectionState.CONNECTED, right.state());
  }

  @Test
  void aRefusedSubscriptionNamesFilterAndCodeAndIsTheLastError() throws Exception {
    broker = Mqtt5Brokers.withAccessControl();
    MqttProtocol mqtt = connection(v5("acl").build());
    mqtt.connect();

    ConnectionException refused =
        assertThrows(
            ConnectionException.class, () -> mqtt.subscribe("denied/alarm", 1, (t, p) -> {}));

    String expected = "the broker refused the subscription to 'denied/alarm': 0x87 not authorized";
    assertEquals("[acl] " + expected, refused.getMessage());
    assertEquals(expected, mqtt.statistics().lastError());
    assertEquals(1, mqtt.statistics().errors());
    List<String> received = new CopyOnWriteArrayList<>();
    mqtt.subscribe("allowed/#", 1, (topic, payload) -> received.add(text(payload)));
    mqtt.publish("allowed/1", "still working", 1, false);
    await().atMost(DEADLINE).until(() -> received.equals(List.of("still working")));
  }

  @Test
  void aSubscriptionRefusedOnReconnectLeavesTheConnectionUpAndSaysWhy() throws Exception {
    broker = Mqtt5Brokers.withAccessControl();
    MqttProtocol mqtt = connection(v5("restore").build());
    mqtt.subscribe("denied/alarm", 1, (t, p) -> {}); // not connected: made on connect

    mqtt.connect();

    assertEquals(ConnectionState.CONNECTED, mqtt.state());
    assertEquals(
        "the broker refused the subscription to 'denied/alarm': 0x87 not authorized",
        mqtt.statistics().lastError());
  }

  @Test
  void aRefusedPublishIsCountedNamingTopicAndCode() throws Exception {
    broker = Mqtt5Brokers.withAccessControl();
    MqttProtocol mqtt = connection(v5("writer").build());
    mqtt.connect();

    mqtt.publish("readonly/setpoint", "12.5", 1, false);

    String expected = "the broker refused the publish to 'readonly/setpoint': 0x87 not authorized";
    await().atMost(DEADLINE).until(() -> mqtt.statistics().lastError(), equalTo(expected));
    assertEquals(1, mqtt.statistics().errors());
    assertEquals(ConnectionState.CONNECTED, mqtt.state());
  }

  /**
   * A QoS 2 publish Mosquitto denies gets PUBREC 0x87, on which Paho 1.2.5 drops the connection
   * and, with a kept session, would send the message again on every reconnect, refused each time.
   * The session forgets the refused message: one loss, one reconnect, then the connection stays.
   */
  @Test
  void aDeniedQos2PublishCostsOneReconnectNotALoop() throws Exception {
    broker = Mqtt5Brokers.withAccessControl();
    MqttProtocol mqtt = connection(v5("qos2").cleanSession(false).build());
    List<String> received = new CopyOnWriteArrayList<>();
    mqtt.subscribe("allowed/#", 2, (topic, payload) -> received.add(text(payload)));
    mqtt.connect();

    mqtt.publish("readonly/setpoint", "12.5", 2, false);

    String expected =
        "the broker refused the publish to 'readonly/setpoint': 0x87 not authorized (in its PUBREC:"
            + " Paho dropped the connection; the message is not sent again)";
    await().atMost(DEADLINE).until(() -> mqtt.statistics().lastError(), equalTo(expected));
    await().atMost(DEADLINE).until(() -> mqtt.state() == ConnectionState.CONNECTED);
    mqtt.publish("allowed/after", "flowing", 2, false);
    await().atMost(DEADLINE).until(() -> received.equals(List.of("flowing")));
    await() // a resent refusal would drop the connection again within milliseconds
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .until(() -> mqtt.state() == ConnectionState.CONNECTED);
    assertEquals(1, mqtt.statistics().reconnects());
    assertEquals(2, count(broker.log(), "as eq1-qos2 "), "connected twice, not in a loop");
  }

  @Test
  void aPublishOverTheBrokersMaximumPacketSizeIsRefusedBeforeSending() throws Exception {
    broker = Mqtt5Brokers.withMaximumPacketSize(MAXIMUM_PACKET);
    MqttProtocol mqtt = connection(v5("packets").build());
    mqtt.connect();
    List<byte[]> received = new CopyOnWriteArrayList<>();
    mqtt.subscribe("big/#", 1, (topic, payload) -> received.add(payload));
    // PUBLISH "big/a" at QoS 1: 1 + 2 (remaining length) + 2 + 5 (topic) + 2 (id) + 1 + payload
    int largest = MAXIMUM_PACKET - 13;

    OversizedPacketException refused =
        assertThrows(
            OversizedPacketException.class,
            () -> mqtt.publish("big/a", new byte[largest + 1], 1, false));

    assertEquals(MAXIMUM_PACKET + 1, refused.size());
    assertEquals(MAXIMUM_PACKET, refused.limit());
    assertEquals(0, mqtt.statistics().messagesOut(), "nothing went to the wire");
    assertTrue(mqtt.statistics().lastError().contains("Maximum Packet Size of 1024"));
    byte[] exactly = new byte[largest];
    Arrays.fill(exactly, (byte) 'x');
    mqtt.publish("big/a", exactly, 1, false);
    await().atMost(DEADLINE).until(() -> received.size() == 1);
    assertArrayEquals(exactly, received.get(0), "a packet of exactly the maximum goes through");
    assertEquals(ConnectionState.CONNECTED, mqtt.state());
    assertEquals(0, mqtt.statistics().reconnects());
  }

  private MqttSettingsBuilder v5(String name) {
    return MqttSettings.defaults(name, broker.uri()).toBuilder()
        .version(MqttVersion.V5)
        .cleanSession(true)
        .reconnect(QUICK);
  }

  private MqttProtocol connection(MqttSettings settings) {
    MqttProtocol mqtt = new MqttProtocol(settings);
    closing.add(mqtt);
    return mqtt;
  }

  private static int count(String log, String what) {
    return (int) log.lines().filter(line -> line.contains(what)).count();
  }

  private static String text(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
