package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.MessageListener;
import com.eq1.network.link.ReconnectSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The settings an MQTT 5 connection hands to Paho: file persistence, several broker URIs, what the
 * broker's CONNACK rules out for subscriptions, and unsubscribing.
 */
class Mqtt5SessionOptionsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final ReconnectSettings QUICK =
      new ReconnectSettings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));

  private final List<AutoCloseable> closing = new ArrayList<>();
  @TempDir Path temp;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  @Test
  void unacknowledgedMessagesAreKeptInFilesUnderThePersistenceDirectory() {
    Mqtt5ScriptedBroker broker = closing(new Mqtt5ScriptedBroker().acknowledge(false));
    Path store = temp.resolve("paho").resolve("store");
    MqttProtocol mqtt = connection(v5("filed", broker.uri()).persistenceDirectory(store).build());
    assertTrue(Files.isDirectory(store), "made when the connection is made");
    mqtt.connect();

    mqtt.publish("cell/1", "kept until acknowledged", 1, false);

    await().atMost(DEADLINE).until(() -> files(store).anyMatch(f -> f.endsWith(".msg")));
  }

  @Test
  void aPersistenceDirectoryThatCannotBeMadeIsAConfigurationError() throws IOException {
    Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
    MqttSettings settings =
        v5("unfiled", "tcp://127.0.0.1:1883").persistenceDirectory(file.resolve("store")).build();

    ConfigurationException refused =
        assertThrows(ConfigurationException.class, () -> new MqttProtocol(settings));

    assertTrue(refused.getMessage().contains("cannot be created"), refused.getMessage());
  }

  @Test
  void theNextBrokerOfTheListIsTriedWhenTheFirstIsDown() throws IOException {
    Mqtt5ScriptedBroker second = closing(new Mqtt5ScriptedBroker());
    String down = "tcp://127.0.0.1:" + freePort();
    MqttProtocol mqtt = connection(v5("listed", down + "," + second.uri()).build());

    mqtt.connect();

    assertEquals(ConnectionState.CONNECTED, mqtt.state());
    assertEquals(1, second.connects());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "cell/+/alarm, false, true, wildcard",
    "cell/#, false, true, wildcard",
    "$share/group/cell/1, true, false, shared"
  })
  void aSubscriptionTheConnackRulesOutIsRefusedBeforeSending(
      String filter, boolean wildcards, boolean shared, String kind) {
    Mqtt5ScriptedBroker broker =
        closing(new Mqtt5ScriptedBroker().subscriptions(wildcards, shared));
    MqttProtocol mqtt = connection(v5("limited", broker.uri()).build());
    mqtt.connect();

    ConnectionException refused =
        assertThrows(ConnectionException.class, () -> mqtt.subscribe(filter, 1, (t, p) -> {}));

    String expected =
        "subscription to '" + filter + "' not made: the broker takes no " + kind + " subscriptions";
    assertTrue(refused.getMessage().startsWith("[limited] " + expected), refused.getMessage());
    assertTrue(mqtt.statistics().lastError().startsWith(expected));
    mqtt.subscribe("cell/1/alarm", 1, (t, p) -> {}); // a plain filter is still taken
    assertEquals(ConnectionState.CONNECTED, mqtt.state());
  }

  @Test
  void anUnsubscribedFilterReceivesNoMore() throws Exception {
    MosquittoBroker broker = closing(new MosquittoBroker());
    MqttProtocol mqtt = connection(v5("unsubscriber", broker.uri()).build());
    mqtt.connect();
    List<String> received = new CopyOnWriteArrayList<>();
    MessageListener first = (topic, payload) -> received.add(topic);
    mqtt.subscribe("a/1", 1, first);
    mqtt.subscribe("a/2", 1, (topic, payload) -> received.add(topic));
    mqtt.publish("a/1", "before", 1, false);
    await().atMost(DEADLINE).until(() -> received.equals(List.of("a/1")));

    mqtt.unsubscribe("a/1", first);
    mqtt.publish("a/1", "after", 1, false);
    mqtt.publish("a/2", "after", 1, false);

    await().atMost(DEADLINE).until(() -> received.size() == 2);
    assertEquals(List.of("a/1", "a/2"), received, "nothing more on a/1");
  }

  private static MqttSettingsBuilder v5(String name, String broker) {
    return MqttSettings.defaults(name, broker).toBuilder()
        .version(MqttVersion.V5)
        .cleanSession(true)
        .connectTimeout(Duration.ofSeconds(2))
        .reconnect(QUICK);
  }

  private MqttProtocol connection(MqttSettings settings) {
    return closing(new MqttProtocol(settings));
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    closing.add(closeable);
    return closeable;
  }

  private static Stream<String> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.map(path -> path.getFileName().toString()).toList().stream();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
