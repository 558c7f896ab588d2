package com.eq1.network.manager.internal;

import static com.eq1.network.manager.internal.JmxTestBed.DEADLINE;
import static com.eq1.network.manager.internal.JmxTestBed.SERVER;
import static com.eq1.network.manager.internal.JmxTestBed.attribute;
import static com.eq1.network.manager.internal.JmxTestBed.name;
import static com.eq1.network.manager.internal.JmxTestBed.registered;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.Presence;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the exporter does when the MBean server or the managers let it down. */
class ConnectionMBeanFailureTest {

  private final JmxTestBed bed = new JmxTestBed(Duration.ofMinutes(1));

  @AfterEach
  void tearDown() throws Exception {
    bed.close();
  }

  /** Runs {@code action} and returns what it wrote to {@code System.err}, where tests log. */
  private static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anMBeanAStaleInstanceHoldsIsLoggedOnceAtWarnAndTakenOverOnceItIsGone() throws Exception {
    String name = name("stale");
    bed.reqRes.register(name, bed.echo(name));
    ConnectionMBeanExporter stale = bed.exporter(bed.manager, Duration.ZERO);
    AtomicReference<ConnectionMBeanExporter> fresh = new AtomicReference<>();

    String log =
        stderrOf(
            () -> {
              fresh.set(assertDoesNotThrow(() -> bed.exporter(bed.manager, Duration.ZERO)));
              fresh.get().reconcile();
              fresh.get().reconcile();
            });

    assertEquals(
        1,
        log.lines()
            .filter(line -> line.contains("WARN") && line.contains("ConnectionMBeanExporter"))
            .count(),
        log);
    assertTrue(log.contains(ConnectionMBeanExporter.objectName(name) + " not registered"), log);
    fresh.get().close();
    assertTrue(registered(name), "closing the fresh instance left the stale one's MBean alone");

    ConnectionMBeanExporter taker = bed.exporter(bed.manager, Duration.ZERO);
    stale.close();
    taker.reconcile();
    assertTrue(registered(name));
    taker.close();
    assertFalse(registered(name));
  }

  @Test
  void aSweepThatFailsIsLoggedAndTheNextOneRuns() {
    String name = name("after-failure");
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    ProtocolManager flaky =
        new ProtocolManager() {
          @Override
          public Optional<BaseProtocol> getProtocol(String n) {
            return Optional.empty();
          }

          @Override
          public Optional<ConnectionInfo> connection(String n) {
            return Optional.empty();
          }

          @Override
          public List<ConnectionInfo> connections() {
            // the constructor finds nothing, the first sweep fails, the next one finds the name (a
            // subscription made before any protocol appeared)
            int call = calls.incrementAndGet();
            if (call == 1) {
              return List.of();
            }
            if (call == 2) {
              failures.incrementAndGet();
              throw new IllegalStateException("managers stopping");
            }
            return List.of(
                new ConnectionInfo(
                    name,
                    ProtocolKind.PUB_SUB,
                    null,
                    Presence.ABSENT,
                    ConnectionState.DISCONNECTED,
                    null,
                    1,
                    0,
                    0));
          }
        };

    bed.exporter(flaky, Duration.ofMillis(10));

    await().atMost(DEADLINE).until(() -> registered(name));
    assertEquals(1, failures.get());
  }

  @Test
  void aNameOnlyAForeignManagerCouldHoldIsRegisteredQuoted() throws Exception {
    String odd = "odd,name=" + name("x");
    ProtocolManager foreign =
        new ProtocolManager() {
          @Override
          public Optional<BaseProtocol> getProtocol(String n) {
            return Optional.empty();
          }

          @Override
          public Optional<ConnectionInfo> connection(String n) {
            return Optional.empty();
          }

          @Override
          public List<ConnectionInfo> connections() {
            return List.of(
                new ConnectionInfo(
                    odd,
                    ProtocolKind.REQ_RES,
                    null,
                    Presence.PRESENT,
                    ConnectionState.DISCONNECTED,
                    null,
                    0,
                    0,
                    0));
          }
        };

    bed.exporter(foreign, Duration.ZERO);

    assertTrue(SERVER.isRegistered(ConnectionMBeanExporter.objectName(odd)));
    assertEquals(odd, attribute(odd, "Name"));
  }
}
