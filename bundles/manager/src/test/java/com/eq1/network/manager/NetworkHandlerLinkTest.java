package com.eq1.network.manager;

import static com.eq1.network.manager.Fixture.frame;
import static com.eq1.network.manager.Fixture.unframe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.MessageType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Link events: the protocol's state, and heartbeats that notice a silent peer. */
class NetworkHandlerLinkTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final Fixture fx = new Fixture();

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  @Test
  void reportsConnectedAtConstructionWhenTheProtocolIsAlreadyUp() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("up-a", "up-b", 100);
    Recorder events = new Recorder();

    NetworkHandler handler = fx.handler(cable.a(), events, HandlerSettings.DEFAULT);

    assertEquals("up-a", handler.name());
    assertTrue(handler.isConnected());
    await().atMost(DEADLINE).until(() -> !events.events.isEmpty());
    assertEquals(List.of("connected"), events.events);
    assertEquals(Set.of("eq1-handler-up-a-callback-1"), events.threads);
  }

  @Test
  void followsTheProtocolStateWithReasons() {
    LoopbackReqResProtocol.Cable cable = fx.cable("state-a", "state-b", 100);
    Recorder events = new Recorder();
    NetworkHandler handler = fx.handler(cable.a(), events, HandlerSettings.DEFAULT);
    assertFalse(handler.isConnected());

    cable.a().connect();
    await().atMost(DEADLINE).until(() -> events.events.size() == 1);
    assertTrue(handler.isConnected());

    cable.a().disconnect();
    await().atMost(DEADLINE).until(() -> events.events.size() == 2);
    assertFalse(handler.isConnected());

    cable.a().connect();
    await().atMost(DEADLINE).until(() -> events.events.size() == 3);
    cable.a().close();
    await().atMost(DEADLINE).until(() -> events.events.size() == 4);

    assertEquals(
        List.of(
            "connected",
            "disconnected: connection disconnected",
            "connected",
            "disconnected: connection closed"),
        events.events);
    assertFalse(handler.isConnected());
  }

  @Test
  void aSilentPeerIsDeclaredLostAndIsUpAgainWhenHeardFrom() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("hb-a", "hb-b", 10_000);
    Recorder events = new Recorder();
    NetworkHandler handler =
        fx.handler(
            cable.a(),
            events,
            HandlerSettings.DEFAULT.withSource("hb-src").withHeartbeat(Duration.ofMillis(50), 3));

    await().atMost(DEADLINE).until(() -> events.events.size() >= 2);
    assertEquals(List.of("connected", "disconnected: peer missed 3 heartbeats"), events.events);
    assertFalse(handler.isConnected());
    assertTrue(cable.a().isConnected(), "the protocol itself stays connected");
    assertTrue(handler.statistics().peerLosses() >= 1);
    assertTrue(handler.statistics().heartbeatsSent() >= 1);

    Message beat = unframe(cable.b().read(DEADLINE).orElseThrow());
    assertEquals(MessageType.HEARTBEAT, beat.type());
    assertEquals("hb-src", beat.source());

    cable.b().send(frame(Message.builder(MessageType.HEARTBEAT).build()));

    await().atMost(DEADLINE).until(() -> events.events.size() >= 3);
    assertEquals(
        List.of("connected", "disconnected: peer missed 3 heartbeats", "connected"),
        events.events.subList(0, 3));
    assertTrue(handler.statistics().received() >= 1);
    assertTrue(events.messages.isEmpty(), "heartbeats are not handed to the application");
  }

  @Test
  void peersThatBothSendHeartbeatsStayConnected() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("beat-a", "beat-b", 10_000);
    HandlerSettings settings = HandlerSettings.DEFAULT.withHeartbeat(Duration.ofMillis(25), 12);
    Recorder atA = new Recorder();
    Recorder atB = new Recorder();
    NetworkHandler a = fx.handler(cable.a(), atA, settings);
    NetworkHandler b = fx.handler(cable.b(), atB, settings);

    // 40 beats of 25 ms: more than three times the 300 ms of silence that would mean a loss
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> a.statistics().heartbeatsSent() >= 40 && b.statistics().heartbeatsSent() >= 40);

    assertEquals(0, a.statistics().peerLosses());
    assertEquals(0, b.statistics().peerLosses());
    assertTrue(a.isConnected());
    assertTrue(b.isConnected());
    assertEquals(List.of("connected"), atA.events);
    assertEquals(List.of("connected"), atB.events);
    assertTrue(a.statistics().received() >= 30, "a heard b's heartbeats");
    assertTrue(atA.messages.isEmpty());
  }

  @Test
  void heartbeatsWaitForTheConnection() {
    LoopbackReqResProtocol.Cable cable = fx.cable("wait-a", "wait-b", 10_000);
    NetworkHandler handler =
        fx.handler(
            cable.a(),
            new Recorder(),
            HandlerSettings.DEFAULT.withHeartbeat(Duration.ofMillis(20), 3));

    await()
        .during(Duration.ofMillis(200))
        .atMost(DEADLINE)
        .until(() -> handler.statistics().heartbeatsSent() == 0);
    assertEquals(ConnectionState.DISCONNECTED, cable.a().state());
    assertEquals(0, cable.a().statistics().queued(), "no heartbeat waits in the protocol's queue");

    cable.a().connect();
    await().atMost(DEADLINE).until(() -> handler.statistics().heartbeatsSent() >= 1);
  }

  @Test
  void aHeartbeatThePeerCannotTakeIsNotCountedAndBreaksNothing() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("deaf-a", "deaf-b", 3);
    NetworkHandler handler =
        fx.handler(
            cable.a(),
            new Recorder(),
            HandlerSettings.DEFAULT.withHeartbeat(Duration.ofMillis(20), 50));

    await().atMost(DEADLINE).until(() -> cable.a().statistics().errors() >= 2);

    assertEquals(3, handler.statistics().heartbeatsSent());
    assertEquals(0, handler.statistics().sendFailures());
    assertEquals(3, cable.b().statistics().messagesIn());
    for (int i = 0; i < 3; i++) {
      assertEquals(MessageType.HEARTBEAT, unframe(cable.b().read().orElseThrow()).type());
    }
    await().atMost(DEADLINE).until(() -> handler.statistics().heartbeatsSent() > 3);
  }
}
