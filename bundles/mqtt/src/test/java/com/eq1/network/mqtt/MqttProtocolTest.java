package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.AuthenticationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.InvalidTopicException;
import com.eq1.network.api.MessageListener;
import com.eq1.network.api.QueueFullException;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MqttProtocol} against a real broker in the test JVM. */
class MqttProtocolTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final ReconnectSettings FAST =
      new ReconnectSettings(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(5));

  private final List<AutoCloseable> closing = new ArrayList<>();
  private EmbeddedBroker broker = new EmbeddedBroker();

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(closing);
    for (AutoCloseable c : closing) {
      c.close();
    }
    broker.close();
  }

  private MqttProtocol mqtt(String name) {
    return mqtt(MqttSettings.defaults(name, broker.uri()).withLink(QueueSettings.DEFAULT, FAST));
  }

  private MqttProtocol mqtt(MqttSettings settings) {
    MqttProtocol protocol = new MqttProtocol(settings);
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
  void publishesReachSubscribersAtEveryQos() {
    MqttProtocol sub = mqtt("sub");
    MqttProtocol pub = mqtt("pub");
    Inbox inbox = new Inbox();
    sub.subscribe("plant/+/temp", 2, inbox);
    sub.connect();
    pub.connect();
    assertEquals(ConnectionState.CONNECTED, sub.state());

    pub.publish("plant/oven1/temp", "20", 0, false);
    pub.publish("plant/oven2/temp", "21", 1, false);
    pub.publish("plant/oven3/temp", "22", 2, false);
    pub.publish("plant/oven3/state", "off", 1, false);

    await().atMost(DEADLINE).until(() -> inbox.received.size() == 3);
    assertEquals(
        List.of("plant/oven1/temp=20", "plant/oven2/temp=21", "plant/oven3/temp=22"),
        inbox.received);
    assertEquals(4, pub.statistics().messagesOut());
    await().atMost(DEADLINE).until(() -> sub.statistics().messagesIn() == 3);
  }

  @Test
  void retainedMessagesReachLaterSubscribers() {
    MqttProtocol pub = mqtt("pub");
    pub.connect();
    pub.publish("plant/line1/state", "running", 1, true);
    MqttProtocol late = mqtt("late");
    late.connect();
    Inbox inbox = new Inbox();
    late.subscribe("plant/#", 1, inbox);
    await().atMost(DEADLINE).until(() -> inbox.received.contains("plant/line1/state=running"));
  }

  @Test
  void aConnectionCutByTheBrokerReconnectsAndItsSubscriptionsWorkAgain() {
    MqttProtocol sub = mqtt("cut");
    Inbox inbox = new Inbox();
    sub.subscribe("a/b", 1, inbox);
    sub.connect();
    MqttProtocol pub = mqtt("pub");
    pub.connect();

    assertTrue(broker.cut("eq1-cut"));
    await().atMost(DEADLINE).until(() -> sub.statistics().reconnects() >= 1 && sub.isConnected());
    pub.publish("a/b", "after", 1, false);

    await().atMost(DEADLINE).until(() -> inbox.received.contains("a/b=after"));
  }

  @Test
  void publishesMadeWhileDisconnectedGoOutInOrderOnTheNextConnect() {
    MqttProtocol sub = mqtt("sub");
    Inbox inbox = new Inbox();
    sub.subscribe("queued/#", 1, inbox);
    sub.connect();
    MqttProtocol pub = mqtt("pub");

    for (int i = 0; i < 5; i++) {
      pub.publish("queued/" + i, "m" + i, 1, false);
    }
    assertEquals(5, pub.statistics().queued());
    assertTrue(inbox.received.isEmpty());
    pub.connect();

    await().atMost(DEADLINE).until(() -> inbox.received.size() == 5);
    assertEquals(
        List.of("queued/0=m0", "queued/1=m1", "queued/2=m2", "queued/3=m3", "queued/4=m4"),
        inbox.received);
    assertEquals(0, pub.statistics().queued());
  }

  @Test
  void aDeliberateDisconnectIsNeverFollowedByAReconnect() {
    MqttProtocol protocol = mqtt("calm");
    protocol.connect();
    protocol.disconnect();
    assertEquals(ConnectionState.DISCONNECTED, protocol.state());

    broker.stop();
    broker.start();
    MqttProtocol other = mqtt("other");
    other.connect(); // the broker is back: anything that wanted to reconnect could have

    assertEquals(ConnectionState.DISCONNECTED, protocol.state());
    assertEquals(0, protocol.statistics().reconnects());
    protocol.connect();
    assertTrue(protocol.isConnected());
  }

  @Test
  void offlinePublishesExpireAndOverflowCounted() {
    MqttProtocol protocol =
        mqtt(
            MqttSettings.defaults("offline", broker.uri())
                .withLink(
                    new QueueSettings(2, Duration.ofMillis(200), OverflowPolicy.REJECT_NEWEST),
                    FAST));
    protocol.publish("t/1", "a", 1, false);
    protocol.publish("t/2", "b", 1, false);
    assertThrows(QueueFullException.class, () -> protocol.publish("t/3", "c", 1, false));
    assertEquals(1, protocol.statistics().dropped());
    await().atMost(DEADLINE).until(() -> protocol.statistics().expired() == 2);
    assertEquals(0, protocol.statistics().queued());
  }

  @Test
  void wrongCredentialsAreAnAuthenticationError() {
    broker.close();
    broker =
        new EmbeddedBroker(
            (clientId, user, password) ->
                "eq1".equals(user)
                    && password != null
                    && "secret".equals(new String(password, StandardCharsets.UTF_8)));
    MqttProtocol bad =
        mqtt(
            MqttSettings.defaults("bad", broker.uri())
                .withLink(QueueSettings.DEFAULT, FAST)
                .withCredentials("eq1", "wrong"));
    AuthenticationException e = assertThrows(AuthenticationException.class, bad::connect);
    assertTrue(e.getMessage().startsWith("[bad]"), e.getMessage());
    assertFalse(e.getMessage().contains("wrong"), "the password is never in a message");
    bad.disconnect();

    MqttProtocol good =
        mqtt(
            MqttSettings.defaults("good", broker.uri())
                .withLink(QueueSettings.DEFAULT, FAST)
                .withCredentials("eq1", "secret"));
    good.connect();
    assertTrue(good.isConnected());
  }

  @Test
  void anUnreachableBrokerFailsTheConnectAndKeepsTrying() {
    broker.stop();
    MqttProtocol protocol = mqtt("away");
    assertThrows(ConnectionException.class, protocol::connect);
    assertEquals(ConnectionState.RECONNECTING, protocol.state());
    broker.start();
    await().atMost(DEADLINE).until(protocol::isConnected);
    assertTrue(protocol.statistics().reconnects() >= 1);
  }

  @Test
  void badInputIsRefusedWithTheApiExceptions() {
    MqttProtocol protocol = mqtt("bad-input");
    protocol.connect();
    assertThrows(InvalidTopicException.class, () -> protocol.publish("a/+", "x", 1, false));
    assertThrows(InvalidTopicException.class, () -> protocol.publish("", "x", 1, false));
    assertThrows(IllegalArgumentException.class, () -> protocol.publish("a", "x", 3, false));
    assertThrows(InvalidTopicException.class, () -> protocol.subscribe("a/#/b", 1, (t, p) -> {}));
    assertThrows(IllegalArgumentException.class, () -> protocol.subscribe("a", 3, (t, p) -> {}));
    Inbox inbox = new Inbox();
    protocol.subscribe("ok", 1, inbox);
    protocol.publish("ok", "still usable", 1, false);
    await().atMost(DEADLINE).until(() -> inbox.received.contains("ok=still usable"));

    protocol.close();
    assertEquals(ConnectionState.CLOSED, protocol.state());
    assertThrows(ConnectionException.class, () -> protocol.publish("ok", "x", 1, false));
    assertThrows(ConnectionException.class, protocol::connect);
    protocol.close();
  }

  @Test
  void unsubscribeStopsDeliveryToThatListenerOnly() {
    MqttProtocol protocol = mqtt("unsub");
    protocol.connect();
    Inbox first = new Inbox();
    Inbox second = new Inbox();
    protocol.subscribe("u/#", 1, first);
    protocol.subscribe("u/#", 0, second);
    protocol.publish("u/1", "both", 1, false);
    await().atMost(DEADLINE).until(() -> first.received.size() == 1 && second.received.size() == 1);

    protocol.unsubscribe("u/#", first);
    protocol.publish("u/2", "second only", 1, false);
    await().atMost(DEADLINE).until(() -> second.received.size() == 2);
    assertEquals(List.of("u/1=both"), first.received);

    protocol.unsubscribe("u/#", second);
    protocol.subscribe("u/probe", 1, first);
    protocol.publish("u/3", "nobody", 1, false);
    protocol.publish("u/probe", "probe", 1, false);
    await().atMost(DEADLINE).until(() -> first.received.contains("u/probe=probe"));
    assertEquals(2, second.received.size());
  }
}
