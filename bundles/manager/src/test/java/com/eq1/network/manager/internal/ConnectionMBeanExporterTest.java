package com.eq1.network.manager.internal;

import static com.eq1.network.manager.internal.JmxTestBed.DEADLINE;
import static com.eq1.network.manager.internal.JmxTestBed.SERVER;
import static com.eq1.network.manager.internal.JmxTestBed.attribute;
import static com.eq1.network.manager.internal.JmxTestBed.name;
import static com.eq1.network.manager.internal.JmxTestBed.registered;
import static com.eq1.network.manager.internal.JmxTestBed.service;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.loopback.LoopbackPubSubProtocol;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which connection MBeans the exporter keeps registered, and when. */
class ConnectionMBeanExporterTest {

  private final JmxTestBed bed = new JmxTestBed(Duration.ofMinutes(1));

  @AfterEach
  void tearDown() throws Exception {
    bed.close();
  }

  @Test
  void theObjectNameIsTheIssuesAndOnlyAnInvalidNameIsQuoted() {
    assertEquals(
        "com.eq1.network:type=Connection,name=plc-1.a_B",
        ConnectionMBeanExporter.objectName("plc-1.a_B").toString());
    assertEquals(
        "\"odd,name\"", ConnectionMBeanExporter.objectName("odd,name").getKeyProperty("name"));
  }

  @Test
  void anMBeanAppearsForAProtocolTheManagersKnow() throws Exception {
    String name = name("plc");
    bed.reqRes.register(name, bed.echo(name));

    bed.exporter(bed.manager, Duration.ZERO);

    assertTrue(registered(name));
    assertEquals("PRESENT", attribute(name, "Presence"));
  }

  @Test
  void aNameIsRegisteredWhenEitherTheServiceOrTheManagersKnowIt() throws Exception {
    ConnectionMBeanExporter exporter = bed.exporter(bed.manager, Duration.ZERO);
    String serviceFirst = name("service-first");
    LoopbackReqResProtocol early = bed.echo(serviceFirst);

    exporter.bindReqRes(early, service(serviceFirst));
    assertTrue(registered(serviceFirst));
    assertEquals("ABSENT", attribute(serviceFirst, "Presence"));
    assertEquals("REQ_RES", attribute(serviceFirst, "Kind"));
    bed.reqRes.register(serviceFirst, early);
    assertEquals("PRESENT", attribute(serviceFirst, "Presence"));

    String managersFirst = name("managers-first");
    LoopbackPubSubProtocol late = bed.bus(managersFirst);
    bed.pubSub.register(managersFirst, late);
    assertFalse(registered(managersFirst), "no event told the exporter yet");
    exporter.bindPubSub(late, service(managersFirst));
    assertTrue(registered(managersFirst));
    assertEquals("PUB_SUB", attribute(managersFirst, "Kind"));
  }

