package com.eq1.network.loopback;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStateListener;
import com.eq1.network.api.MessageListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A message listener that records what it receives, and on which thread, for the tests. */
final class RecordingListener implements MessageListener {

  /** One received message. */
  record Received(String topic, byte[] payload, String thread) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /** One state change seen by a {@link ConnectionStateListener}. */
  record Transition(String name, ConnectionState previous, ConnectionState current) {}

  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

  @Override
  public void onMessage(String topic, byte[] payload) {
    received.add(new Received(topic, payload, Thread.currentThread().getName()));
  }

  /** Returns the next message not yet taken, failing if none arrives within five seconds. */
  Received next() throws InterruptedException {
    Received next = received.poll(5, TimeUnit.SECONDS);
    assertNotNull(next, "no message within 5 s");
    return next;
  }

  /** Returns the messages received and not yet taken, oldest first. */
  List<Received> all() {
    return List.copyOf(received);
  }

  /** Returns the topics received and not yet taken, oldest first. */
  List<String> topics() {
    return all().stream().map(Received::topic).toList();
  }

  /** Returns the payloads received and not yet taken, as UTF-8 text, oldest first. */
  List<String> texts() {
    return all().stream().map(Received::text).toList();
  }

  int count() {
    return received.size();
  }

  /** Returns the bytes of a UTF-8 text. */
  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Waits until every message {@code publisher} published so far has been handed to the listeners
   * of {@code subscriber}: publishes a marker on a {@code $} topic (which no wildcard filter in the
   * tests matches) and waits for it. Deliveries of one connection run in order on its one thread,
   * so once the marker arrives everything published before it has been delivered. Both connections
   * must be connected.
   */
  static void awaitDelivered(LoopbackPubSubProtocol publisher, LoopbackPubSubProtocol subscriber)
      throws InterruptedException {
    String topic = "$barrier/" + UUID.randomUUID();
    RecordingListener marker = new RecordingListener();
    subscriber.subscribe(topic, 1, marker);
    publisher.publish(topic, new byte[] {1}, 1, false);
    marker.next();
    subscriber.unsubscribe(topic, marker);
  }

  /** Tells whether a delivery thread of the named loopback connection is alive. */
  static boolean deliveryThreadAlive(String connectionName) {
    String prefix = "eq1-loopback-" + connectionName + "-";
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(thread -> thread.isAlive() && thread.getName().startsWith(prefix));
  }

  /** Waits until no delivery thread of the named loopback connection is alive. */
  static void awaitNoDeliveryThread(String connectionName) {
    await().atMost(Duration.ofSeconds(10)).until(() -> !deliveryThreadAlive(connectionName));
  }
}
