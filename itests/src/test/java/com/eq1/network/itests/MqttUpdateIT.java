package com.eq1.network.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.PubSubManager;
import com.eq1.network.api.PubSubProtocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT bundle updated under load: one persistent-session connection to a real Mosquitto
 * publishes 10,000 QoS 1 messages through {@link PubSubManager} to a topic its own consumer is
 * subscribed to, and the bundle is updated and refreshed midway. Outbound messages wait in the
 * manager's hold queue during the gap, inbound ones in the broker's session; the consumer
 * subscribes once, before the traffic, and never again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MqttUpdateIT extends Eq1TestSupport {

  private static final Logger LOG = LoggerFactory.getLogger(MqttUpdateIT.class);

  private static final String MQTT_BSN = "com.eq1.network.mqtt";
  private static final String FACTORY_PID = "com.eq1.network.mqtt";
  private static final String NAME = "plant";
  private static final String CLIENT_ID = "eq1-it-plant-update";
  private static final String FILTER = "plant/+/seq";
  private static final String TOPIC = "plant/line1/seq";
  private static final String PROBE_TOPIC = "plant/probe/seq";
  private static final int TOTAL = 10_000;
  private static final int UPDATE_AT = 3_000;

  /** Messages per publisher tick; with {@link #TICK} about 2,000 a second, 5 s in all. */
  private static final int BATCH = 20;

  private static final Duration TICK = Duration.ofMillis(10);
  private static final Duration ALL_RECEIVED = Duration.ofSeconds(60);

  @Inject private PubSubManager pubSubManager;
  @Inject private ConfigurationAdmin configurationAdmin;
  @Inject private FeaturesService featuresService;

  @Test
  public void tenThousandQos1MessagesSurviveABundleUpdateWithoutResubscribing() throws Exception {
    // Mosquitto's default max_queued_messages (1000 per client) drops QoS 1 messages when the
    // burst of held publishes comes back after the swap: measured is our side, not that limit
    try (Mosquitto mosquitto = new Mosquitto(List.of("max_queued_messages 0"))) {
      featuresService.installFeature("eq1-mqtt", EnumSet.noneOf(FeaturesService.Option.class));
      Map<Integer, Integer> received = new ConcurrentHashMap<>();
      AtomicBoolean probed = new AtomicBoolean();
      // the only subscription of the whole test
      pubSubManager.subscribe(
          NAME,
          FILTER,
          1,
          (topic, payload) -> {
            if (PROBE_TOPIC.equals(topic)) {
              probed.set(true);
            } else {
              received.merge(Integer.valueOf(text(payload)), 1, Integer::sum);
            }
          });
      Configuration config =
          configurationAdmin.getFactoryConfiguration(FACTORY_PID, "it-update", "?");
      config.update(
          new Hashtable<>(
              Map.of(
                  "eq1.name",
                  NAME,
                  "broker",
                  mosquitto.uri(),
                  "clientId",
                  CLIENT_ID,
                  "cleanSession",
                  false,
                  "reconnectInitialMillis",
                  50L,
                  "reconnectMaxMillis",
                  500L)));
      ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
      try {
        awaitConnection(pubSubManager, NAME, i -> i.state() == ConnectionState.CONNECTED);
        Awaitility.await()
            .atMost(DEADLINE)
            .until(
                () -> {
                  pubSubManager.publish(NAME, PROBE_TOPIC, "probe", 1, false);
                  return probed.get();
                });
        PubSubProtocol before = pubSubManager.protocol(NAME).orElseThrow();
        long serviceBefore = serviceId(awaitService(PubSubProtocol.class, NAME));
        Set<Thread> oldThreads = mqttThreads();
        Map<String, Long> kindsBefore = kinds(oldThreads);

        Publisher traffic = new Publisher();
        publisher.scheduleAtFixedRate(traffic, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        Awaitility.await().atMost(DEADLINE).until(() -> traffic.attempted.get() >= UPDATE_AT);
        long updateStart = System.nanoTime();
        int publishedAtUpdate = traffic.attempted.get();
        updateAndRefresh(bundle(MQTT_BSN));
        long updateMillis = (System.nanoTime() - updateStart) / 1_000_000;
        int publishedAfterUpdate = traffic.attempted.get();

        assertTrue(
            "publisher finished", traffic.done.await(ALL_RECEIVED.toSeconds(), TimeUnit.SECONDS));
        awaitQuietly(ALL_RECEIVED, () -> received.size() >= TOTAL);
        long receivedMillis = (System.nanoTime() - updateStart) / 1_000_000;
        List<Integer> lost =
            IntStream.range(0, TOTAL).filter(i -> !received.containsKey(i)).boxed().toList();
        int duplicates = received.values().stream().mapToInt(n -> n - 1).sum();
        // the old connection's threads end; the new one has the same set, once each
        awaitQuietly(DEADLINE, () -> oldThreads.stream().noneMatch(Thread::isAlive));
        awaitQuietly(DEADLINE, () -> kinds(mqttThreads()).equals(kindsBefore));
        List<String> oldAlive =
            oldThreads.stream().filter(Thread::isAlive).map(Thread::getName).sorted().toList();
        Map<String, Long> kindsAfter = kinds(mqttThreads());
        ConnectionInfo info = pubSubManager.connection(NAME).orElseThrow();
        LOG.info(
            "MqttUpdateIT: update+refresh {} ms (published {} before, {} after it); {} ms from"
                + " the update to the end of the wait",
            updateMillis,
            publishedAtUpdate,
            publishedAfterUpdate,
            receivedMillis);
        LOG.info(
            "MqttUpdateIT: received {} distinct of {}, lost {} {}, duplicates {}, publisher"
                + " failures {}",
            received.size(),
            TOTAL,
            lost.size(),
            summary(lost),
            duplicates,
            traffic.failures.size());
        LOG.info("MqttUpdateIT: old threads alive {}", oldAlive);
        LOG.info("MqttUpdateIT: threads before {}", kindsBefore);
        LOG.info("MqttUpdateIT: threads after {}", kindsAfter);
        LOG.info("MqttUpdateIT: {}", info);

        assertEquals(
            "publishes that threw, first: " + traffic.failures.stream().limit(3).toList(),
            0,
            traffic.failures.size());
        assertEquals(
            "lost messages (duplicates " + duplicates + "), first: " + summary(lost),
            0,
            lost.size());
        assertEquals("held messages expired", 0, info.expired());
        assertEquals(ConnectionState.CONNECTED, info.state());
        assertEquals(
            "the consumer's one subscription, kept by the manager", 1, info.subscriptions());
        assertNotSame(
            "a new protocol instance", before, pubSubManager.protocol(NAME).orElseThrow());
        assertNotEquals(
            "the service was replaced",
            serviceBefore,
            serviceId(awaitService(PubSubProtocol.class, NAME)));
        assertEquals("threads of the old connection still alive", List.of(), oldAlive);
        assertEquals("MQTT threads by kind, before and after", kindsBefore, kindsAfter);
      } finally {
        publisher.shutdownNow();
        publisher.awaitTermination(10, TimeUnit.SECONDS);
        config.delete();
      }
    }
  }

  /**
   * Publishes {@link #BATCH} distinct messages per run until {@link #TOTAL}; records what throws
   * and goes on, so that the test can tell how many calls failed.
   */
  private final class Publisher implements Runnable {

    final AtomicInteger attempted = new AtomicInteger();
    final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
    final CountDownLatch done = new CountDownLatch(1);

    @Override
    public void run() {
      for (int k = 0; k < BATCH && attempted.get() < TOTAL; k++) {
        int i = attempted.get();
        try {
          pubSubManager.publish(NAME, TOPIC, Integer.toString(i), 1, false);
        } catch (RuntimeException e) {
          failures.add(e);
        }
        attempted.incrementAndGet();
      }
      if (attempted.get() >= TOTAL) {
        done.countDown();
      }
    }
  }

  /** The threads of MQTT connections: ours by name prefix, Paho's by their client id. */
  private static Set<Thread> mqttThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(
            t ->
                t.getName().startsWith("eq1-mqtt-")
                    || (t.getName().startsWith("MQTT ") && t.getName().endsWith(CLIENT_ID)))
        .collect(Collectors.toSet());
  }

  /**
   * How many threads of each kind: the name without a trailing {@code -<n>}. Delivery lane threads
   * come and go with the traffic (they end after 30 s idle), so they are left out: for them the
   * check is that none of the old ones is alive.
   */
  private static Map<String, Long> kinds(Set<Thread> threads) {
    return threads.stream()
        .map(t -> t.getName().replaceFirst("-\\d+$", ""))
        .filter(kind -> !kind.endsWith("-delivery"))
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  /** Waits for {@code condition} up to {@code deadline}; the assertions after it say the rest. */
  private static void awaitQuietly(Duration deadline, Callable<Boolean> condition) {
    try {
      Awaitility.await().atMost(deadline).until(condition);
    } catch (ConditionTimeoutException e) {
      LOG.info("MqttUpdateIT: condition not met within {}", deadline);
    }
  }

  private static String summary(List<Integer> lost) {
    return lost.size() <= 20 ? lost.toString() : lost.subList(0, 20) + " ...";
  }

  private static String text(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
