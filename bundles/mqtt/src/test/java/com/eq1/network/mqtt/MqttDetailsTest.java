package com.eq1.network.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@code eq1:info} shows of an MQTT connection: the broker (the one connected to, or the
 * configured ones), TLS, client id, version, session and user name; never the password.
 */
class MqttDetailsTest {

  private static final String PASSWORD = "s3cret-plant-7";

  private static EmbeddedBroker broker;

  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeAll
  static void startBroker() {
    broker = new EmbeddedBroker();
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

  private MqttProtocol connection(MqttSettings settings) {
    MqttProtocol mqtt = new MqttProtocol(settings);
    closing.add(mqtt);
    return mqtt;
  }

  @Test
  void theBrokerConnectedToIsThePeerAndThePasswordIsNowhere() {
    String nobody = "tcp://127.0.0.1:" + freePort();
    MqttProtocol mqtt =
        connection(
            MqttSettings.defaults("d-mqtt", nobody + "," + broker.uri())
                .withCredentials("cell-7", PASSWORD));

    Map<String, String> before = mqtt.details();
    assertEquals(
        List.of(
            BaseProtocol.DETAIL_PEER,
            BaseProtocol.DETAIL_TLS,
            "clientId",
            "protocolVersion",
            "cleanSession",
            "username"),
        List.copyOf(before.keySet()));
    assertEquals(nobody + ", " + broker.uri(), before.get(BaseProtocol.DETAIL_PEER));
    assertEquals("off", before.get(BaseProtocol.DETAIL_TLS));
    assertEquals("eq1-d-mqtt", before.get("clientId"));
    assertEquals("3.1.1", before.get("protocolVersion"));
    assertEquals("false", before.get("cleanSession"));
    assertEquals("cell-7", before.get("username"));

    mqtt.connect(); // the first broker refuses: Paho goes on to the second
    Map<String, String> connected = mqtt.details();
    assertEquals(broker.uri(), connected.get(BaseProtocol.DETAIL_PEER));
    for (Map<String, String> details : List.of(before, connected)) {
      assertFalse(
          details.values().stream().anyMatch(v -> v.contains(PASSWORD)), details.toString());
    }
    assertThrows(UnsupportedOperationException.class, () -> connected.put("tls", "on"));

    mqtt.disconnect();
    assertEquals(nobody + ", " + broker.uri(), mqtt.details().get(BaseProtocol.DETAIL_PEER));
  }

  @Test
  void mqtt5ShowsTheSessionExpirySentAndSslIsTls() {
    MqttSettings kept =
        MqttSettings.defaults("d-v5", "ssl://broker.plant:8883").toBuilder()
            .version(MqttVersion.V5)
            .build();
    Map<String, String> details = connection(kept).details();
    assertEquals("ssl://broker.plant:8883", details.get(BaseProtocol.DETAIL_PEER));
    assertEquals("on", details.get(BaseProtocol.DETAIL_TLS));
    assertEquals("5", details.get("protocolVersion"));
    assertEquals("never", details.get("sessionExpiry"), "a kept session without an expiry");
    assertFalse(details.containsKey("username"), "none is set");

    MqttSettings expiring =
        MqttSettings.defaults("d-v5-exp", "tcp://broker.plant:1883").toBuilder()
            .version(MqttVersion.V5)
            .sessionExpiry(Duration.ofMinutes(10))
            .build();
    assertEquals("600 s", connection(expiring).details().get("sessionExpiry"));
    MqttSettings clean =
        MqttSettings.defaults("d-v5-clean", "tcp://broker.plant:1883").toBuilder()
            .version(MqttVersion.V5)
            .cleanSession(true)
            .build();
    assertEquals("0 s", connection(clean).details().get("sessionExpiry"));
    assertEquals("true", connection(clean).details().get("cleanSession"));
  }

  /** Credentials in the broker URI are refused, and the refusal does not repeat them. */
  @Test
  void credentialsInTheBrokerUriAreRefusedWithoutEchoingThem() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                MqttSettings.defaults(
                    "d-userinfo", "tcp://cell:" + PASSWORD + "@broker.plant:1883"));
    assertTrue(e.getMessage().contains("must not carry credentials"), e.getMessage());
    assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
