package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.AuthenticationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.MessageListener;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MqttProtocol} against a {@link ScriptedBroker}: the answers a real broker gives only when
 * something is wrong (refused or missing CONNACK, SUBACK and PUBACK, lower granted QoS, a link
 * dropped at an exact packet).
 */
class MqttFailurePathsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final ReconnectSettings FAST =
      new ReconnectSettings(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5));

  private final ScriptedBroker broker = new ScriptedBroker();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    broker.close(); // first: attempts still waiting for an answer fail at once
    Collections.reverse(closing);
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private static MqttSettings settings(String name, String uri, int maxInflight) {
    return new MqttSettings(
        name,
        uri,
        "eq1-" + name,
        "",
        "",
        Duration.ofSeconds(30),
        false,
        Duration.ofSeconds(1), // the shortest: every wait for an answer lasts this long
        maxInflight,
        QueueSettings.DEFAULT,
        FAST,
        10_000);
  }

  private MqttProtocol mqtt(String name) {
    return mqtt(settings(name, broker.uri(), 1_000));
  }

  private MqttProtocol mqtt(MqttSettings settings) {
    MqttProtocol protocol = new MqttProtocol(settings);
    closing.add(protocol);
    return protocol;
  }

  private static final MessageListener IGNORE = (topic, payload) -> {};

  private static List<String> firstOccurrences(List<String> received) {
    return new ArrayList<>(new LinkedHashSet<>(received));
  }

  private static List<String> messages(int count) {
    return IntStream.range(0, count).mapToObj(i -> "m" + i).collect(Collectors.toList());
  }

  @ParameterizedTest(name = "CONNACK return code {0}")
  @ValueSource(ints = {2, 4, 5})
  void aRefusedIdentityIsAnAuthenticationError(int code) {
    broker.connack(code);
    MqttProtocol protocol = mqtt("refused");
    AuthenticationException e = assertThrows(AuthenticationException.class, protocol::connect);
    assertTrue(
        e.getMessage().startsWith("[refused] the broker refused the connection (code " + code),
        e.getMessage());
    assertEquals(ConnectionState.RECONNECTING, protocol.state());
    assertTrue(protocol.statistics().errors() >= 1);
  }

  @Test
  void anUnavailableBrokerIsAConnectionErrorAndItKeepsTrying() {
    broker.connack(3); // server unavailable
    MqttProtocol protocol = mqtt("unavailable");
    ConnectionException e = assertThrows(ConnectionException.class, protocol::connect);
    assertFalse(e instanceof AuthenticationException, e.toString());
    assertTrue(e.getMessage().contains("cannot connect to " + broker.uri()), e.getMessage());

    broker.connack(0);
    await().atMost(DEADLINE).until(protocol::isConnected);
    assertTrue(broker.connects() >= 2);
  }

  @Test
  void aBrokerThatNeverAnswersTimesTheConnectOut() {
    broker.connack(ScriptedBroker.SILENT);
    MqttProtocol protocol = mqtt("unanswered");
    ConnectionException e = assertThrows(ConnectionException.class, protocol::connect);
    assertTrue(e.getMessage().contains("cannot connect"), e.getMessage());
    assertEquals(ConnectionState.RECONNECTING, protocol.state());
    assertTrue(protocol.statistics().lastError().startsWith("connect failed"));
  }

  @Test
  void aTimedOutConnectIsAbandonedSoThatTheNextAttemptCanSucceed() {
    broker.connack(ScriptedBroker.SILENT);
    MqttProtocol protocol = mqtt("patient");
    assertThrows(ConnectionException.class, protocol::connect);
    broker.connack(0); // answers from now on; Paho must not still be busy with the first attempt

    await().atMost(DEADLINE).until(protocol::isConnected);
    assertTrue(broker.connects() >= 2, "a new CONNECT, not the abandoned one");
  }

  @Test
  void aDisconnectWhileTheFirstConnectWaitsWins() {
    broker.connack(ScriptedBroker.SILENT);
    MqttProtocol protocol =
        new MqttProtocol(
            MqttConfigsTest.config(
                Map.of(
                    "eq1.name", "hesitant", "broker", broker.uri(), "connectTimeoutSeconds", 30)),
            Map.of());
    closing.add(protocol);
    await().atMost(DEADLINE).until(() -> broker.connects() == 1);
    assertEquals(ConnectionState.CONNECTING, protocol.state());

    protocol.disconnect();
    assertEquals(ConnectionState.DISCONNECTED, protocol.state());
    broker.releaseConnacks(); // the connect completes after all: it is dropped at once
    await().atMost(DEADLINE).until(() -> broker.disconnects() == 1);
    assertEquals(ConnectionState.DISCONNECTED, protocol.state());
    assertEquals(0, protocol.statistics().reconnects());

    protocol.connect();
    assertTrue(protocol.isConnected());
    assertEquals(2, broker.connects());
  }

  @Test
  void subscriptionsReachTheBrokerOnlyWhenTheyChangeAndComeBackAfterALoss() {
    MqttProtocol protocol = mqtt("filters");
    protocol.connect();
    MessageListener one = (t, p) -> {};
    MessageListener two = (t, p) -> {};
    MessageListener three = (t, p) -> {};

    protocol.subscribe("a/#", 0, one);
    protocol.subscribe("a/#", 1, two); // higher QoS: subscribed again
    protocol.subscribe("a/#", 1, three); // nothing new for the broker
    protocol.subscribe("a/#", 0, one); // lower: nothing new either
    protocol.subscribe("b", 2, one);
    assertEquals(List.of("a/#@0", "a/#@1", "b@2"), broker.subscribed());

    protocol.unsubscribe("a/#", one);
    protocol.unsubscribe("a/#", two);
    protocol.unsubscribe("a/#", IGNORE); // never subscribed: ignored
    protocol.unsubscribe("c", one); // unknown filter: ignored
    protocol.unsubscribe("b", one);
    await().atMost(DEADLINE).until(() -> broker.unsubscribed().size() == 1);
    assertEquals(List.of("b"), broker.unsubscribed(), "a/# still has a listener");

    broker.dropConnections();
    await().atMost(DEADLINE).until(() -> broker.connects() == 2 && protocol.isConnected());
    assertEquals(List.of("a/#@0", "a/#@1", "b@2", "a/#@1"), broker.subscribed());
    assertEquals(1, protocol.statistics().reconnects());
  }

  @Test
  void subscriptionsDroppedWhileDisconnectedAreNotMadeOnConnect() {
    MqttProtocol protocol = mqtt("offline-filters");
    MessageListener listener = (t, p) -> {};
    protocol.subscribe("gone/#", 1, listener);
    protocol.subscribe("kept", 2, listener);
    protocol.unsubscribe("gone/#", listener);
    assertTrue(broker.subscribed().isEmpty());

    protocol.connect();
    assertEquals(List.of("kept@2"), broker.subscribed());
    assertTrue(broker.unsubscribed().isEmpty(), "nothing to undo at the broker");
  }

  @Test
  void aLowerGrantedQosIsAccepted() {
    broker.grant(0);
    MqttProtocol protocol = mqtt("downgraded");
    protocol.connect();
    protocol.subscribe("low/#", 2, IGNORE);
    assertEquals(List.of("low/#@2"), broker.subscribed());
    assertEquals(0, protocol.statistics().errors());
  }

  @Test
  void aRefusalCodeInTheSubackIsAConnectionError() {
    broker.grant(0x80);
    MqttProtocol protocol = mqtt("subrefused");
    protocol.connect();
    ConnectionException e =
        assertThrows(ConnectionException.class, () -> protocol.subscribe("x/#", 1, IGNORE));
    assertTrue(e.getMessage().contains("refused the subscription to 'x/#'"), e.getMessage());
    assertEquals(1, protocol.statistics().errors());
  }

  @Test
  void aSubscriptionWithoutAnAnswerTimesOut() {
    broker.grant(ScriptedBroker.SILENT);
    MqttProtocol protocol = mqtt("unheard");
    protocol.connect();
    ConnectionException e =
        assertThrows(ConnectionException.class, () -> protocol.subscribe("quiet/#", 1, IGNORE));
    assertTrue(
        e.getMessage().startsWith("[unheard] subscription to 'quiet/#' failed"), e.getMessage());
    assertEquals(1, protocol.statistics().errors());
    assertTrue(protocol.statistics().lastError().startsWith("subscribe failed"));
  }

  @Test
  void aQueuedPublishThatFindsTheWindowFullStaysFirstInLineUntilThereIsRoom() {
    broker.acknowledgePublishes(false);
    MqttProtocol protocol = mqtt(settings("held", broker.uri(), 1));
    protocol.publish("t", "first", 1, false); // not connected: both queued
    protocol.publish("t", "second", 1, false);
    protocol.connect(); // the flush sends "first", which takes the only slot for good

    await().atMost(DEADLINE).until(() -> protocol.statistics().errors() >= 1);
    assertTrue(protocol.statistics().lastError().contains("in-flight window stayed full"));
    assertEquals(List.of("first"), broker.published());
    assertEquals(ConnectionState.CONNECTED, protocol.state());

    broker.acknowledgePublishes(true);
    broker.dropConnections(); // a new connection starts with an empty window
    await().atMost(DEADLINE).until(() -> broker.published().contains("second"));
    assertEquals(0, protocol.statistics().queued());
  }

  @Test
  void aFullInflightWindowThatNeverEmptiesTimesThePublishOut() {
    broker.acknowledgePublishes(false);
    MqttProtocol protocol = mqtt(settings("stalled", broker.uri(), 1));
    protocol.connect();
    protocol.publish("t", "first", 1, false); // takes the only slot, never acknowledged

    ProtocolTimeoutException e =
        assertThrows(
            ProtocolTimeoutException.class, () -> protocol.publish("t", "second", 1, false));
    assertEquals("[stalled] in-flight window stayed full for 1000 ms", e.getMessage());
    assertEquals(1, protocol.statistics().messagesOut());
    assertEquals(1, protocol.statistics().errors());
    assertEquals(0, protocol.statistics().queued());
    assertEquals(List.of("first"), broker.published());
  }

  @Test
  void aLinkLostWhileTheOfflineQueueIsFlushedLosesNothing() {
    broker.dropConnectionOnFirst("m3"::equals);
    MqttProtocol protocol = mqtt(settings("flushing", broker.uri(), 1));
    List<String> sent = messages(10);
    for (String m : sent) {
      protocol.publish("q", m, 1, false); // offline: queued
    }
    assertEquals(10, protocol.statistics().queued());

    protocol.connect(); // the flush sends m0..m3, and the link drops on m3
    await().atMost(DEADLINE).until(() -> Set.copyOf(broker.published()).containsAll(sent));
    assertEquals(2, broker.connects());
    assertEquals(1, protocol.statistics().reconnects());
    assertEquals(0, protocol.statistics().queued());
    assertEquals(0, protocol.statistics().dropped() + protocol.statistics().expired());
  }

  @Test
  void aLinkLostWhileTheOfflineQueueIsFlushedKeepsTheOrder() {
    broker.dropConnectionOnFirst("m3"::equals);
    MqttProtocol protocol = mqtt(settings("ordered", broker.uri(), 1));
    List<String> sent = messages(10);
    for (String m : sent) {
      protocol.publish("q", m, 1, false);
    }
    protocol.connect();
    await().atMost(DEADLINE).until(() -> Set.copyOf(broker.published()).containsAll(sent));
    assertEquals(sent, firstOccurrences(broker.published()));
  }

  @Test
  void failedReconnectAttemptsAreNotCountedAsReconnects() {
    MqttProtocol protocol = mqtt(settings("nowhere", "tcp://127.0.0.1:" + freePort(), 1));
    assertThrows(ConnectionException.class, protocol::connect);
    await().atMost(DEADLINE).until(() -> protocol.statistics().errors() >= 4);
    assertFalse(protocol.isConnected());
    assertEquals(0, protocol.statistics().reconnects());
  }

  @Test
  void aBrokerUriPahoRefusesIsAProtocolErrorAndLeavesNoThread() {
    ProtocolException e =
        assertThrows(
            ProtocolException.class,
            () -> mqtt(MqttSettings.defaults("pathed", "tcp://127.0.0.1:1883/path")));
    assertTrue(e.getMessage().contains("tcp://127.0.0.1:1883/path"), e.getMessage());
    assertFalse(
        Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().startsWith("eq1-mqtt-pathed-")),
        "no thread of the failed connection is left");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
