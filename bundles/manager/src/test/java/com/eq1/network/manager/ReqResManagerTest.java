package com.eq1.network.manager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.Presence;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolNotFoundException;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request/response manager against real loopback protocols. */
class ReqResManagerTest {

  private final List<LoopbackReqResProtocol> protocols = new ArrayList<>();
  private final DefaultReqResManager manager = new DefaultReqResManager();

  @AfterEach
  void tearDown() {
    manager.close();
    protocols.forEach(LoopbackReqResProtocol::close);
  }

  private LoopbackReqResProtocol connected(String name) {
    LoopbackReqResProtocol protocol = new LoopbackReqResProtocol(name);
    protocol.connect();
    protocols.add(protocol);
    return protocol;
  }

  private static byte[] bytes(int... values) {
    byte[] result = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (byte) values[i];
    }
    return result;
  }

  @Test
  void sendsAndReadsThroughTheNamedConnection() {
    manager.register("echo", connected("echo"));
    Awaitility.await().until(() -> manager.connection("echo").orElseThrow().held() == 0);

    assertEquals(3, manager.send("echo", bytes(1, 2, 3)));
    assertArrayEquals(bytes(1, 2, 3), manager.read("echo").orElseThrow());
    assertTrue(manager.read("echo").isEmpty());
    assertTrue(manager.read("echo", Duration.ofMillis(20)).isEmpty());
    ConnectionInfo info = manager.connection("echo").orElseThrow();
    assertEquals(ProtocolKind.REQ_RES, info.kind());
    assertEquals(0, info.subscriptions());
  }

  @Test
  void sendsDuringASwapAreHeldAndDeliveredToTheReturningProtocol() {
    LoopbackReqResProtocol first = connected("echo");
    manager.register("echo", first);
    manager.unregister("echo");
    first.close();

    assertEquals(2, manager.send("echo", bytes(7, 8)));
    assertEquals(1, manager.send("echo", bytes(9)));
    assertTrue(manager.read("echo").isEmpty());
    assertEquals(Presence.SWAPPING, manager.connection("echo").orElseThrow().presence());

    manager.register("echo", connected("echo"));

    assertArrayEquals(bytes(7, 8), manager.read("echo", Duration.ofSeconds(5)).orElseThrow());
    assertArrayEquals(bytes(9), manager.read("echo", Duration.ofSeconds(5)).orElseThrow());
  }

  @Test
  void aTimedReadWaitsForASwappingProtocolToReturn() throws Exception {
    manager.register("echo", connected("echo"));
    manager.unregister("echo");
    CompletableFuture<Optional<byte[]>> reading =
        CompletableFuture.supplyAsync(() -> manager.read("echo", Duration.ofSeconds(10)));

    LoopbackReqResProtocol back = connected("echo");
    back.send(bytes(42));
    manager.register("echo", back);

    assertArrayEquals(bytes(42), reading.get(10, TimeUnit.SECONDS).orElseThrow());
  }

  @Test
  void aTimedReadOnASwappingNameEndsEmptyAtTheDeadline() {
    manager.register("echo", connected("echo"));
    manager.unregister("echo");

    assertTrue(manager.read("echo", Duration.ofMillis(30)).isEmpty());
  }

  @Test
  void anInterruptedTimedReadEndsEmptyAndKeepsTheInterrupt() {
    manager.register("echo", connected("echo"));
    manager.unregister("echo");
    Thread.currentThread().interrupt();
    try {
      assertTrue(manager.read("echo", Duration.ofSeconds(10)).isEmpty());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void unknownAndAbsentNamesFailFast() {
    DefaultReqResManager strict =
        new DefaultReqResManager(new ManagerSettings(Duration.ZERO, 1, OverflowPolicy.DROP_OLDEST));
    try {
      assertThrows(ProtocolNotFoundException.class, () -> strict.send("nobody", bytes(1)));
      assertThrows(ProtocolNotFoundException.class, () -> strict.read("nobody"));
      assertThrows(
          ProtocolNotFoundException.class, () -> strict.read("nobody", Duration.ofMillis(1)));
      strict.connect("intended");
      assertThrows(ProtocolNotFoundException.class, () -> strict.send("intended", bytes(1)));

      LoopbackReqResProtocol gone = connected("gone");
      strict.register("gone", gone);
      strict.unregister("gone");
      ProtocolNotFoundException e =
          assertThrows(ProtocolNotFoundException.class, () -> strict.send("gone", bytes(1)));
      assertTrue(e.getMessage().contains("loopback-reqres"), e.getMessage());
      assertThrows(ProtocolNotFoundException.class, () -> strict.read("gone"));
      assertThrows(
          ProtocolNotFoundException.class, () -> strict.read("gone", Duration.ofSeconds(5)));
    } finally {
      strict.close();
    }
  }

  @Test
  void connectAndDisconnectDriveThePresentProtocol() {
    LoopbackReqResProtocol idle = new LoopbackReqResProtocol("echo");
    protocols.add(idle);
    manager.register("echo", idle);

    assertTrue(manager.connect("echo"));
    assertTrue(idle.isConnected());
    manager.disconnect("echo");
    assertEquals(Boolean.FALSE, manager.connection("echo").orElseThrow().connectRequested());
    assertTrue(!idle.isConnected());

    idle.close();
    assertEquals(false, manager.connect("echo"));
  }
}
