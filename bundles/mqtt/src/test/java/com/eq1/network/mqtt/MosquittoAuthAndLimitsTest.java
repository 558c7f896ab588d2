package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.AuthenticationException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mosquitto's password file and packet size limits against our connection. What Mosquitto 2.0.11
 * answers, as observed: a wrong password, and no user name where anonymous clients are refused,
 * both get CONNACK return code 5 ("not authorised"), never 4; a publish over {@code
 * message_size_limit} is acknowledged as usual (PUBACK, PUBREC/PUBCOMP) and then silently dropped,
 * the connection stays up; a packet over {@code max_packet_size} costs the connection.
 */
class MosquittoAuthAndLimitsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final String USER = "eq1-cell";
  private static final String PASSWORD = "s3cret:with spaces & ümlauts";
  private static final int BROKER_LIMIT = 1024;

  /** A connection attempt seen by the broker: one line per TCP connection. */
  private static final Pattern CONNECTION = Pattern.compile("New connection from 127\\.0\\.0\\.1");

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
  void aWrongPasswordIsRefusedWithTheBrokersCodeAndTheRightOneConnects() throws Exception {
    broker = passwordProtected();
    MqttProtocol wrong = closing(new MqttProtocol(settings("wrong").withCredentials(USER, "nope")));
    AuthenticationException refused = assertThrows(AuthenticationException.class, wrong::connect);
    // Mosquitto 2 answers 5 (not authorised) to a bad password; 4 would also be a refusal
    assertTrue(refused.getMessage().contains("code 5"), refused.getMessage());
    assertTrue(refused.getMessage().toLowerCase().contains("not authori"), refused.getMessage());
    assertEquals(Optional.of("wrong"), refused.connectionName());
    assertFalse(refused.getMessage().contains("nope"), "the password stays out of the message");

    MqttProtocol anonymous = closing(new MqttProtocol(settings("anonymous")));
    AuthenticationException noUser =
        assertThrows(AuthenticationException.class, anonymous::connect);
    assertTrue(noUser.getMessage().contains("code 5"), noUser.getMessage());

    MqttProtocol right =
        closing(new MqttProtocol(settings("right").withCredentials(USER, PASSWORD)));
    right.connect();
    List<String> received = new CopyOnWriteArrayList<>();
    right.subscribe("auth/echo", 1, (topic, payload) -> received.add(text(payload)));
    right.publish("auth/echo", "let in", 1, false);
    await().atMost(DEADLINE).until(() -> received.equals(List.of("let in")));
    assertTrue(broker.log().contains("u'" + USER + "'"), "the broker saw our user name");
  }

  /**
   * After {@code connect()} is refused the connection keeps trying in the background with its
   * jittered backoff. What is counted: the broker's "New connection from" log lines, one per TCP
   * connection, that is one per CONNECT our client sends (the single broker URI means no other
   * connections). The bound comes from the settings: a full-jitter delay before retry {@code i} is
   * uniform in {@code [0, c_i]} with {@code c_i = min(max, initial × 2^i)}, so {@code k} retries
   * fit into {@code t} only if {@code d_0 + … + d_{k-1} ≤ t}, whose probability is at most {@code
   * t^k / (k! × c_0 × … × c_{k-1})} (the simplex's volume over the box's). The test allows every
   * {@code k} for which that is at least one in a million; a loop without backoff would make
   * hundreds.
   */
  @Test
  void aRefusedConnectionRetriesNoFasterThanItsBackoffAllows() throws Exception {
    broker = passwordProtected();
    ReconnectSettings backoff =
        new ReconnectSettings(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(5));
    Duration window = Duration.ofSeconds(5);
    MqttProtocol wrong =
        closing(
            new MqttProtocol(
                settings("storm")
                    .withCredentials(USER, "wrong")
                    .withLink(QueueSettings.DEFAULT, backoff)));
    int before = count(broker.log());
    long start = System.nanoTime();

    assertThrows(AuthenticationException.class, wrong::connect);
    await()
        .during(window)
        .atMost(window.plusSeconds(2))
        .until(() -> wrong.state() == ConnectionState.RECONNECTING);
    int attempts = count(broker.log()) - before;
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    int mostRetries = mostRetries(backoff, elapsed, 1e-6);
    int leastRetries = leastRetries(backoff, window, Duration.ofMillis(500));
    String seen =
        attempts + " CONNECTs in " + elapsed.toMillis() + " ms; " + wrong.statistics().toString();
    assertTrue(attempts <= 1 + mostRetries, seen + ", allowed 1 + " + mostRetries);
    assertTrue(attempts >= 1 + leastRetries, seen + ", the backoff owes 1 + " + leastRetries);
    assertTrue(
        Math.abs(wrong.statistics().errors() - attempts) <= 1,
        "each refused attempt is counted as an error: " + seen);
    assertEquals(0, wrong.statistics().reconnects());
  }

  @Test
  void aPayloadOverOurLimitIsRefusedBeforeSendingAndTheConnectionGoesOn() throws Exception {
    broker = limited();
    MqttProtocol ours =
        closing(new MqttProtocol(settings("limit").toBuilder().maxPayload(BROKER_LIMIT).build()));
    ours.connect();
    List<byte[]> received = new CopyOnWriteArrayList<>();
    ours.subscribe("limit/#", 1, (topic, payload) -> received.add(payload));

    OversizedPacketException refused =
        assertThrows(
            OversizedPacketException.class,
            () -> ours.publish("limit/big", new byte[BROKER_LIMIT + 1], 1, false));
    assertEquals(BROKER_LIMIT + 1, refused.size());
    assertEquals(BROKER_LIMIT, refused.limit());
    assertEquals(Optional.of("limit"), refused.connectionName());
    assertEquals(0, ours.statistics().messagesOut(), "nothing went to the wire");

    byte[] atTheLimit = new byte[BROKER_LIMIT];
    Arrays.fill(atTheLimit, (byte) 'x');
    ours.publish("limit/exact", atTheLimit, 1, false);
    await().atMost(DEADLINE).until(() -> received.size() == 1);
    assertArrayEquals(atTheLimit, received.get(0), "exactly the limit is allowed on both sides");
    assertEquals(ConnectionState.CONNECTED, ours.state());
  }

  /**
   * Without our limit, Mosquitto 2.0 (MQTT 3.1.1) acknowledges a publish over {@code
   * message_size_limit} and drops it without a word: no disconnect, no error to the publisher, the
   * subscriber never sees it. Later messages flow as before.
   */
  @ParameterizedTest(name = "QoS {0}")
  @ValueSource(ints = {0, 1, 2})
  void aPayloadOverOnlyTheBrokersLimitIsDroppedSilentlyAndTheConnectionRecovers(int qos)
      throws Exception {
    broker = limited();
    MqttProtocol ours = closing(new MqttProtocol(settings("unlimited")));
    ours.connect();
    List<String> received = watch();

    ours.publish("limit/big", new byte[BROKER_LIMIT + 1], qos, false);
    ours.publish("limit/after", "still flowing", qos, false);

    await().atMost(DEADLINE).until(() -> received.contains("limit/after 13"));
    assertEquals(List.of("limit/after 13"), received, "the oversized one was dropped");
    assertEquals(ConnectionState.CONNECTED, ours.state(), "Mosquitto did not disconnect us");
    assertEquals(0, ours.statistics().reconnects());
    assertEquals(2, ours.statistics().messagesOut(), "our side believes both were sent");
    ours.publish("limit/later", "and later", qos, false);
    await().atMost(DEADLINE).until(() -> received.contains("limit/later 9"));
  }

  /**
   * Mosquitto's {@code max_packet_size} (which its start-up note recommends over {@code
   * message_size_limit}) is harsher: the client is disconnected ("disconnected due to oversize
   * packet"). At QoS 0 nothing is kept, so that costs one reconnect and traffic flows again.
   */
  @Test
  void aQos0PacketOverMosquittosMaxPacketSizeCostsOneReconnect() throws Exception {
    broker = maxPacketSize();
    MqttProtocol ours = closing(new MqttProtocol(flapping("packet-0")));
    ours.connect();
    List<String> received = watch();

    ours.publish("limit/big", new byte[BROKER_LIMIT + 1], 0, false);
    await().atMost(DEADLINE).until(() -> ours.statistics().reconnects() == 1);
    await().atMost(DEADLINE).until(ours::isConnected);
    ours.publish("limit/after", "still flowing", 0, false);

    await().atMost(DEADLINE).until(() -> received.contains("limit/after 13"));
    assertEquals(List.of("limit/after 13"), received);
    assertEquals(1, oversizeDisconnects(), "the message was not sent again");
  }

  /**
   * At QoS 1 and 2 with a persistent session (our default), MQTT makes the client send the
   * unacknowledged oversized publish again after every reconnect, and Mosquitto disconnects it
   * again: the link flaps for as long as the session lives. Each reconnect itself succeeds, so this
   * only stays a trickle if the backoff also grows for a link that drops again before it was stable
   * ({@code reconnectStableMillis}); the bound is {@link #mostRetries}' as for refused connects.
   */
  @ParameterizedTest(name = "QoS {0}")
  @ValueSource(ints = {1, 2})
  void aPoisonedPersistentSessionFlapsNoFasterThanTheBackoffAllows(int qos) throws Exception {
    broker = maxPacketSize();
    MqttProtocol ours = closing(new MqttProtocol(flapping("packet-" + qos)));
    ours.connect();
    Duration window = Duration.ofSeconds(10);
    long start = System.nanoTime();

    ours.publish("limit/big", new byte[BROKER_LIMIT + 1], qos, false);
    await().atMost(DEADLINE).until(() -> ours.statistics().reconnects() >= 1);
    await()
        .pollDelay(window.minusNanos(System.nanoTime() - start))
        .atMost(window)
        .until(() -> ours.state() != ConnectionState.CLOSED);
    int flaps = oversizeDisconnects();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    int allowed = 1 + mostRetries(ours.settings().reconnect(), elapsed, 1e-6);
    assertTrue(
        flaps <= allowed,
        flaps
            + " oversize disconnects in "
            + elapsed.toMillis()
            + " ms, allowed "
            + allowed
            + "; "
            + ours.statistics());
  }

  private MqttSettings flapping(String name) {
    return settings(name).toBuilder()
        .connectTimeout(Duration.ofSeconds(1)) // an attempt Paho never completes costs 1 s, not 10
        .build()
        .withCleanSession(false)
        .withLink(
            QueueSettings.DEFAULT,
            new ReconnectSettings(
                Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofSeconds(5)));
  }

  private List<String> watch() {
    MqttProtocol watcher = closing(new MqttProtocol(settings("watcher")));
    watcher.connect();
    List<String> received = new CopyOnWriteArrayList<>();
    watcher.subscribe("limit/#", 2, (topic, payload) -> received.add(topic + " " + payload.length));
    return received;
  }

  private int oversizeDisconnects() throws IOException {
    return broker.log().split("disconnected due to oversize packet", -1).length - 1;
  }

  private MosquittoBroker maxPacketSize() throws Exception {
    return new MosquittoBroker(
        dir -> List.of("allow_anonymous true", "max_packet_size " + BROKER_LIMIT));
  }

  private MosquittoBroker passwordProtected() throws Exception {
    return new MosquittoBroker(
        dir -> {
          MosquittoClients.createPasswordFile(dir.resolve("passwords"), USER, PASSWORD);
          return List.of("allow_anonymous false", "password_file " + dir.resolve("passwords"));
        });
  }

  private MosquittoBroker limited() throws Exception {
    return new MosquittoBroker(
        dir -> List.of("allow_anonymous true", "message_size_limit " + BROKER_LIMIT));
  }

  private MqttSettings settings(String name) {
    return MqttSettings.defaults(name, broker.uri()).withCleanSession(true);
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    closing.add(closeable);
    return closeable;
  }

  private static int count(String log) {
    Matcher matcher = CONNECTION.matcher(log);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }

  /** The most retries whose chance of fitting into {@code window} is at least {@code chance}. */
  static int mostRetries(ReconnectSettings backoff, Duration window, double chance) {
    double t = window.toNanos();
    double logChance = 0;
    for (int k = 1; ; k++) {
      logChance += Math.log(t) - Math.log(k) - Math.log(backoff.ceilingNanos(k - 1));
      if (logChance < Math.log(chance)) {
        return k - 1;
      }
    }
  }

  /** The retries that must happen in {@code window} even if every delay is its ceiling. */
  static int leastRetries(ReconnectSettings backoff, Duration window, Duration perAttempt) {
    long used = 0;
    int k = 0;
    while (true) {
      used += backoff.ceilingNanos(k) + perAttempt.toNanos();
      if (used > window.toNanos()) {
        return k;
      }
      k++;
    }
  }

  private static String text(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
