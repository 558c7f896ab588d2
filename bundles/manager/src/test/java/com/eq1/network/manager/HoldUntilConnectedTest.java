package com.eq1.network.manager;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.Presence;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.loopback.LoopbackBroker;
import com.eq1.network.loopback.LoopbackPubSubProtocol;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A protocol that (re)appears disconnected gets no traffic until it connects: the manager keeps
 * holding it, so that a short-lived instance (a bundle update followed by a refresh) cannot take
 * held messages along when it goes again. Real loopback protocols, bound as services.
 */
class HoldUntilConnectedTest {

  private static final String PLANT = "plant";
  private static final String TOPIC = "plant/t";
  private static final Duration LONG_GRACE = Duration.ofMinutes(1);
  private static final Duration QUIET = Duration.ofMillis(300);
  private static final Duration PROMPTLY = Duration.ofSeconds(5);

  private final LoopbackBroker broker = new LoopbackBroker();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  private <T extends AutoCloseable> T track(T closeable) {
    closeables.add(0, closeable);
    return closeable;
  }

  private DefaultPubSubManager pubSub(Duration grace) {
    return track(new DefaultPubSubManager(settings(grace)));
  }

  private static ManagerSettings settings(Duration grace) {
    return new ManagerSettings(grace, 100, OverflowPolicy.REJECT_NEWEST);
  }

  private static Map<String, Object> named(String name, String type) {
    return Map.of(ProtocolProperties.NAME, name, ProtocolProperties.PROTOCOL, type);
  }

  private static Map<String, Object> plant() {
    return named(PLANT, LoopbackPubSubProtocol.PROTOCOL_TYPE);
  }

  private LoopbackPubSubProtocol idle() {
    return track(new LoopbackPubSubProtocol(PLANT, broker));
  }

  private LoopbackPubSubProtocol connected() {
    LoopbackPubSubProtocol protocol = idle();
    protocol.connect();
    return protocol;
  }

  /** A subscriber of its own on the loopback bus: sees what reaches the bus, in order. */
  private Inbox bus() {
    Inbox inbox = new Inbox();
    LoopbackPubSubProtocol observer = track(new LoopbackPubSubProtocol("observer", broker));
    observer.connect();
    observer.subscribe("plant/#", 1, inbox);
    return inbox;
  }

  private static void publish(DefaultPubSubManager manager, String... payloads) {
    for (String payload : payloads) {
      manager.publish(PLANT, TOPIC, payload);
    }
  }

  private static List<String> lines(String... payloads) {
    return List.of(payloads).stream().map(payload -> TOPIC + "=" + payload).toList();
  }

  /** A connected protocol that was in use goes away (its service is unregistered, then closed). */
  private static void goAway(DefaultPubSubManager manager, LoopbackPubSubProtocol protocol) {
    manager.unbindProtocol(protocol);
    protocol.close();
  }

  private static ConnectionInfo info(ManagerBase<?, ?> manager, String name) {
    return manager.connection(name).orElseThrow();
  }

  /** Checks for a while that {@code count} messages stay held and none reach {@code protocol}. */
  private static void assertHeldBack(
      ManagerBase<?, ?> manager, String name, BaseProtocol protocol, int count) {
    await()
        .during(QUIET)
        .atMost(QUIET.plus(PROMPTLY))
        .untilAsserted(
            () -> {
              assertEquals(count, info(manager, name).held(), "held by the manager");
              assertEquals(0, protocol.statistics().queued(), "queued in the protocol");
              assertEquals(0, protocol.statistics().messagesOut(), "sent by the protocol");
            });
    assertEquals(Presence.PRESENT, info(manager, name).presence());
  }

  private static void awaitReleased(ManagerBase<?, ?> manager, String name) {
    await().atMost(PROMPTLY).until(() -> info(manager, name).held() == 0);
  }

  // --- publish/subscribe -------------------------------------------------------------------------

