package com.eq1.network.loopback;

import static com.eq1.network.loopback.RecordingListener.awaitDelivered;
import static com.eq1.network.loopback.RecordingListener.utf8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.QueueFullException;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the loopback bus holds: retained messages, publishes queued while disconnected, and the
 * bounded queues on both sides.
 */
class LoopbackPubSubQueueingTest {

  private final List<LoopbackPubSubProtocol> connections = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private LoopbackBroker broker;

  @BeforeEach
  void createBroker() {
    broker = new LoopbackBroker();
  }

  @AfterEach
  void closeAll() {
    release.countDown();
    connections.forEach(LoopbackPubSubProtocol::close);
  }

  private LoopbackPubSubProtocol connection(String name) {
    return connection(name, QueueSettings.DEFAULT, 10_000);
  }

  private LoopbackPubSubProtocol connection(String name, QueueSettings queue, int inbound) {
    LoopbackPubSubProtocol connection = new LoopbackPubSubProtocol(name, broker, queue, inbound);
    connections.add(connection);
    return connection;
  }

  @Test
  void retainedMessageIsStoredAndDeliveredToALaterSubscriber() throws InterruptedException {
    LoopbackPubSubProtocol a = connection("A");
    LoopbackPubSubProtocol b = connection("B");
    a.connect();
    b.connect();

    a.publish("cfg/mode", utf8("auto"), 1, true);
    a.publish("cfg/plain", utf8("not kept"), 1, false);
    assertEquals(1, broker.retainedMessages());

    RecordingListener later = new RecordingListener();
    b.subscribe("cfg/#", 1, later);
    RecordingListener.Received received = later.next();
    assertEquals("cfg/mode", received.topic());
    assertEquals("auto", received.text());
    assertTrue(received.thread().startsWith("eq1-loopback-B-"), received.thread());
    awaitDelivered(a, b);
    assertEquals(List.of(), later.all(), "a message published without retain is not kept");
  }

  @Test
  void newerRetainedMessageReplacesTheOlderOne() throws InterruptedException {
    LoopbackPubSubProtocol a = connection("A");
    a.connect();
    a.publish("cfg/mode", utf8("manual"), 1, true);
    a.publish("cfg/mode", utf8("auto"), 1, true);

    RecordingListener later = new RecordingListener();
    a.subscribe("cfg/mode", 1, later);
    assertEquals("auto", later.next().text());
    awaitDelivered(a, a);
    assertEquals(List.of(), later.all());
    assertEquals(1, broker.retainedMessages());
  }

  @Test
  void retainedMessagesAreDeliveredOnConnectForExistingSubscriptions() throws InterruptedException {
    LoopbackPubSubProtocol a = connection("A");
    LoopbackPubSubProtocol b = connection("B");
    a.connect();
    a.publish("cfg/mode", utf8("auto"), 1, true);
    RecordingListener listener = new RecordingListener();
    b.subscribe("cfg/+", 1, listener);
    assertEquals(0, b.statistics().messagesIn());

    b.connect();

    assertEquals("auto", listener.next().text());
  }

  @Test
  void emptyRetainedPayloadClearsTheRetainedMessage() throws InterruptedException {
    LoopbackPubSubProtocol a = connection("A");
    LoopbackPubSubProtocol b = connection("B");
    a.connect();
    b.connect();
    a.publish("cfg/mode", utf8("auto"), 1, true);
    assertEquals(1, broker.retainedMessages());

    a.publish("cfg/mode", new byte[0], 1, true);

    assertEquals(0, broker.retainedMessages());
    RecordingListener later = new RecordingListener();
    b.subscribe("cfg/#", 1, later);
    awaitDelivered(a, b);
    assertEquals(List.of(), later.all());
  }

  @Test
  void retainedPayloadIsNotChangedByAListenerThatMutatesItsCopy() throws InterruptedException {
    LoopbackPubSubProtocol a = connection("A");
    a.connect();
    a.subscribe("r", 1, (topic, payload) -> payload[0] = 0);
    a.publish("r", new byte[] {7}, 1, true);

    RecordingListener later = new RecordingListener();
    a.subscribe("r", 1, later);

    assertArrayEquals(new byte[] {7}, later.next().payload());
  }

  @Test
  void messagesAreNotDeliveredWhileTheSubscriberIsDisconnected() throws InterruptedException {
    LoopbackPubSubProtocol a = connection("A");
    LoopbackPubSubProtocol b = connection("B");
    a.connect();
    b.connect();
    RecordingListener listener = new RecordingListener();
    b.subscribe("t", 1, listener);
    b.disconnect();

    a.publish("t", utf8("missed"), 1, false);
    assertEquals(0, b.statistics().messagesIn());
    assertEquals(1, broker.attachedConnections());

    b.connect();
    a.publish("t", utf8("seen"), 1, false);
    assertEquals("seen", listener.next().text());
    awaitDelivered(a, b);
    assertEquals(List.of(), listener.all());
  }

