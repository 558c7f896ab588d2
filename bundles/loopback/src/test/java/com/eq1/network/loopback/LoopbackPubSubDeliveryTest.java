package com.eq1.network.loopback;

import static com.eq1.network.loopback.RecordingListener.awaitDelivered;
import static com.eq1.network.loopback.RecordingListener.utf8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.InvalidTopicException;
import com.eq1.network.api.MessageListener;
import com.eq1.network.loopback.RecordingListener.Received;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Delivery through the loopback bus: threads, topic matching, listeners and payload copies. */
class LoopbackPubSubDeliveryTest {

  private LoopbackBroker broker;
  private LoopbackPubSubProtocol a;
  private LoopbackPubSubProtocol b;

  @BeforeEach
  void connectTwoConnections() {
    broker = new LoopbackBroker();
    a = new LoopbackPubSubProtocol("A", broker);
    b = new LoopbackPubSubProtocol("B", broker);
    a.connect();
    b.connect();
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  @Test
  void deliversTopicAndPayloadOnTheSubscribersOwnThread() throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    b.subscribe("plant/line1/temp", 1, listener);

    a.publish("plant/line1/temp", utf8("21.5"), 1, false);

    Received received = listener.next();
    assertEquals("plant/line1/temp", received.topic());
    assertEquals("21.5", received.text());
    assertTrue(
        received.thread().startsWith("eq1-loopback-B-"), "delivered on " + received.thread());
    assertNotEquals(Thread.currentThread().getName(), received.thread());
    assertEquals(2, broker.attachedConnections());
  }

  @Test
  void textOverloadsPublishUtf8WithTheDefaultQos() throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    b.subscribe("greeting", listener);

    a.publish("greeting", "grüß dich", 0, false);

