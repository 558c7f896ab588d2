package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.MessageListener;
import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How received messages reach listeners (each on its own lane), how the offline queue drains (in
 * order, at the configured rate) and the payload limit, against a real broker in the test JVM.
 */
class MqttDeliveryTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final ReconnectSettings FAST =
      new ReconnectSettings(Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofSeconds(5));

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

  private MqttProtocol mqtt(MqttSettings settings) {
    MqttProtocol protocol = new MqttProtocol(settings);
    closing.add(protocol);
    return protocol;
  }

  private MqttSettings settings(String name) {
    return MqttSettings.defaults(name, broker.uri()).withLink(QueueSettings.DEFAULT, FAST);
  }

  private static byte[] text(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  /** Collects payloads in arrival order, with the time each arrived. */
  private static final class Inbox implements MessageListener {
    final List<String> payloads = new CopyOnWriteArrayList<>();
    final List<Long> arrivals = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(String topic, byte[] payload) {
      arrivals.add(System.nanoTime());
      payloads.add(new String(payload, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aBlockedListenerHoldsUpOnlyItself() throws Exception {
    MqttProtocol sub = mqtt(settings("lanes-sub"));
    MqttProtocol pub = mqtt(settings("lanes-pub"));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger blockedGot = new AtomicInteger();
    MessageListener blocked =
        (topic, payload) -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          blockedGot.incrementAndGet();
        };
    Inbox free = new Inbox();
    sub.subscribe("cell/#", 1, blocked);
    sub.subscribe("cell/+/count", 1, free);
    sub.connect();
    pub.connect();

    for (int i = 0; i < 1_000; i++) {
      pub.publish("cell/a/count", text(Integer.toString(i)), 1, false);
    }

    // all of them reach the free listener while the other one is still stuck in its first call
    await().atMost(DEADLINE).until(() -> free.payloads.size() == 1_000);
    assertEquals(0, blockedGot.get());
    assertEquals(
        IntStream.range(0, 1_000).mapToObj(Integer::toString).toList(), free.payloads, "in order");
    release.countDown();
    await().atMost(DEADLINE).until(() -> blockedGot.get() == 1_000);
  }

  @Test
  void aListenerThatFallsBehindLosesMessagesAloneAndTheConnectionSaysSo() throws Exception {
    MqttProtocol sub = mqtt(settings("behind-sub").toBuilder().inboundCapacity(10).build());
    MqttProtocol pub = mqtt(settings("behind-pub"));
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    AtomicInteger slowGot = new AtomicInteger();
    MessageListener slow =
        (topic, payload) -> {
          entered.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          slowGot.incrementAndGet();
        };
    Inbox fast = new Inbox();
    sub.subscribe("line/speed", 1, slow);
    sub.subscribe("line/speed", 1, fast);
    sub.connect();
    pub.connect();

    pub.publish("line/speed", text("first"), 1, false);
    assertTrue(entered.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "slow listener called");
    for (int i = 0; i < 50; i++) {
      pub.publish("line/speed", text(Integer.toString(i)), 1, false);
      int expected = i + 2;
      // one at a time: the fast listener's own lane (also of 10) never fills on a busy machine
      await().atMost(DEADLINE).until(() -> fast.payloads.size() == expected);
    }

    String lastError = sub.statistics().lastError();
    assertTrue(sub.statistics().errors() >= 40, "each lost delivery counted");
    assertTrue(lastError.contains("fell behind") && lastError.contains("line/speed"), lastError);
    release.countDown();
    // the one in its hands and the ten its lane holds; the rest were refused, not queued
    await().atMost(DEADLINE).until(() -> slowGot.get() == 11);
    assertEquals(ConnectionState.CONNECTED, sub.state());
  }

  @Test
  void aThrowingListenerKeepsGettingMessagesAndSpoilsNothingForOthers() {
    MqttProtocol sub = mqtt(settings("throw-sub"));
    MqttProtocol pub = mqtt(settings("throw-pub"));
    AtomicInteger calls = new AtomicInteger();
    Inbox other = new Inbox();
    sub.subscribe(
        "alarm",
        1,
        (topic, payload) -> {
          calls.incrementAndGet();
          throw new IllegalStateException("listener bug");
        });
    sub.subscribe("alarm", 1, other);
    sub.connect();
    pub.connect();

    for (int i = 0; i < 20; i++) {
      pub.publish("alarm", text(Integer.toString(i)), 1, false);
    }

    await().atMost(DEADLINE).until(() -> calls.get() == 20 && other.payloads.size() == 20);
  }

  @Test
  void theOfflineQueueDrainsInOrderAtTheConfiguredRate() {
    int rate = 50;
    int count = 100;
    MqttProtocol sub = mqtt(settings("paced-sub"));
    MqttProtocol pub =
        mqtt(
            settings("paced-pub").toBuilder()
                .queue(
                    new QueueSettings(1_000, Duration.ofMinutes(1), OverflowPolicy.REJECT_NEWEST))
                .flushRate(rate)
                .build());
    Inbox inbox = new Inbox();
    sub.subscribe("paced/#", 1, inbox);
    sub.connect();

    for (int i = 0; i < count; i++) {
      pub.publish("paced/n", text(Integer.toString(i)), 1, false); // not connected: queued
    }
    assertEquals(count, pub.statistics().queued());
    pub.connect();

    await().atMost(DEADLINE).until(() -> inbox.payloads.size() == count);
    assertEquals(IntStream.range(0, count).mapToObj(Integer::toString).toList(), inbox.payloads);
    // a lower bound only: a slow machine can make the span longer, never shorter. 100 messages
    // at 50/s with a burst of 100 ms (5 messages) take at least 1.9 s; unpaced they take ~10 ms.
    long spanMillis =
        TimeUnit.NANOSECONDS.toMillis(inbox.arrivals.get(count - 1) - inbox.arrivals.get(0));
    assertTrue(spanMillis >= 1_500, "drained in " + spanMillis + " ms, faster than " + rate + "/s");
    assertEquals(0, pub.statistics().queued());
  }

  @Test
  void aPayloadAboveTheLimitIsRefusedBeforeSendingAndTheConnectionGoesOn() {
    MqttProtocol sub = mqtt(settings("limit-sub"));
    MqttProtocol pub = mqtt(settings("limit-pub").toBuilder().maxPayload(1_024).build());
    Inbox inbox = new Inbox();
    sub.subscribe("limit/#", 1, inbox);
    sub.connect();
    pub.connect();

    OversizedPacketException e =
        assertThrows(
            OversizedPacketException.class,
            () -> pub.publish("limit/big", new byte[1_025], 1, false));
    assertTrue(
        e.getMessage().contains("limit-pub") && e.getMessage().contains("1024"), e.getMessage());

    pub.publish("limit/ok", new byte[1_024], 1, false);
    pub.publish("limit/ok", text("after"), 1, false);
    await().atMost(DEADLINE).until(() -> inbox.payloads.size() == 2);
    assertEquals("after", inbox.payloads.get(1));
    assertEquals(ConnectionState.CONNECTED, pub.state());
  }

  @Test
  void messagesKeptForThePersistentSessionWaitForTheFirstListener() throws Exception {
    Inbox before = new Inbox();
    MqttProtocol first = new MqttProtocol(settings("kept-sub"));
    first.subscribe("kept/#", 1, before);
    first.connect();
    first.close(); // DISCONNECT: the broker keeps the session of client id eq1-kept-sub
    MqttProtocol pub = mqtt(settings("kept-pub"));
    pub.connect();
    for (int i = 0; i < 5; i++) {
      pub.publish("kept/line", text(Integer.toString(i)), 1, false);
    }

    MqttProtocol again = mqtt(settings("kept-sub")); // as after a bundle update
    again.connect();
    await().atMost(DEADLINE).until(() -> again.statistics().messagesIn() == 5);
    Inbox late = new Inbox();
    Inbox other = new Inbox();
    Inbox narrow = new Inbox();
    again.subscribe("other/#", 1, other);
    again.subscribe("kept/#", 1, late);
    again.subscribe("kept/line", 1, narrow);

    List<String> all = List.of("0", "1", "2", "3", "4");
    await().atMost(DEADLINE).until(() -> late.payloads.size() == 5 && narrow.payloads.size() == 5);
    assertEquals(all, late.payloads);
    assertEquals(all, narrow.payloads);
    assertEquals(List.of(), other.payloads);
    assertEquals(List.of(), before.payloads);
  }

  @Test
  void closingSendsTheBacklogFirstInsteadOfDroppingIt() {
    MqttProtocol sub = mqtt(settings("backlog-sub"));
    Inbox inbox = new Inbox();
    sub.subscribe("backlog/#", 1, inbox);
    sub.connect();
    // the broker has the subscription once a message of our own comes back through it (the
    // first connection can be lost right away under load, the subscription then restored later)
    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              sub.publish("backlog/probe", text("probe"), 1, false);
              return inbox.payloads.contains("probe");
            });
    inbox.payloads.clear(); // late probes are left out below
    MqttProtocol pub = new MqttProtocol(settings("backlog-pub").toBuilder().flushRate(1).build());
    for (int i = 0; i < 20; i++) {
      pub.publish("backlog/n", text(Integer.toString(i)), 1, false); // queued: not connected
    }
    pub.connect(); // one a second from now on ...
    pub.close(); // ... but closing sends what is left at once

    await()
        .atMost(DEADLINE)
        .until(() -> inbox.payloads.stream().filter(p -> !p.equals("probe")).count() == 20);
    assertEquals(
        IntStream.range(0, 20).mapToObj(Integer::toString).toList(),
        inbox.payloads.stream().filter(p -> !p.equals("probe")).toList());
  }

  @Test
  void aPublisherFasterThanTheBrokerWaitsForTheWindowInsteadOfRunningOutOfMessageIds()
      throws Exception {
    int count = 100_000; // more than the 65,535 message ids Paho can have open at once
    try (MosquittoBroker mosquitto = new MosquittoBroker()) {
      MqttProtocol sub = mqtt(MqttSettings.defaults("window-sub", mosquitto.uri()));
      MqttProtocol pub = mqtt(MqttSettings.defaults("window-pub", mosquitto.uri()));
      AtomicInteger received = new AtomicInteger();
      sub.subscribe("window/#", 1, (topic, payload) -> received.incrementAndGet());
      sub.connect();
      pub.connect();
      byte[] payload = new byte[100];
      for (int i = 0; i < count; i++) {
        pub.publish("window/n", payload, 1, false); // before the fix: refused at ~70,000
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> received.get() == count);
      assertEquals(0, pub.statistics().errors(), pub.statistics().lastError());
    }
  }

  @Test
  void connectRightAfterActivationWaitsForTheBackgroundAttemptInsteadOfFailing() {
    for (int i = 0; i < 20; i++) {
      MqttProtocol protocol =
          new MqttProtocol(
              MqttConfigsTest.config(
                  java.util.Map.of("eq1.name", "eager-" + i, "broker", broker.uri())),
              java.util.Map.of());
      closing.add(protocol);
      protocol.connect(); // races the background connect that activation started
      assertEquals(ConnectionState.CONNECTED, protocol.state());
      assertEquals(0, protocol.statistics().errors(), protocol.statistics().lastError());
    }
  }

  @Test
  void aQueuedPublishTheBrokerCanNeverTakeIsDroppedAndTheRestGoOut() throws Exception {
    try (MosquittoBroker mosquitto =
        new MosquittoBroker(dir -> List.of("allow_anonymous true", "max_packet_size 1024"))) {
      MqttSettings v5 =
          MqttSettings.defaults("limited", mosquitto.uri()).toBuilder()
              .version(MqttVersion.V5)
              .reconnect(FAST)
              .build();
      MqttProtocol sub = mqtt(v5.toBuilder().clientId("eq1-limited-sub").build());
      MqttProtocol pub = mqtt(v5);
      Inbox inbox = new Inbox();
      sub.subscribe("limited/#", 1, inbox);
      sub.connect();
      pub.publish("limited/a", text("before"), 1, false); // queued: the limit is not known yet
      pub.publish("limited/a", new byte[2_000], 1, false);
      pub.publish("limited/a", text("after"), 1, false);
      pub.connect(); // the CONNACK says 1024: the middle one can never go

      await().atMost(DEADLINE).until(() -> inbox.payloads.size() == 2);
      assertEquals(List.of("before", "after"), inbox.payloads);
      assertTrue(pub.statistics().errors() >= 1);
      assertEquals(ConnectionState.CONNECTED, pub.state());
    }
  }
}
