package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.AuthenticationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.link.ReconnectSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT 5 reason codes as our connection reports them, against {@link Mqtt5ScriptedBroker}: every
 * refusing code is named in hex with its name from the standard, CONNACK refusals of the client's
 * identity or credentials are {@link AuthenticationException}s, and refusals that arrive
 * asynchronously (PUBACK, DISCONNECT) are the connection's last error.
 */
class Mqtt5ReasonCodesTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final ReconnectSettings SLOW =
      new ReconnectSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));

  private final Mqtt5ScriptedBroker broker = new Mqtt5ScriptedBroker();
  private final List<MqttProtocol> connections = new ArrayList<>();

  @AfterEach
  void close() {
    connections.forEach(MqttProtocol::close);
    broker.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "0x85, client identifier not valid",
    "0x86, bad user name or password",
    "0x87, not authorized",
    "0x8C, bad authentication method"
  })
  void aConnackRefusingTheClientIsAnAuthenticationFailureNamingTheCode(String code, String name) {
    broker.connack(Integer.decode(code));
    MqttProtocol mqtt = connection("refused");

    AuthenticationException refused = assertThrows(AuthenticationException.class, mqtt::connect);

    assertEquals(
        "[refused] the broker refused the connection: " + code + " " + name, refused.getMessage());
    assertEquals(Optional.of("refused"), refused.connectionName());
    assertTrue(mqtt.statistics().lastError().contains(code + " " + name));
    assertEquals(1, mqtt.statistics().errors());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "0x80, unspecified error",
    "0x88, server unavailable",
    "0x89, server busy",
    "0x8A, banned",
    "0x9C, use another server",
    "0x9D, server moved",
    "0x9F, connection rate exceeded"
  })
  void anyOtherRefusingConnackIsAConnectionFailureNamingTheCode(String code, String name) {
    broker.connack(Integer.decode(code));
    MqttProtocol mqtt = connection("unavailable");

    ConnectionException refused = assertThrows(ConnectionException.class, mqtt::connect);

    assertFalse(refused instanceof AuthenticationException, refused.toString());
    assertEquals(
        "[unavailable] the broker refused the connection: " + code + " " + name,
        refused.getMessage());
    assertEquals(ConnectionState.RECONNECTING, mqtt.state(), "retried with backoff");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "0x80, unspecified error",
    "0x83, implementation specific error",
    "0x87, not authorized",
    "0x8F, topic filter invalid",
    "0x91, packet identifier in use",
    "0x9E, shared subscriptions not supported"
  })
  void aRefusedSubscriptionNamesTheFilterAndTheCode(String code, String name) {
    broker.suback(Integer.decode(code));
    MqttProtocol mqtt = connection("subscriber");
    mqtt.connect();

    ConnectionException refused =
        assertThrows(
            ConnectionException.class, () -> mqtt.subscribe("cell/+/alarm", 1, (t, p) -> {}));

    String expected = "the broker refused the subscription to 'cell/+/alarm': " + code + " " + name;
    assertEquals("[subscriber] " + expected, refused.getMessage());
    assertEquals(expected, mqtt.statistics().lastError());
    assertEquals(1, mqtt.statistics().errors());
    assertEquals(ConnectionState.CONNECTED, mqtt.state(), "a refused subscription is no loss");
  }

  /**
   * Paho 1.2.5 reads only 0x80, 0x83, 0x87, 0x8F, 0x91 and 0x9E as refusals in a SUBACK; 0x97
   * (quota exceeded), 0xA1 and 0xA2, valid in MQTT 5, make it drop the connection as if the packet
   * were broken. The refusal is reported without its code, which Paho discards.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"0x97", "0xA1", "0xA2"})
  void aSubackCodePahoCannotReadRefusesTheSubscriptionAndDropsTheConnection(String code) {
    broker.suback(Integer.decode(code));
    MqttProtocol mqtt = connection("unreadable");
    mqtt.connect();

    ConnectionException refused =
        assertThrows(ConnectionException.class, () -> mqtt.subscribe("cell/#", 1, (t, p) -> {}));

    assertTrue(
        refused.getMessage().contains("refused the subscription to 'cell/#' with a reason code"),
        refused.getMessage());
    await().atMost(DEADLINE).until(() -> mqtt.state() == ConnectionState.RECONNECTING);
    assertTrue(mqtt.statistics().errors() >= 2, "the refusal and the loss");
  }

  @Test
  void aLowerGrantedQosIsAcceptedAndTheSubscriptionStands() {
    broker.suback(1);
    MqttProtocol mqtt = connection("granted");
    mqtt.connect();

    mqtt.subscribe("cell/#", 2, (t, p) -> {});

    assertEquals(0, mqtt.statistics().errors());
    assertEquals(ConnectionState.CONNECTED, mqtt.state());
  }

  @ParameterizedTest(name = "QoS {0}: {1} {2}")
  @CsvSource({
    "1, 0x80, unspecified error",
    "1, 0x83, implementation specific error",
    "1, 0x87, not authorized",
    "1, 0x90, topic name invalid",
    "1, 0x97, quota exceeded",
    "1, 0x99, payload format invalid",
    "2, 0x80, unspecified error"
  })
  void aRefusingPubackIsCountedAsAnErrorNamingTopicAndCode(int qos, String code, String name) {
    broker.puback(Integer.decode(code));
    MqttProtocol mqtt = connection("publisher");
    mqtt.connect();

    mqtt.publish("cell/7/count", "42", qos, false); // accepted by Paho: the refusal comes later

    String expected = "the broker refused the publish to 'cell/7/count': " + code + " " + name;
    await().atMost(DEADLINE).until(() -> mqtt.statistics().lastError(), equalTo(expected));
    assertEquals(1, mqtt.statistics().errors());
    assertEquals(1, mqtt.statistics().messagesOut());
    assertEquals(ConnectionState.CONNECTED, mqtt.state());
    mqtt.publish("cell/7/count", "43", qos, false);
    await().atMost(DEADLINE).until(() -> broker.published().size() == 2);
  }

  /**
   * Paho 1.2.5 answers a PUBREC above 0x80 by dropping the connection itself (without DISCONNECT,
   * so a broker would publish the will), and would send the refused message again on every
   * reconnect of a kept session. The connection reports the refusal with topic and code, and the
   * message is not sent again: the next connection stays up.
   */
  @Test
  void aQos2PublishRefusedInItsPubrecIsReportedAndNotSentAgain() {
    broker.puback(0x97);
    MqttProtocol mqtt =
        connection(
            MqttSettings.defaults("qos2", broker.uri()).toBuilder()
                .version(MqttVersion.V5)
                .cleanSession(false)
                .reconnect(
                    new ReconnectSettings(
                        Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5)))
                .build());
    mqtt.connect();

    mqtt.publish("cell/7/count", "42", 2, false);

    await()
        .atMost(DEADLINE)
        .until(
            () -> mqtt.statistics().lastError(),
            equalTo(
                "the broker refused the publish to 'cell/7/count': 0x97 quota exceeded (in its"
                    + " PUBREC: Paho dropped the connection; the message is not sent again)"));
    await().atMost(DEADLINE).until(() -> mqtt.statistics().reconnects() == 1);
    broker.puback(0);
    mqtt.publish("cell/7/count", "43", 2, false);
    await().atMost(DEADLINE).until(() -> broker.published().contains("43"));
    assertEquals(List.of("42", "43"), broker.published(), "42 was not sent again");
    assertEquals(2, broker.connects());
    assertEquals(ConnectionState.CONNECTED, mqtt.state());
  }

  @Test
  void aDisconnectFromTheBrokerIsTheLastErrorWithItsCodeAndReason() {
    MqttProtocol mqtt = connection("dropped");
    mqtt.connect();

    broker.disconnectAll(0x98, "maintenance");

    await()
        .atMost(DEADLINE)
        .until(
            () -> mqtt.statistics().lastError(),
            equalTo("the broker disconnected: 0x98 administrative action (maintenance)"));
    await().atMost(DEADLINE).until(() -> mqtt.state() == ConnectionState.RECONNECTING);
  }

  /**
   * A CONNACK that does not come within the connect timeout fails the attempt; the connect Paho
   * would go on with in the background is abandoned, so that the next attempt can connect.
   */
  @Test
  void aConnectWithoutConnackTimesOutAndTheNextAttemptConnects() {
    broker.silent(true);
    MqttProtocol mqtt =
        connection(
            MqttSettings.defaults("silent", broker.uri()).toBuilder()
                .version(MqttVersion.V5)
                .connectTimeout(Duration.ofSeconds(1))
                .reconnect(
                    new ReconnectSettings(
                        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(5)))
                .build());

    ConnectionException timedOut = assertThrows(ConnectionException.class, mqtt::connect);

    assertTrue(
        timedOut.getMessage().contains("cannot connect to " + broker.uri()), timedOut.toString());
    broker.silent(false);
    await().atMost(DEADLINE).until(() -> mqtt.state() == ConnectionState.CONNECTED);
    assertTrue(broker.connects() >= 2);
  }

  @Test
  void theBrokersReceiveMaximumBoundsTheInFlightWindow() {
    broker.receiveMaximum(2).acknowledge(false);
    MqttProtocol mqtt = connection("window");
    mqtt.connect();
    mqtt.publish("cell/1", "a", 1, false);
    mqtt.publish("cell/1", "b", 1, false);

    ProtocolTimeoutException full =
        assertThrows(ProtocolTimeoutException.class, () -> mqtt.publish("cell/1", "c", 1, false));

    assertTrue(full.getMessage().contains("in-flight window stayed full"), full.getMessage());
    assertEquals(List.of("a", "b"), broker.published());
    assertEquals(ConnectionState.CONNECTED, mqtt.state());
  }

  @Test
  void maxInflightBoundsTheWindowBelowTheBrokersReceiveMaximum() {
    broker.acknowledge(false);
    MqttProtocol mqtt =
        connection(
            MqttSettings.defaults("small", broker.uri()).toBuilder()
                .version(MqttVersion.V5)
                .maxInflight(3)
                .connectTimeout(Duration.ofSeconds(1))
                .reconnect(SLOW)
                .build());
    mqtt.connect();
    for (int i = 0; i < 3; i++) {
      mqtt.publish("cell/1", "m" + i, 2, false);
    }

    assertThrows(ProtocolTimeoutException.class, () -> mqtt.publish("cell/1", "m3", 0, false));

    assertEquals(List.of("m0", "m1", "m2"), broker.published());
    assertEquals("publish failed: in-flight window stayed full", mqtt.statistics().lastError());
  }

  private MqttProtocol connection(String name) {
    return connection(
        MqttSettings.defaults(name, broker.uri()).toBuilder()
            .version(MqttVersion.V5)
            .cleanSession(true)
            .connectTimeout(Duration.ofSeconds(2))
            .reconnect(SLOW)
            .build());
  }

  private MqttProtocol connection(MqttSettings settings) {
    MqttProtocol mqtt = new MqttProtocol(settings);
    connections.add(mqtt);
    return mqtt;
  }
}