  @Test
  void aProtocolThatGoesBeforeConnectingTakesNoHeldMessagesAlong() throws Exception {
    DefaultPubSubManager manager = pubSub(LONG_GRACE);
    Inbox bus = bus();
    LoopbackPubSubProtocol first = connected();
    manager.bindProtocol(first, plant());
    awaitReleased(manager, PLANT);
    publish(manager, "0");
    bus.expect(TOPIC + "=0");
    goAway(manager, first);
    publish(manager, "1", "2");
    assertEquals(2, info(manager, PLANT).held());

    LoopbackPubSubProtocol shortLived = idle();
    manager.bindProtocol(shortLived, plant());
    assertHeldBack(manager, PLANT, shortLived, 2);
    publish(manager, "3", "4");
    assertHeldBack(manager, PLANT, shortLived, 4);
    manager.unbindProtocol(shortLived);
    shortLived.close();

    assertEquals(0, shortLived.statistics().expired());
    assertEquals(Presence.SWAPPING, info(manager, PLANT).presence());
    assertEquals(4, info(manager, PLANT).held());
    bus.expectNothing(50);

    manager.bindProtocol(connected(), plant());
    publish(manager, "5");

    assertEquals(lines("1", "2", "3", "4", "5"), bus.take(5, 5));
    bus.expectNothing(100);
    assertEquals(0, info(manager, PLANT).expired());
  }

  @Test
  void heldMessagesAreFlushedInOrderAsSoonAsTheProtocolConnects() throws Exception {
    DefaultPubSubManager manager = pubSub(LONG_GRACE);
    Inbox bus = bus();
    LoopbackPubSubProtocol first = connected();
    manager.bindProtocol(first, plant());
    goAway(manager, first);
    publish(manager, "1", "2");

    LoopbackPubSubProtocol returning = idle();
    manager.bindProtocol(returning, plant());
    assertHeldBack(manager, PLANT, returning, 2);
    publish(manager, "3");
    assertEquals(3, info(manager, PLANT).held());

    returning.connect();

    // well within the one-minute grace period: the CONNECTED report released them
    assertEquals(lines("1", "2", "3"), bus.take(3, 5));
    awaitReleased(manager, PLANT);
    publish(manager, "4");
    bus.expect(TOPIC + "=4");
    assertEquals(4, returning.statistics().messagesOut());
    assertEquals(0, info(manager, PLANT).expired());
  }

  @Test
  void heldMessagesGoToTheProtocolsOwnQueueWhenItDoesNotConnectWithinTheGracePeriod()
      throws Exception {
    Duration grace = Duration.ofSeconds(2);
    DefaultPubSubManager manager = pubSub(grace);
    Inbox bus = bus();
    LoopbackPubSubProtocol first = connected();
    manager.bindProtocol(first, plant());
    goAway(manager, first);

    long bound = System.nanoTime();
    LoopbackPubSubProtocol neverConnects = idle();
    manager.bindProtocol(neverConnects, plant());
    assertHeldBack(manager, PLANT, neverConnects, 0);
    publish(manager, "1", "2");
    assertEquals(2, info(manager, PLANT).held());
    assertEquals(0, neverConnects.statistics().queued());

    awaitReleased(manager, PLANT);

    assertTrue(Duration.ofNanos(System.nanoTime() - bound).compareTo(grace) >= 0);
    assertEquals(ConnectionState.DISCONNECTED, neverConnects.state());
    assertEquals(2, neverConnects.statistics().queued());
    assertEquals(0, info(manager, PLANT).expired());
    publish(manager, "3");
    assertEquals(3, neverConnects.statistics().queued());
    bus.expectNothing(100);

    // the loopback protocol publishes what it queued while disconnected when it connects
    neverConnects.connect();
    assertEquals(lines("1", "2", "3"), bus.take(3, 5));
  }

  @Test
  void aProtocolThatIsConnectedWhenItAppearsGetsHeldMessagesAtOnce() throws Exception {
    DefaultPubSubManager manager = pubSub(LONG_GRACE);
    Inbox bus = bus();
    LoopbackPubSubProtocol first = connected();
    manager.bindProtocol(first, plant());
    goAway(manager, first);
    publish(manager, "1", "2");

    LoopbackPubSubProtocol back = connected();
    manager.bindProtocol(back, plant());

    assertEquals(lines("1", "2"), bus.take(2, 5));
    awaitReleased(manager, PLANT);
    publish(manager, "3");
    bus.expect(TOPIC + "=3");
    assertEquals(3, back.statistics().messagesOut());
  }

  @Test
  void theManagersConnectIntentConnectsTheNewProtocolAndReleasesHeldMessages() throws Exception {
    DefaultPubSubManager manager = pubSub(LONG_GRACE);
    Inbox bus = bus();
    LoopbackPubSubProtocol first = connected();
    manager.bindProtocol(first, plant());
    assertTrue(manager.connect(PLANT));
    goAway(manager, first);
    publish(manager, "1", "2");

    LoopbackPubSubProtocol back = idle();
    manager.bindProtocol(back, plant());

    assertEquals(lines("1", "2"), bus.take(2, 5));
    assertTrue(back.isConnected());
    awaitReleased(manager, PLANT);
  }