  @Test
  void theMBeanStaysThroughAHotSwapInEitherOrderOfEvents() throws Exception {
    String name = name("swap");
    ObjectName objectName = ConnectionMBeanExporter.objectName(name);
    List<String> events = new CopyOnWriteArrayList<>();
    NotificationListener recorder =
        (notification, handback) -> {
          if (notification instanceof MBeanServerNotification n
              && n.getMBeanName().equals(objectName)) {
            events.add(n.getType());
          }
        };
    SERVER.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, recorder, null, null);
    try {
      ConnectionMBeanExporter exporter = bed.exporter(bed.manager, Duration.ZERO);
      LoopbackPubSubProtocol first = bed.bus(name);
      exporter.bindPubSub(first, service(name));
      bed.pubSub.register(name, first);

      // the exporter hears of the update before the managers
      exporter.unbindPubSub(first);
      assertTrue(registered(name));
      bed.pubSub.unregister(name);
      exporter.reconcile();
      assertEquals("SWAPPING", attribute(name, "Presence"));
      LoopbackPubSubProtocol second = bed.bus(name);
      exporter.bindPubSub(second, service(name));
      bed.pubSub.register(name, second);
      assertEquals("PRESENT", attribute(name, "Presence"));

      // the managers hear of the next update first
      bed.pubSub.unregister(name);
      exporter.unbindPubSub(second);
      assertEquals("SWAPPING", attribute(name, "Presence"));
      LoopbackPubSubProtocol third = bed.bus(name);
      bed.pubSub.register(name, third);
      third.connect();
      third.publish("t", new byte[7], 0, false);
      exporter.bindPubSub(third, service(name));

      assertEquals(7L, attribute(name, "BytesOut"));
      assertEquals(List.of(MBeanServerNotification.REGISTRATION_NOTIFICATION), events);
    } finally {
      SERVER.removeNotificationListener(MBeanServerDelegate.DELEGATE_NAME, recorder);
    }
  }

  @Test
  void theMBeanStaysWhileTheManagersListANameWhoseProtocolDidNotReturn() throws Exception {
    try (JmxTestBed impatient = new JmxTestBed(Duration.ZERO)) {
      String name = name("gone");
      LoopbackReqResProtocol protocol = impatient.echo(name);
      ConnectionMBeanExporter exporter = impatient.exporter(impatient.manager, Duration.ZERO);
      impatient.reqRes.register(name, protocol);
      exporter.bindReqRes(protocol, service(name));
      impatient.reqRes.connect(name);

      exporter.unbindReqRes(protocol);
      impatient.reqRes.unregister(name);
      exporter.reconcile();

      assertTrue(registered(name), "the connect request is desired state the managers keep");
      assertEquals("ABSENT", attribute(name, "Presence"));
      assertEquals("loopback-reqres", attribute(name, "Protocol"));
    }
  }

  @Test
  void theMBeanGoesWhenTheProtocolIsGoneAndNothingIsDesiredForTheName() throws Exception {
    try (JmxTestBed impatient = new JmxTestBed(Duration.ZERO)) {
      String name = name("deleted");
      LoopbackReqResProtocol protocol = impatient.echo(name);
      ConnectionMBeanExporter exporter = impatient.exporter(impatient.manager, Duration.ZERO);
      impatient.reqRes.register(name, protocol);
      exporter.bindReqRes(protocol, service(name));
      assertTrue(registered(name));

      exporter.unbindReqRes(protocol);
      impatient.reqRes.unregister(name);
      exporter.reconcile();

      assertFalse(registered(name), "a deleted connection nobody uses is no MBean any more");
      assertTrue(impatient.manager.connection(name).isPresent(), "the managers still know it");
    }
  }

  @Test
  void theMBeanGoesWhenNeitherTheManagersNorAServiceKnowTheName() throws Exception {
    Set<String> forgotten = ConcurrentHashMap.newKeySet();
    ProtocolManager forgetful = forgetting(bed.manager, forgotten);
    ConnectionMBeanExporter exporter = bed.exporter(forgetful, Duration.ZERO);
    String name = name("forgotten");
    LoopbackReqResProtocol protocol = bed.echo(name);
    bed.reqRes.register(name, protocol);
    exporter.bindReqRes(protocol, service(name));

    forgotten.add(name);
    exporter.reconcile();
    assertTrue(registered(name), "the service still carries the name");
    assertEquals("ABSENT", attribute(name, "Presence"));
    assertEquals("REQ_RES", attribute(name, "Kind"));

    exporter.unbindReqRes(protocol);
    assertFalse(registered(name));
  }

  @Test
  void aServiceNamesItsConnectionByPropertyOrByItselfAndAnInvalidNameIsIgnored() {
    ConnectionMBeanExporter exporter = bed.exporter(bed.manager, Duration.ZERO);
    String byProperty = name("by-property");
    String renamed = name("renamed");
    LoopbackReqResProtocol protocol = bed.echo(name("internal"));
    LoopbackPubSubProtocol plain = bed.bus(name("plain"));

    exporter.bindReqRes(protocol, service(byProperty));
    exporter.bindPubSub(plain, Map.of());
    assertTrue(registered(byProperty));
    assertFalse(registered(protocol.name()));
    assertTrue(registered(plain.name()));

    // an updated eq1.name moves the MBean; an invalid one removes it
    exporter.bindReqRes(protocol, service(renamed));
    assertFalse(registered(byProperty));
    assertTrue(registered(renamed));
    exporter.bindReqRes(protocol, Map.of(ProtocolProperties.NAME, "not valid!"));
    assertFalse(registered(renamed));
    assertFalse(SERVER.isRegistered(ConnectionMBeanExporter.objectName("not valid!")));

    exporter.unbindPubSub(plain);
    assertFalse(registered(plain.name()));
  }

  @Test
  void closeUnregistersEveryMBeanAndLaterEventsDoNothing() throws Exception {
    String one = name("one");
    String two = name("two");
    bed.reqRes.register(one, bed.echo(one));
    bed.pubSub.register(two, bed.bus(two));
    ConnectionMBeanExporter exporter = bed.exporter(bed.manager, Duration.ZERO);
    assertTrue(registered(one) && registered(two));

    exporter.close();

    assertFalse(registered(one));
    assertFalse(registered(two));
    String three = name("three");
    exporter.bindReqRes(bed.echo(three), service(three));
    exporter.reconcile();
    assertFalse(registered(three));
    assertFalse(registered(one));
    exporter.close();
  }

  @Test
  void anMBeanSomeoneElseUnregisteredIsRestoredAndCloseToleratesItsAbsence() throws Exception {
    String name = name("restored");
    bed.reqRes.register(name, bed.echo(name));
    ConnectionMBeanExporter exporter = bed.exporter(bed.manager, Duration.ZERO);

    SERVER.unregisterMBean(ConnectionMBeanExporter.objectName(name));
    exporter.reconcile();
    assertTrue(registered(name));

    SERVER.unregisterMBean(ConnectionMBeanExporter.objectName(name));
    exporter.close();
    assertFalse(registered(name));
  }

  @Test
  void thePlainConstructorRegistersInThePlatformServer() throws Exception {
    String name = name("plain");
    bed.pubSub.subscribe(name, "t", (topic, payload) -> {});

    try (ConnectionMBeanExporter exporter = new ConnectionMBeanExporter(bed.manager)) {
      assertTrue(
          java.lang.management.ManagementFactory.getPlatformMBeanServer()
              .isRegistered(ConnectionMBeanExporter.objectName(name)));
      assertEquals(1, attribute(name, "Subscriptions"));
    }
    assertFalse(registered(name));
  }

  /** A view of {@code manager} in which the names in {@code forgotten} do not exist. */
  static ProtocolManager forgetting(ProtocolManager manager, Set<String> forgotten) {
    return new ProtocolManager() {
      @Override
      public Optional<BaseProtocol> getProtocol(String name) {
        return forgotten.contains(name) ? Optional.empty() : manager.getProtocol(name);
      }

      @Override
      public Optional<ConnectionInfo> connection(String name) {
        return forgotten.contains(name) ? Optional.empty() : manager.connection(name);
      }

      @Override
      public List<ConnectionInfo> connections() {
        return manager.connections().stream()
            .filter(info -> !forgotten.contains(info.name()))
            .toList();
      }
    };
  }

  private static Set<Thread> sweepThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("eq1-jmx-connections-"))
        .collect(Collectors.toSet());
  }

  @Test
  void aSweepPicksUpNamesLearnedWithoutAServiceEventOnItsOwnNamedThread() {
    Set<Thread> before = sweepThreads();
    ConnectionMBeanExporter exporter = bed.exporter(bed.manager, Duration.ofMillis(20));
    String name = name("swept");
    assertFalse(registered(name));

    bed.pubSub.subscribe(name, "t", (topic, payload) -> {});

    await().atMost(DEADLINE).until(() -> registered(name));
    Set<Thread> started = sweepThreads();
    started.removeAll(before);
    assertEquals(1, started.size(), started.toString());
    exporter.close();
    assertFalse(registered(name));
    // the executor reports termination a moment before its thread has returned
    await().atMost(DEADLINE).until(() -> started.stream().noneMatch(Thread::isAlive));
  }
}
