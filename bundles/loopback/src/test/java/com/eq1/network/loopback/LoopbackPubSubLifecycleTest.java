package com.eq1.network.loopback;

import static com.eq1.network.api.ConnectionState.CLOSED;
import static com.eq1.network.api.ConnectionState.CONNECTED;
import static com.eq1.network.api.ConnectionState.CONNECTING;
import static com.eq1.network.api.ConnectionState.DISCONNECTED;
import static com.eq1.network.loopback.RecordingListener.awaitDelivered;
import static com.eq1.network.loopback.RecordingListener.utf8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionStateListener;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.PubSubProtocol;
import com.eq1.network.loopback.RecordingListener.Transition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connection state, counters, closing and thread ownership of a loopback pub/sub connection. */
class LoopbackPubSubLifecycleTest {

  private final List<Transition> transitions = new CopyOnWriteArrayList<>();
  private final ConnectionStateListener stateListener =
      (name, previous, current) -> transitions.add(new Transition(name, previous, current));
  private LoopbackBroker broker;
  private LoopbackPubSubProtocol a;
  private LoopbackPubSubProtocol b;

  @BeforeEach
  void createConnections() {
    broker = new LoopbackBroker();
    a = new LoopbackPubSubProtocol("life-A", broker);
    b = new LoopbackPubSubProtocol("life-B", broker);
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void describesItself() {
    assertEquals("life-A", a.name());
    assertEquals("loopback-pubsub", a.protocolType());
    assertEquals(LoopbackPubSubProtocol.PROTOCOL_TYPE, a.protocolType());
    assertTrue(a instanceof PubSubProtocol);
  }

  @Test
  void rejectsAnInvalidNameAndAMissingBroker() {
    assertThrows(ConfigurationException.class, () -> new LoopbackPubSubProtocol("", broker));
    assertThrows(ConfigurationException.class, () -> new LoopbackPubSubProtocol("a b", broker));
    assertThrows(NullPointerException.class, () -> new LoopbackPubSubProtocol("nobroker", null));
  }

  @Test
  void stateListenerSeesConnectDisconnectAndClose() {
    a.addStateListener(stateListener);
    assertEquals(DISCONNECTED, a.state());
    assertFalse(a.isConnected());

    a.connect();
    assertTrue(a.isConnected());
    assertEquals(
        List.of(
            new Transition("life-A", DISCONNECTED, CONNECTING),
            new Transition("life-A", CONNECTING, CONNECTED)),
        transitions);

    a.connect(); // already connected: no transition
    assertEquals(2, transitions.size());

    a.disconnect();
    assertEquals(new Transition("life-A", CONNECTED, DISCONNECTED), transitions.get(2));
    a.disconnect(); // idempotent
    assertEquals(3, transitions.size());

    a.close();
    assertEquals(new Transition("life-A", DISCONNECTED, CLOSED), transitions.get(3));
    assertEquals(CLOSED, a.state());
    assertEquals(CLOSED, a.statistics().state());
  }

  @Test
  void removedStateListenerIsNotCalled() {
    a.addStateListener(stateListener);
    a.removeStateListener(stateListener);

    a.connect();

    assertEquals(List.of(), transitions);
  }

  @Test
  void attachesToTheBrokerOnlyWhileConnected() {
    assertEquals(0, broker.attachedConnections());
    a.connect();
    b.connect();
    assertEquals(2, broker.attachedConnections());
    a.disconnect();
    assertEquals(1, broker.attachedConnections());
    b.close();
    assertEquals(0, broker.attachedConnections());
  }

  @Test
  void subscriptionMadeWhileDisconnectedTakesEffectOnConnect() throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    b.subscribe("t", 1, listener);
    a.connect();
    b.connect();

    a.publish("t", utf8("x"), 1, false);

    assertEquals("x", listener.next().text());
  }

  @Test
  void subscriptionsSurviveADisconnect() throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    a.connect();
    b.connect();
    b.subscribe("t", 1, listener);
    b.disconnect();
    b.connect();

    a.publish("t", utf8("again"), 1, false);