  @Test
  void nothingWaitsForTheLinkWhenTheManagerWasToldToDisconnect() throws Exception {
    DefaultPubSubManager manager = pubSub(LONG_GRACE);
    Inbox bus = bus();
    LoopbackPubSubProtocol first = connected();
    manager.bindProtocol(first, plant());
    manager.disconnect(PLANT);
    assertEquals(ConnectionState.DISCONNECTED, first.state());
    goAway(manager, first);
    publish(manager, "1", "2");

    LoopbackPubSubProtocol back = idle();
    manager.bindProtocol(back, plant());

    // flushed into the disconnected protocol's own queue at once, not after the grace period
    await()
        .atMost(PROMPTLY)
        .until(() -> info(manager, PLANT).held() == 0 && back.statistics().queued() == 2);
    assertEquals(ConnectionState.DISCONNECTED, back.state());
    assertEquals(Boolean.FALSE, info(manager, PLANT).connectRequested());
    publish(manager, "3");
    assertEquals(3, back.statistics().queued());
    bus.expectNothing(100);

    assertTrue(manager.connect(PLANT));
    assertEquals(lines("1", "2", "3"), bus.take(3, 5));
  }

  // --- request/response
  // ----------------------------------------------------------------------------

  private static final String ECHO = "echo";

  private DefaultReqResManager reqRes() {
    return track(new DefaultReqResManager(settings(LONG_GRACE)));
  }

  private LoopbackReqResProtocol echo(boolean connect) {
    LoopbackReqResProtocol protocol = track(new LoopbackReqResProtocol(ECHO));
    if (connect) {
      protocol.connect();
    }
    return protocol;
  }

  private static Map<String, Object> echoService() {
    return named(ECHO, LoopbackReqResProtocol.PROTOCOL_TYPE);
  }

  /** Binds a connected echo protocol, then lets it go away while sends 1 and 2 are held. */
  private void swapWithTwoHeld(DefaultReqResManager manager) {
    LoopbackReqResProtocol first = echo(true);
    manager.bindProtocol(first, echoService());
    manager.unbindProtocol(first);
    first.close();
    assertEquals(1, manager.send(ECHO, new byte[] {1}));
    assertEquals(1, manager.send(ECHO, new byte[] {2}));
    assertEquals(2, info(manager, ECHO).held());
  }

  private static void assertEchoes(DefaultReqResManager manager, int... values) {
    for (int value : values) {
      byte[] read = manager.read(ECHO, PROMPTLY).orElseThrow();
      assertArrayEquals(new byte[] {(byte) value}, read);
    }
    assertTrue(manager.read(ECHO).isEmpty());
  }

  @Test
  void sendsStayHeldUntilTheReturningRequestResponseProtocolConnects() {
    DefaultReqResManager manager = reqRes();
    swapWithTwoHeld(manager);

    LoopbackReqResProtocol returning = echo(false);
    manager.bindProtocol(returning, echoService());
    assertHeldBack(manager, ECHO, returning, 2);
    manager.send(ECHO, new byte[] {3});
    assertEquals(3, info(manager, ECHO).held());
    assertTrue(manager.read(ECHO).isEmpty());

    returning.connect();

    assertEchoes(manager, 1, 2, 3);
    awaitReleased(manager, ECHO);
    manager.send(ECHO, new byte[] {4});
    assertEchoes(manager, 4);
  }

  @Test
  void aRequestResponseProtocolThatGoesBeforeConnectingTakesNoSendsAlong() {
    DefaultReqResManager manager = reqRes();
    swapWithTwoHeld(manager);

    LoopbackReqResProtocol shortLived = echo(false);
    manager.bindProtocol(shortLived, echoService());
    assertHeldBack(manager, ECHO, shortLived, 2);
    manager.send(ECHO, new byte[] {3});
    manager.unbindProtocol(shortLived);
    shortLived.close();
    assertEquals(0, shortLived.statistics().expired());
    assertEquals(3, info(manager, ECHO).held());

    manager.bindProtocol(echo(true), echoService());

    assertEchoes(manager, 1, 2, 3);
    assertEquals(0, info(manager, ECHO).expired());
  }
}