    assertEquals("grüß dich", listener.next().text());
  }

  @Test
  void matchesFiltersWithMqttWildcardRules() throws InterruptedException {
    Map<String, RecordingListener> byFilter = new ConcurrentHashMap<>();
    for (String filter :
        List.of("plant/+/temp", "plant/#", "plant/line1/temp", "+/+", "#", "+/line1/#")) {
      RecordingListener listener = new RecordingListener();
      byFilter.put(filter, listener);
      b.subscribe(filter, 1, listener);
    }
    List<String> topics =
        List.of("plant/line1/temp", "plant/line2/temp", "plant", "plant/line1/pressure", "other/x");

    for (String topic : topics) {
      a.publish(topic, utf8(topic), 1, false);
    }
    awaitDelivered(a, b);

    assertEquals(
        List.of("plant/line1/temp", "plant/line2/temp"), byFilter.get("plant/+/temp").topics());
    assertEquals(
        List.of("plant/line1/temp", "plant/line2/temp", "plant", "plant/line1/pressure"),
        byFilter.get("plant/#").topics());
    assertEquals(List.of("plant/line1/temp"), byFilter.get("plant/line1/temp").topics());
    assertEquals(List.of("other/x"), byFilter.get("+/+").topics());
    assertEquals(topics, byFilter.get("#").topics());
    assertEquals(
        List.of("plant/line1/temp", "plant/line1/pressure"), byFilter.get("+/line1/#").topics());
  }

  @Test
  void wildcardFiltersDoNotMatchDollarTopicsButExplicitOnesDo() throws InterruptedException {
    RecordingListener everything = new RecordingListener();
    RecordingListener singleLevel = new RecordingListener();
    RecordingListener sys = new RecordingListener();
    b.subscribe("#", 1, everything);
    b.subscribe("+/uptime", 1, singleLevel);
    b.subscribe("$SYS/#", 1, sys);

    a.publish("$SYS/uptime", utf8("1"), 1, false);
    a.publish("app/uptime", utf8("2"), 1, false);
    awaitDelivered(a, b);

    assertEquals(List.of("app/uptime"), everything.topics());
    assertEquals(List.of("app/uptime"), singleLevel.topics());
    assertEquals(List.of("$SYS/uptime"), sys.topics());
  }

  @Test
  void publisherReceivesItsOwnMessagesWhenSubscribed() throws InterruptedException {
    RecordingListener own = new RecordingListener();
    a.subscribe("echo/#", 0, own);

    a.publish("echo/1", utf8("x"), 0, false);

    Received received = own.next();
    assertEquals("echo/1", received.topic());
    assertTrue(received.thread().startsWith("eq1-loopback-A-"), received.thread());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void acceptsQosZeroToTwo(int qos) throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    b.subscribe("q", qos, listener);

    a.publish("q", utf8("qos" + qos), qos, false);

    assertEquals("qos" + qos, listener.next().text());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 3})
  void rejectsQosOutsideZeroToTwo(int qos) throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    b.subscribe("q", 1, listener);

    assertThrows(IllegalArgumentException.class, () -> a.publish("q", utf8("x"), qos, false));
    assertThrows(IllegalArgumentException.class, () -> b.subscribe("r", qos, listener));
    assertEquals(0, a.statistics().messagesOut());
    awaitDelivered(a, b);

    assertEquals(List.of(), listener.all());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/+", "a/#", "+", "", "a\u0000b"})
  void rejectsInvalidTopicNamesAndDeliversNothing(String topic) throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    b.subscribe("#", 1, listener);

    InvalidTopicException e =
        assertThrows(InvalidTopicException.class, () -> a.publish(topic, utf8("x"), 1, false));
    assertEquals(topic, e.topic());
    assertEquals(0, a.statistics().messagesOut());

    a.publish("valid", utf8("after"), 1, false);
    assertEquals("valid", listener.next().topic(), "the connection stays usable");
    awaitDelivered(a, b);
    assertEquals(List.of(), listener.all());
  }

  @Test
  void rejectsNullTopic() {
    assertThrows(InvalidTopicException.class, () -> a.publish(null, utf8("x"), 1, false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/#/b", "a#", "a+/b", "", "#/"})
  void rejectsMalformedFilters(String filter) {
    MessageListener listener = (topic, payload) -> {};

    assertThrows(InvalidTopicException.class, () -> b.subscribe(filter, 1, listener));
    assertThrows(InvalidTopicException.class, () -> b.unsubscribe(filter, listener));
  }

  @Test
  void unsubscribeStopsDelivery() throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    b.subscribe("news/#", 1, listener);
    a.publish("news/1", utf8("1"), 1, false);
    assertEquals("news/1", listener.next().topic());

    b.unsubscribe("news/#", listener);
    b.unsubscribe("news/#", (topic, payload) -> {}); // unknown pairs are ignored
    a.publish("news/2", utf8("2"), 1, false);
    assertEquals(1, b.statistics().messagesIn(), "news/2 matched no subscription");
    awaitDelivered(a, b);

    assertEquals(List.of(), listener.all());
  }

  @Test
  void sameListenerSubscribedTwiceToOneFilterGetsEachMessageOnce() throws InterruptedException {
    RecordingListener listener = new RecordingListener();
    b.subscribe("dup", 0, listener);
    b.subscribe("dup", 2, listener);

    a.publish("dup", utf8("1"), 1, false);
    a.publish("dup", utf8("2"), 1, false);
    awaitDelivered(a, b);

    assertEquals(List.of("1", "2"), listener.texts());
  }

  @Test
  void aThrowingListenerDoesNotStopLaterMessages() throws InterruptedException {
    List<String> seen = new ArrayList<>();
    RecordingListener other = new RecordingListener();
    b.subscribe(
        "boom",
        1,
        (topic, payload) -> {
          synchronized (seen) {
            seen.add(new String(payload, StandardCharsets.UTF_8));
          }
          throw new IllegalStateException("listener failure for the test");
        });
    b.subscribe("boom", 1, other);

    a.publish("boom", utf8("1"), 1, false);
    a.publish("boom", utf8("2"), 1, false);
    awaitDelivered(a, b);

    synchronized (seen) {
      assertEquals(List.of("1", "2"), seen);
    }
    assertEquals(List.of("1", "2"), other.texts());
  }

  @Test
  void payloadIsCopiedOnPublishAndForEachListener() throws InterruptedException {
    List<byte[]> asReceived = new ArrayList<>();
    List<byte[]> instances = new ArrayList<>();
    MessageListener mutating =
        (topic, payload) -> {
          synchronized (asReceived) {
            asReceived.add(payload.clone());
            instances.add(payload);
          }
          payload[0] = 99;
        };
    b.subscribe("copy", 1, mutating);
    b.subscribe("+", 1, mutating);
    byte[] payload = {1, 2, 3};

    a.publish("copy", payload, 1, false);
    payload[0] = 42;
    awaitDelivered(a, b);

    synchronized (asReceived) {
      assertEquals(2, asReceived.size());
      assertArrayEquals(new byte[] {1, 2, 3}, asReceived.get(0));
      assertArrayEquals(new byte[] {1, 2, 3}, asReceived.get(1));
      assertNotSame(instances.get(0), instances.get(1));
      assertNotSame(payload, instances.get(0));
    }
  }

  @Test
  void preservesTheOrderOfTenThousandMessages() {
    int count = 10_000;
    List<Integer> received = new ArrayList<>(count);
    b.subscribe(
        "seq",
        1,
        (topic, payload) -> {
          synchronized (received) {
            received.add(ByteBuffer.wrap(payload).getInt());
          }
        });

    for (int i = 0; i < count; i++) {
      a.publish("seq", ByteBuffer.allocate(4).putInt(i).array(), 1, false);
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              synchronized (received) {
                return received.size() == count;
              }
            });
    synchronized (received) {
      for (int i = 0; i < count; i++) {
        assertEquals(i, received.get(i).intValue(), "message at position " + i);
      }
    }
    assertEquals(count, b.statistics().messagesIn());
    assertEquals(0, b.statistics().errors());
  }
}
