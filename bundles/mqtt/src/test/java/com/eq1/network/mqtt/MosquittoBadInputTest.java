package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.InvalidTopicException;
import com.eq1.network.api.MessageListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input on a live connection to Mosquitto: each is refused by our side before anything is sent,
 * with the API's exception naming the connection, and the connection stays usable (a publish and
 * subscribe round trip right after it works, and the broker never disconnected us).
 */
class MosquittoBadInputTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final String NAME = "bad-input";
  private static final MessageListener IGNORE = (topic, payload) -> {};

  private static MosquittoBroker broker;
  private MqttProtocol ours;
  private final AtomicInteger rounds = new AtomicInteger();

  @BeforeAll
  static void startBroker() throws Exception {
    broker = new MosquittoBroker();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @BeforeEach
  void connect() {
    ours = new MqttProtocol(MqttSettings.defaults(NAME, broker.uri()).withCleanSession(true));
    ours.connect();
  }

  @AfterEach
  void close() {
    ours.close();
  }

  @ParameterizedTest(name = "publish to ''{0}''")
  @ValueSource(strings = {"a/+/b", "a/#", "#", "+", "a/b#", ""})
  void anInvalidTopicNameIsRefusedNamingTheConnection(String topic) {
    InvalidTopicException e = assertInvalid(topic, () -> ours.publish(topic, "x", 1, false));
    assertStillUsable();
    assertNamesTheConnection(e);
  }

  @ParameterizedTest(name = "subscribe to ''{0}''")
  @ValueSource(strings = {"a/#/b", "#/a", "a/b#", "a/+b", "+a/b", ""})
  void anInvalidTopicFilterIsRefusedNamingTheConnection(String filter) {
    InvalidTopicException subscribe =
        assertInvalid(filter, () -> ours.subscribe(filter, 1, IGNORE));
    InvalidTopicException unsubscribe =
        assertInvalid(filter, () -> ours.unsubscribe(filter, IGNORE));
    assertStillUsable();
    assertNamesTheConnection(subscribe);
    assertNamesTheConnection(unsubscribe);
  }

  @Test
  void aTopicWithNulIsRefused() {
    InvalidTopicException publish =
        assertInvalid("a\u0000b", () -> ours.publish("a\u0000b", "x", 1, false));
    InvalidTopicException subscribe =
        assertInvalid("a/\u0000", () -> ours.subscribe("a/\u0000", 1, IGNORE));
    assertStillUsable();
    assertNamesTheConnection(publish);
    assertNamesTheConnection(subscribe);
  }

  @Test
  void qos3IsAnIllegalArgumentOnPublishAndSubscribe() {
    IllegalArgumentException publish =
        assertThrows(IllegalArgumentException.class, () -> ours.publish("a/b", "x", 3, false));
    assertTrue(publish.getMessage().contains("3"), publish.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ours.publish("a/b", "x", -1, false));
    assertThrows(IllegalArgumentException.class, () -> ours.subscribe("a/b", 3, IGNORE));
    assertEquals(0, ours.statistics().messagesOut(), "nothing went to the wire");
    assertStillUsable();
  }

  private InvalidTopicException assertInvalid(String topic, Executable call) {
    long sent = ours.statistics().messagesOut();
    InvalidTopicException e = assertThrows(InvalidTopicException.class, call);
    assertEquals(topic, e.topic());
    assertEquals(sent, ours.statistics().messagesOut(), "nothing went to the wire");
    return e;
  }

  /** As every {@code ProtocolException} raised on a connection: its name, also in the message. */
  private static void assertNamesTheConnection(InvalidTopicException e) {
    assertEquals(
        Optional.of(NAME),
        e.connectionName(),
        "the exception names the connection it was raised on: " + e.getMessage());
    assertTrue(e.getMessage().startsWith("[" + NAME + "] "), e.getMessage());
  }

  /** A full round trip through Mosquitto on the same connection, which was never lost. */
  private void assertStillUsable() {
    String topic = "bad-input/echo/" + rounds.incrementAndGet();
    List<String> received = new CopyOnWriteArrayList<>();
    ours.subscribe(
        topic, 1, (t, payload) -> received.add(new String(payload, StandardCharsets.UTF_8)));
    ours.publish(topic, "still here", 1, false);
    await().atMost(DEADLINE).until(() -> received.equals(List.of("still here")));
    assertEquals(ConnectionState.CONNECTED, ours.state());
    assertEquals(0, ours.statistics().reconnects(), "the broker never dropped us");
  }
}
