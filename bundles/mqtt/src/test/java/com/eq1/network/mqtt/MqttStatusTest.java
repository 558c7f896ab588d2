package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Last Will and birth messages (the retained online/offline pattern) and Paho's file persistence,
 * against a real broker; the unexpected loss is a real cut of the TCP connection.
 */
class MqttStatusTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final ReconnectSettings FAST =
      new ReconnectSettings(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(5));
  private static final String STATUS = "plant/line1/eq1/status";

  private final List<AutoCloseable> closing = new ArrayList<>();
  private final EmbeddedBroker broker = new EmbeddedBroker();

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(closing);
    for (AutoCloseable c : closing) {
      c.close();
    }
    broker.close();
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    closing.add(closeable);
    return closeable;
  }

  private MqttSettings settings(String name, String uri) {
    return MqttSettings.defaults(name, uri).withLink(QueueSettings.DEFAULT, FAST);
  }

  private List<String> watchStatus() {
    List<String> seen = new CopyOnWriteArrayList<>();
    MqttProtocol watcher = closing(new MqttProtocol(settings("watcher", broker.uri())));
    watcher.connect();
    watcher.subscribe(
        STATUS, 1, (topic, payload) -> seen.add(new String(payload, StandardCharsets.UTF_8)));
    return seen;
  }

  @Test
  void birthOnEveryConnectAndTheWillWhenTheNetworkDropsOrTheConnectionIsClosed() throws Exception {
    List<String> seen = watchStatus();
    CuttableProxy network = closing(new CuttableProxy(URI.create(broker.uri()).getPort()));
    MqttProtocol cell =
        closing(
            new MqttProtocol(
                settings("cell", network.uri())
                    .withStatus(
                        StatusMessage.retained(STATUS, "offline"),
                        StatusMessage.retained(STATUS, "online"))));
    cell.connect();
    await().atMost(DEADLINE).until(() -> seen.equals(List.of("online")));

    network.cut(); // no DISCONNECT reaches the broker: it publishes the will
    await().atMost(DEADLINE).until(() -> seen.size() >= 2);
    assertEquals("offline", seen.get(1));
    // our reconnect comes back through the proxy and announces itself again
    await().atMost(DEADLINE).until(() -> seen.equals(List.of("online", "offline", "online")));
    await().atMost(DEADLINE).until(() -> cell.state() == ConnectionState.CONNECTED);

    cell.disconnect(); // deliberate: the broker sends no will, so the connection says it itself
    await().atMost(DEADLINE).until(() -> seen.size() == 4);
    assertEquals(List.of("online", "offline", "online", "offline"), seen);

    // retained: a late subscriber learns the current status at once
    List<String> late = new CopyOnWriteArrayList<>();
    MqttProtocol newcomer = closing(new MqttProtocol(settings("newcomer", broker.uri())));
    newcomer.connect();
    newcomer.subscribe(
        STATUS, 1, (topic, payload) -> late.add(new String(payload, StandardCharsets.UTF_8)));
    await().atMost(DEADLINE).until(() -> late.equals(List.of("offline")));
  }

  @Test
  void statusMessagesAreCheckedLikeAnyPublish() {
    assertThrows(ConfigurationException.class, () -> StatusMessage.retained("plant/+/x", "a"));
    assertThrows(ConfigurationException.class, () -> StatusMessage.retained("", "a"));
    assertThrows(
        ConfigurationException.class, () -> new StatusMessage("a/b", new byte[0], 3, false));
    StatusMessage message = new StatusMessage("a/b", null, 0, false);
    assertEquals(0, message.payload().length);
    assertEquals(message, new StatusMessage("a/b", new byte[0], 0, false));
    assertEquals(message.hashCode(), new StatusMessage("a/b", new byte[0], 0, false).hashCode());
    assertTrue(message.toString().contains("a/b"));
  }

  @Test
  void filePersistenceKeepsPahosFilesInTheConfiguredDirectoryNeverTheWorkingOne(@TempDir Path data)
      throws Exception {
    Path directory = data.resolve("eq1/mqtt/stored");
    MqttProtocol stored =
        closing(new MqttProtocol(settings("stored", broker.uri()).withPersistence(directory)));
    stored.connect();
    stored.publish(
        "plant/stored", "kept until acknowledged".getBytes(StandardCharsets.UTF_8), 1, false);
    assertTrue(Files.isDirectory(directory));
    try (Stream<Path> entries = Files.list(directory)) {
      assertTrue(entries.findAny().isPresent(), "Paho opened its store under " + directory);
    }
    assertThrows(
        ConfigurationException.class,
        () -> settings("relative", broker.uri()).withPersistence(Path.of("data/mqtt")));
  }

  @Test
  void willAndBirthComeFromTheConfigurationKeys() {
    MqttSettings none =
        MqttConfigs.settings(
            MqttConfigsTest.config(java.util.Map.of("eq1.name", "plain")), java.util.Map.of());
    assertNull(none.will());
    assertNull(none.birth());
    assertNull(none.persistenceDirectory());
    MqttSettings status =
        MqttConfigs.settings(
            MqttConfigsTest.config(
                java.util.Map.of(
                    "eq1.name",
                    "cell",
                    "willTopic",
                    STATUS,
                    "willQos",
                    2,
                    "birthTopic",
                    STATUS,
                    "birthPayload",
                    "up",
                    "birthRetain",
                    false)),
            java.util.Map.of());
    assertEquals(
        new StatusMessage(STATUS, "offline".getBytes(StandardCharsets.UTF_8), 2, true),
        status.will());
    assertEquals(
        new StatusMessage(STATUS, "up".getBytes(StandardCharsets.UTF_8), 1, false), status.birth());
    assertTrue(status.toString().contains("will=StatusMessage[" + STATUS));
    assertThrows(
        ConfigurationException.class,
        () ->
            MqttConfigs.settings(
                MqttConfigsTest.config(
                    java.util.Map.of("eq1.name", "bad", "willTopic", "plant/#/status")),
                java.util.Map.of()));
  }

  @Test
  void persistenceConfigurationDefaultsUnderKarafDataAndRejectsUnknownKinds() {
    assertNull(MqttConfigs.persistence("p", "memory", ""));
    assertEquals(Path.of("/var/eq1/x"), MqttConfigs.persistence("p", " file ", "/var/eq1/x"));
    String before = System.getProperty("karaf.data");
    try {
      System.clearProperty("karaf.data");
      ConfigurationException outside =
          assertThrows(
              ConfigurationException.class, () -> MqttConfigs.persistence("p", "file", ""));
      assertTrue(outside.getMessage().contains("persistenceDirectory"), outside.getMessage());
      System.setProperty("karaf.data", "/opt/eq1/data");
      assertEquals(Path.of("/opt/eq1/data/eq1/mqtt/p"), MqttConfigs.persistence("p", "file", "  "));
    } finally {
      if (before == null) {
        System.clearProperty("karaf.data");
      } else {
        System.setProperty("karaf.data", before);
      }
    }
    ConfigurationException unknown =
        assertThrows(ConfigurationException.class, () -> MqttConfigs.persistence("p", "disk", ""));
    assertTrue(unknown.getMessage().contains("memory or file"), unknown.getMessage());
    ConfigurationException upper =
        assertThrows(ConfigurationException.class, () -> MqttConfigs.persistence("p", "FILE", ""));
    assertEquals(
        "[p] persistence 'FILE' is not known; use memory or file",
        upper.getMessage(),
        "only the metatype's options, as eq1:create validates them");
  }
}
