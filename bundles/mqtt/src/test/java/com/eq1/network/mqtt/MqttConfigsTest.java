package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.link.ConfigProxy;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OSGi path: an {@link MqttConfig} turned into {@link MqttSettings} by {@link MqttConfigs}, and
 * the activation constructor {@link MqttProtocol#MqttProtocol(MqttConfig, Map)}.
 */
class MqttConfigsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final Map<String, Object> PROPERTIES =
      Map.of("service.pid", MqttProtocol.FACTORY_PID + ".test");

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

  /**
   * A configuration as Declarative Services would give it: the values of {@code values} (keyed by
   * property name, {@code eq1.name} for {@code eq1_name()}), the annotation defaults for the rest.
   */
  static MqttConfig config(Map<String, Object> values) {
    return ConfigProxy.of(MqttConfig.class, values);
  }

  private static Map<String, Object> named(String name, Object... keysAndValues) {
    Map<String, Object> values = new HashMap<>();
    values.put("eq1.name", name);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return values;
  }

  private MqttProtocol activate(Map<String, Object> values) {
    MqttProtocol protocol = new MqttProtocol(config(values), PROPERTIES);
    closing.add(protocol);
    return protocol;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theAnnotationDefaultsAreTheSettingsDefaults() {
    Map<String, Object> values = named("plant");
    values.put("broker", "tcp://10.0.0.1:1883");
    MqttSettings settings = MqttConfigs.settings(config(values), PROPERTIES);
    assertEquals(MqttSettings.defaults("plant", "tcp://10.0.0.1:1883"), settings);
    assertEquals("eq1-plant", settings.clientId(), "an empty clientId is eq1-<name>");

    MqttSettings unconfiguredBroker = MqttConfigs.settings(config(named("plant")), Map.of());
    assertEquals("tcp://127.0.0.1:1883", unconfiguredBroker.broker());
  }

  @Test
  void everyConfiguredValueIsUsed() {
    Map<String, Object> values =
        named(
            "line-7",
            "broker",
            "tcp://broker.plant:1884",
            "clientId",
            "press-7",
            "username",
            "eq1",
            "password",
            "secret",
            "keepAliveSeconds",
            0,
            "cleanSession",
            true,
            "connectTimeoutSeconds",
            3,
            "maxInflight",
            65_535,
            "queueCapacity",
            5,
            "queueTtlSeconds",
            7L,
            "queueOverflow",
            OverflowPolicy.DROP_OLDEST,
            "reconnectInitialMillis",
            20L,
            "reconnectMaxMillis",
            40L,
            "reconnectStableMillis",
            0L,
            "inboundCapacity",
            9,
            "protocolVersion",
            "5",
            "sessionExpirySeconds",
            600L,
            "queueFlushRate",
            250,
            "maxPayloadBytes",
            4096);

    assertEquals(
        new MqttSettings(
                "line-7",
                "tcp://broker.plant:1884",
                "press-7",
                "eq1",
                "secret",
                Duration.ZERO,
                true,
                Duration.ofSeconds(3),
                65_535,
                new QueueSettings(5, Duration.ofSeconds(7), OverflowPolicy.DROP_OLDEST),
                new ReconnectSettings(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ZERO),
                9)
            .toBuilder()
                .version(MqttVersion.V5)
                .sessionExpiry(Duration.ofSeconds(600))
                .flushRate(250)
                .maxPayload(4096)
                .build(),
        MqttConfigs.settings(config(values), PROPERTIES));
  }

  static Stream<Arguments> rejectedConfigurations() {
    return Stream.of(
        Arguments.of(named("plant", "protocolVersion", "6"), "protocolVersion '6'"),
        Arguments.of(named("plant", "protocolVersion", "3.1"), "use 3.1.1 or 5"),
        Arguments.of(named("plant", "sessionExpirySeconds", 60L), "needs protocolVersion 5"),
        Arguments.of(named("plant", "queueFlushRate", -1), "queueFlushRate"),
        Arguments.of(named("plant", "maxPayloadBytes", 0), "maxPayloadBytes"),
        Arguments.of(named("plant", "tlsCaCertificates", "/etc/ca.pem"), "use ssl://"),
        Arguments.of(
            named("plant", "broker", "ssl://b:8883", "tlsCertificate", "/etc/c.pem"),
            "tlsCertificate and tlsPrivateKey must be given together"),
        Arguments.of(named(""), "eq1.name"),
        Arguments.of(named("bad name!"), "eq1.name"),
        Arguments.of(
            named("plant", "broker", "tcp://a:1,ssl://b:2"), "must all be tcp:// or all ssl://"),
        Arguments.of(named("plant", "broker", "not a uri"), "broker is not a URI"),
        Arguments.of(named("plant", "broker", "tcp://"), "broker"),
        Arguments.of(named("plant", "broker", "tcp:///no-host"), "broker"),
        Arguments.of(named("plant", "keepAliveSeconds", -1), "keepAliveSeconds"),
        Arguments.of(named("plant", "keepAliveSeconds", 70_000), "keepAliveSeconds"),
        Arguments.of(named("plant", "connectTimeoutSeconds", 0), "connectTimeoutSeconds"),
        Arguments.of(named("plant", "maxInflight", 0), "maxInflight"),
        Arguments.of(named("plant", "maxInflight", 70_000), "maxInflight"),
        Arguments.of(named("plant", "inboundCapacity", 0), "inboundCapacity"),
        Arguments.of(named("plant", "queueCapacity", 0), "queueCapacity"),
        Arguments.of(named("plant", "queueTtlSeconds", 0L), "queueTtlSeconds"),
        Arguments.of(named("plant", "queueOverflow", null), "queueOverflow"),
        Arguments.of(named("plant", "reconnectInitialMillis", 0L), "reconnectInitialMillis"),
        Arguments.of(
            named("plant", "reconnectInitialMillis", 500L, "reconnectMaxMillis", 499L),
            "reconnectMaxMillis"),
        Arguments.of(named("plant", "reconnectStableMillis", -1L), "reconnectStableMillis"));
  }

  @ParameterizedTest
  @MethodSource("rejectedConfigurations")
  void aRejectedConfigurationStartsNothingAndNamesTheKey(
      Map<String, Object> values, String expected) {
    values.put("autoConnect", true);
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> activate(values));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(closing.isEmpty(), "no protocol was made");
  }

  @Test
  void theRejectionIsTheSameWhateverNamesTheConfiguration() {
    MqttConfig bad = config(named("plant", "maxInflight", 0));
    List<Map<String, Object>> sources =
        List.of(
            Map.of("felix.fileinstall.filename", "file:/etc/com.eq1.network.mqtt-plant.cfg"),
            Map.of("service.pid", "com.eq1.network.mqtt.4711"),
            Map.of("component.name", "com.eq1.network.mqtt.MqttProtocol"),
            Map.of());
    List<String> messages = new ArrayList<>();
    for (Map<String, Object> properties : sources) {
      messages.add(
          assertThrows(ConfigurationException.class, () -> MqttConfigs.settings(bad, properties))
              .getMessage());
    }
    assertEquals(Collections.nCopies(4, messages.get(0)), messages);
    assertEquals("[plant] in-flight window (maxInflight) must be 1..65535, not 0", messages.get(0));
  }

  @Test
  void activationConnectsInTheBackground() {
    MqttProtocol protocol = activate(named("auto", "broker", broker.uri()));
    assertEquals("auto", protocol.name());
    assertEquals("eq1-auto", protocol.settings().clientId());
    await().atMost(DEADLINE).until(protocol::isConnected);
    assertEquals(ConnectionState.CONNECTED, protocol.state());
    assertEquals(0, protocol.statistics().errors());

    protocol.connect(); // already connected: nothing to do
    assertEquals(ConnectionState.CONNECTED, protocol.state());
  }

  @Test
  void activationNeverWaitsForTheBroker() {
    try (ScriptedBroker slow = new ScriptedBroker().connack(ScriptedBroker.SILENT)) {
      MqttProtocol protocol =
          activate(named("patient", "broker", slow.uri(), "connectTimeoutSeconds", 30));
      // a constructor that waited would have returned CONNECTED or, after 30 s, RECONNECTING
      assertEquals(ConnectionState.CONNECTING, protocol.state());
      await().atMost(DEADLINE).until(() -> slow.connects() == 1);
      assertEquals(ConnectionState.CONNECTING, protocol.state());

      slow.releaseConnacks();
      await().atMost(DEADLINE).until(protocol::isConnected);
      protocol.close();
    }
  }

  @Test
  void activationWithTheBrokerDownRetriesUntilItIsUp() {
    int port = freePort();
    MqttProtocol protocol =
        activate(
            named(
                "early",
                "broker",
                "tcp://127.0.0.1:" + port,
                "reconnectInitialMillis",
                20L,
                "reconnectMaxMillis",
                200L));
    assertNotEquals(ConnectionState.CONNECTED, protocol.state());
    assertNotEquals(ConnectionState.DISCONNECTED, protocol.state());
    await()
        .atMost(DEADLINE)
        .until(
            () ->
                protocol.state() == ConnectionState.RECONNECTING
                    && protocol.statistics().errors() >= 2);
    assertTrue(
        protocol.statistics().lastError().startsWith("connect failed"),
        protocol.statistics().lastError());

    try (ScriptedBroker late = new ScriptedBroker(port)) {
      await().atMost(DEADLINE).until(protocol::isConnected);
      assertEquals(1, late.connects());
      protocol.close();
    }
  }

  @Test
  void withoutAutoConnectActivationLeavesItDisconnected() {
    try (ScriptedBroker scripted = new ScriptedBroker()) {
      MqttProtocol protocol =
          activate(named("manual", "broker", scripted.uri(), "autoConnect", false));
      assertEquals(ConnectionState.DISCONNECTED, protocol.state());
      protocol.connect();
      assertTrue(protocol.isConnected());
      assertEquals(1, scripted.connects(), "the activation made no connect of its own");
      assertFalse(protocol.statistics().errors() > 0);
      protocol.close();
    }
  }
}
