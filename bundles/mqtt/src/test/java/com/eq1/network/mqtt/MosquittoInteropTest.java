package com.eq1.network.mqtt;

import static com.eq1.network.mqtt.MosquittoClients.hex;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.eq1.network.mqtt.MosquittoClients.Result;
import com.eq1.network.mqtt.MosquittoClients.Subscriber;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT 3.1.1 interoperability with the reference implementation: our connection talks to a real
 * Mosquitto, and Mosquitto's own {@code mosquitto_pub}/{@code mosquitto_sub} are the independent
 * peer on the other side, so neither direction is checked by our own code alone.
 */
class MosquittoInteropTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final byte[] TEXT = "21.5 °C".getBytes(StandardCharsets.UTF_8);
  private static final byte[] UTF8 = "Grüße, Température ✓ 温度 🌡".getBytes(StandardCharsets.UTF_8);
  private static final byte[] BINARY = everyByte();

  private final List<AutoCloseable> closing = new ArrayList<>();
  private MosquittoBroker broker;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void ourPublishesAtEveryQosArriveByteExactAtMosquittoSub() throws Exception {
    broker = new MosquittoBroker();
    Subscriber sub =
        closing(
            MosquittoClients.subscribe(
                broker.port(), "-t", "out/#", "-q", "2", "-F", "%t %q %r %x"));
    MqttProtocol ours = connected("interop-pub");

    ours.publish("out/text", TEXT, 0, false);
    ours.publish("out/utf8", UTF8, 1, false);
    ours.publish("out/binary", BINARY, 2, false);
    ours.publish("out/empty", new byte[0], 1, false);

    // Mosquitto passes a QoS 2 message on at PUBREL, so a later QoS 1 may overtake it: no order
    List<String> lines = sub.awaitMessages(4);
    assertEquals(
        Set.of(
            "out/text 0 0 " + hex(TEXT),
            "out/utf8 1 0 " + hex(UTF8),
            "out/binary 2 0 " + hex(BINARY),
            "out/empty 1 0 "),
        Set.copyOf(lines));
    assertEquals(4, lines.size(), "each exactly once: " + lines);
    assertEquals(4, ours.statistics().messagesOut());
  }

  @Test
  void mosquittoSubVerboseShowsTheTopicWeChose() throws Exception {
    broker = new MosquittoBroker();
    Subscriber sub =
        closing(MosquittoClients.subscribe(broker.port(), "-t", "plant/+/temp", "-v", "-C", "1"));
    MqttProtocol ours = connected("interop-verbose");

    ours.publish("plant/line-1/temp", "21.5", 1, false);

    assertEquals(0, sub.awaitExit(), "-C 1 ends after one message");
    assertEquals(List.of("plant/line-1/temp 21.5"), sub.messages());
  }

  @Test
  void ourRetainedPublishReachesALateMosquittoSub() throws Exception {
    broker = new MosquittoBroker();
    MqttProtocol ours = connected("interop-retain");
    ours.publish("status/line-1", UTF8, 1, true);
    ours.publish("status/line-2", BINARY, 2, true);
    await().atMost(DEADLINE).until(() -> ours.statistics().messagesOut() == 2);

    // started only now: what it prints first can only be what the broker retained
    Subscriber late =
        closing(
            MosquittoClients.subscribe(
                broker.port(), "-t", "status/line-1", "-C", "1", "-W", "10", "-F", "%r %x"));
    assertEquals(0, late.awaitExit());
    assertEquals(List.of("1 " + hex(UTF8)), late.messages());

    Subscriber both =
        closing(
            MosquittoClients.subscribe(
                broker.port(),
                "-t",
                "status/+",
                "-q",
                "2",
                "-C",
                "2",
                "-W",
                "10",
                "-F",
                "%t %r %x"));
    assertEquals(0, both.awaitExit());
    assertEquals(
        Set.of("status/line-1 1 " + hex(UTF8), "status/line-2 1 " + hex(BINARY)),
        Set.copyOf(both.messages()));
  }

  @ParameterizedTest(name = "QoS {0}")
  @ValueSource(ints = {0, 1, 2})
  void whatMosquittoPubSendsArrivesAtOurWildcardSubscriptions(int qos) throws Exception {
    broker = new MosquittoBroker();
    MqttProtocol ours = connected("interop-sub-" + qos);
    List<String> single = new CopyOnWriteArrayList<>();
    List<String> multi = new CopyOnWriteArrayList<>();
    List<byte[]> payloads = new CopyOnWriteArrayList<>();
    ours.subscribe(
        "plant/+/temp",
        qos,
        (topic, payload) -> {
          single.add(topic + " " + new String(payload, StandardCharsets.UTF_8));
          payloads.add(payload);
        });
    ours.subscribe("plant/#", qos, (topic, payload) -> multi.add(topic));

    String q = Integer.toString(qos);
    pub("-t", "plant/line-1/temp", "-q", q, "-m", "21.5");
    pub("-t", "plant/line-1/oven/temp", "-q", q, "-m", "deeper: not for +");
    pub("-t", "plant", "-q", q, "-m", "the parent level: # matches it, + does not");
    assertEquals(
        0,
        MosquittoClients.publish(broker.port(), UTF8, "-t", "plant/line-2/temp", "-q", q, "-s")
            .exitCode());

    await()
        .atMost(DEADLINE)
        .until(
            () ->
                multi.size() == 4
                    && single.size() == 2); // everything # is owed, and both matches of +
    assertEquals(
        Set.of("plant/line-1/temp", "plant/line-1/oven/temp", "plant", "plant/line-2/temp"),
        Set.copyOf(multi));
    // # received the deeper topic already, so + has had its chance to (wrongly) get it
    assertEquals(
        List.of(
            "plant/line-1/temp 21.5",
            "plant/line-2/temp " + new String(UTF8, StandardCharsets.UTF_8)),
        single);
    assertArrayEquals(UTF8, payloads.get(1), "stdin payload arrives byte for byte");
    assertFalse(single.stream().anyMatch(line -> line.contains("oven")));
    assertEquals(4, ours.statistics().messagesIn(), "one copy per message, not per subscription");
  }

  @Test
  void aBinaryPayloadFromMosquittoPubArrivesByteExact() throws Exception {
    broker = new MosquittoBroker();
    MqttProtocol ours = connected("interop-binary");
    List<byte[]> received = new CopyOnWriteArrayList<>();
    ours.subscribe("raw/+", 2, (topic, payload) -> received.add(payload));

    assertEquals(
        0,
        MosquittoClients.publish(broker.port(), BINARY, "-t", "raw/all", "-q", "2", "-s")
            .exitCode());

    await().atMost(DEADLINE).until(() -> received.size() == 1);
    assertArrayEquals(BINARY, received.get(0));
  }

  private void pub(String... args) {
    Result result = MosquittoClients.publish(broker.port(), null, args);
    assertEquals(0, result.exitCode(), "mosquitto_pub " + List.of(args) + ": " + result.output());
  }

  private MqttProtocol connected(String name) {
    MqttProtocol protocol =
        closing(new MqttProtocol(MqttSettings.defaults(name, broker.uri()).withCleanSession(true)));
    protocol.connect();
    return protocol;
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    closing.add(closeable);
    return closeable;
  }

  /** Every byte value once, NUL, invalid UTF-8 and line ends included. */
  private static byte[] everyByte() {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }
}