    assertEquals("again", listener.next().text());
  }

  @Test
  void countsMessagesAndBytesInBothDirections() throws InterruptedException {
    a.connect();
    b.connect();
    RecordingListener listener = new RecordingListener();
    b.subscribe("t/#", 1, listener);

    a.publish("t/1", new byte[5], 1, false);
    a.publish("t/2", new byte[7], 0, false);
    a.publish("other", new byte[11], 1, false);

    ConnectionStatistics out = a.statistics();
    assertEquals(3, out.messagesOut());
    assertEquals(23, out.bytesOut());
    assertEquals(0, out.messagesIn());
    ConnectionStatistics in = b.statistics();
    assertEquals(2, in.messagesIn());
    assertEquals(12, in.bytesIn());
    assertEquals(0, in.messagesOut());
    assertEquals(0, in.errors());
    assertNull(in.lastError());
    assertEquals(CONNECTED, in.state());
    assertEquals(0, in.reconnects());
    awaitDelivered(a, b);
    assertEquals(List.of("t/1", "t/2"), listener.topics());
  }

  @Test
  void closedConnectionRefusesPublishSubscribeAndConnect() {
    a.connect();
    a.close();

    assertThrows(ConnectionException.class, () -> a.publish("t", utf8("x"), 1, false));
    assertThrows(ConnectionException.class, () -> a.subscribe("t", 1, (topic, payload) -> {}));
    ConnectionException e = assertThrows(ConnectionException.class, a::connect);
    assertEquals("life-A", e.connectionName().orElseThrow());
    a.disconnect();
    assertEquals(CLOSED, a.state());
  }

  @Test
  void closeIsIdempotent() {
    a.addStateListener(stateListener);
    a.close();
    a.close();

    assertEquals(List.of(new Transition("life-A", DISCONNECTED, CLOSED)), transitions);
  }

  @Test
  void closeStopsTheDeliveryThreadAndDetaches() {
    LoopbackPubSubProtocol probe = new LoopbackPubSubProtocol("thread-probe", broker);
    try {
      probe.connect();
      assertTrue(RecordingListener.deliveryThreadAlive("thread-probe"));
      assertEquals(1, broker.attachedConnections());
    } finally {
      probe.close();
    }

    assertEquals(0, broker.attachedConnections());
    RecordingListener.awaitNoDeliveryThread("thread-probe");
  }

  @Test
  void closeDeliversWhatWasAlreadyQueuedForListeners() {
    a.connect();
    b.connect();
    List<String> seen = new CopyOnWriteArrayList<>();
    b.subscribe("t", 1, (topic, payload) -> seen.add(new String(payload, StandardCharsets.UTF_8)));
    a.publish("t", utf8("last"), 1, false);

    b.close();

    assertEquals(List.of("last"), seen);
  }

  @Test
  void publishRacingWithConnectIsSentAfterTheQueuedOnesInOrder() throws InterruptedException {
    b.connect();
    RecordingListener listener = new RecordingListener();
    b.subscribe("t", 1, listener);
    a.publish("t", utf8("queued"), 1, false);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Thread> racing = new AtomicReference<>();
    a.addStateListener(
        (name, previous, current) -> {
          if (current != CONNECTING) {
            return;
          }
          // publish from another thread while connect() holds the connection's lifecycle lock
          Thread racer =
              new Thread(
                  () -> {
                    try {
                      a.publish("t", utf8("racing"), 1, false);
                    } catch (RuntimeException e) {
                      failure.set(e);
                    }
                  },
                  "racer");
          racing.set(racer);
          racer.start();
          await()
              .atMost(Duration.ofSeconds(5))
              .until(() -> racer.getState() == Thread.State.BLOCKED || !racer.isAlive());
        });

    a.connect();

    assertEquals("queued", listener.next().text());
    assertEquals("racing", listener.next().text());
    Thread racer = racing.get();
    racer.join(5_000);
    assertFalse(racer.isAlive());
    assertNull(failure.get());
    assertEquals(2, a.statistics().messagesOut());
  }
}