  @Test
  void publishesWhileDisconnectedAreQueuedAndPublishedInOrderOnConnect()
      throws InterruptedException {
    LoopbackPubSubProtocol a = connection("A");
    LoopbackPubSubProtocol b = connection("B");
    b.connect();
    RecordingListener listener = new RecordingListener();
    b.subscribe("t", 1, listener);
    byte[] reused = utf8("1");

    a.publish("t", reused, 1, false);
    reused[0] = '9';
    a.publish("t", utf8("2"), 1, false);
    a.publish("t", utf8("3"), 1, false);
    assertEquals(3, a.statistics().queued());
    assertEquals(0, a.statistics().messagesOut());
    assertEquals(0, b.statistics().messagesIn());

    a.connect();

    assertEquals(0, a.statistics().queued());
    assertEquals(3, a.statistics().messagesOut());
    awaitDelivered(a, b);
    assertEquals(List.of("1", "2", "3"), listener.texts());
  }

  @Test
  void fullOutboundQueueRejectsTheNewestPublish() throws InterruptedException {
    QueueSettings two = new QueueSettings(2, Duration.ofMinutes(1), OverflowPolicy.REJECT_NEWEST);
    LoopbackPubSubProtocol a = connection("A", two, 10);
    LoopbackPubSubProtocol b = connection("B");
    b.connect();
    RecordingListener listener = new RecordingListener();
    b.subscribe("t", 1, listener);
    a.publish("t", utf8("1"), 1, false);
    a.publish("t", utf8("2"), 1, false);

    QueueFullException e =
        assertThrows(QueueFullException.class, () -> a.publish("t", utf8("3"), 1, false));

    assertEquals(2, e.capacity());
    ConnectionStatistics stats = a.statistics();
    assertEquals(2, stats.queued());
    assertEquals(1, stats.dropped());
    a.connect();
    awaitDelivered(a, b);
    assertEquals(List.of("1", "2"), listener.texts());
  }

  @Test
  void fullOutboundQueueWithDropOldestDiscardsTheOldestPublish() throws InterruptedException {
    QueueSettings two = new QueueSettings(2, Duration.ofMinutes(1), OverflowPolicy.DROP_OLDEST);
    LoopbackPubSubProtocol a = connection("A", two, 10);
    LoopbackPubSubProtocol b = connection("B");
    b.connect();
    RecordingListener listener = new RecordingListener();
    b.subscribe("t", 1, listener);

    a.publish("t", utf8("1"), 1, false);
    a.publish("t", utf8("2"), 1, false);
    a.publish("t", utf8("3"), 1, false);

    assertEquals(2, a.statistics().queued());
    assertEquals(1, a.statistics().dropped());
    a.connect();
    awaitDelivered(a, b);
    assertEquals(List.of("2", "3"), listener.texts());
  }

  @Test
  void closeCountsQueuedPublishesAsExpired() {
    LoopbackPubSubProtocol a = connection("A");
    a.publish("t", utf8("1"), 1, false);
    a.publish("t", utf8("2"), 1, false);

    a.close();

    ConnectionStatistics stats = a.statistics();
    assertEquals(0, stats.queued());
    assertEquals(2, stats.expired());
    assertEquals(0, stats.messagesOut());
  }

  @Test
  void qosZeroMessageForAFullInboundQueueIsDroppedAndCounted() throws InterruptedException {
    LoopbackPubSubProtocol a = connection("A");
    LoopbackPubSubProtocol b = connection("B", QueueSettings.DEFAULT, 1);
    a.connect();
    b.connect();
    CountDownLatch entered = new CountDownLatch(1);
    RecordingListener listener = new RecordingListener();
    b.subscribe(
        "t",
        0,
        (topic, payload) -> {
          if (payload[0] == '1') {
            entered.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          listener.onMessage(topic, payload);
        });

    a.publish("t", utf8("1"), 0, false);
    assertTrue(entered.await(5, TimeUnit.SECONDS), "the delivery thread took message 1");
    a.publish("t", utf8("2"), 0, false); // fills the one-message inbound queue
    a.publish("t", utf8("3"), 0, false); // finds it full: dropped at once

    ConnectionStatistics stats = b.statistics();
    assertEquals(1, stats.errors());
    assertTrue(stats.lastError().contains("dropped"), stats.lastError());
    release.countDown();
    await().until(() -> listener.count() == 2);
    a.publish("t", utf8("4"), 0, false);
    await().until(() -> listener.count() == 3);
    assertEquals(List.of("1", "2", "4"), listener.texts());
  }
}
