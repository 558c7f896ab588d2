package com.eq1.network.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.Presence;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.loopback.LoopbackBroker;
import com.eq1.network.loopback.LoopbackPubSubProtocol;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one source of a connection's description that the shell and JMX read. */
class ConnectionSnapshotTest {

  @Test
  void combinesTheManagersViewWithTheProtocolsCountersWhileOneServesTheName() {
    try (DefaultReqResManager reqRes = new DefaultReqResManager();
        DefaultPubSubManager pubSub = new DefaultPubSubManager();
        LoopbackReqResProtocol echo = new LoopbackReqResProtocol("echo");
        LoopbackPubSubProtocol bus = new LoopbackPubSubProtocol("bus", new LoopbackBroker())) {
      DefaultProtocolManager manager = new DefaultProtocolManager(reqRes, pubSub);
      reqRes.register("echo", echo);
      pubSub.register("bus", bus);
      echo.connect();
      echo.send(new byte[4]);

      ConnectionSnapshot snapshot = ConnectionSnapshot.of(manager, "echo").orElseThrow();
      assertEquals("echo", snapshot.info().name());
      assertEquals(4L, snapshot.statistics().bytesOut());

      pubSub.unregister("bus");
      ConnectionSnapshot swapping = ConnectionSnapshot.of(manager, "bus").orElseThrow();
      assertEquals(Presence.SWAPPING, swapping.info().presence());
      assertNull(swapping.statistics());
      assertTrue(ConnectionSnapshot.of(manager, "nobody").isEmpty());

      List<ConnectionSnapshot> all = ConnectionSnapshot.all(manager);
      assertEquals(List.of("bus", "echo"), all.stream().map(s -> s.info().name()).toList());
      assertNull(all.get(0).statistics());
      assertEquals(4L, all.get(1).statistics().bytesOut());
    }
  }

  @Test
  void aNameWithNoProtocolAndNothingDesiredIsLeftOutOfTheList() {
    assertFalse(ConnectionSnapshot.retained(gone(Presence.ABSENT, null, 0, 0)));
    assertTrue(ConnectionSnapshot.retained(gone(Presence.SWAPPING, null, 0, 0)));
    assertTrue(ConnectionSnapshot.retained(gone(Presence.ABSENT, Boolean.FALSE, 0, 0)));
    assertTrue(ConnectionSnapshot.retained(gone(Presence.ABSENT, null, 2, 0)));
    assertTrue(ConnectionSnapshot.retained(gone(Presence.ABSENT, null, 0, 1)));
  }

  /** A closed MQTT connection 'gone' that expired 3 held messages. */
  private static ConnectionInfo gone(
      Presence presence, Boolean connectRequested, int subscriptions, int held) {
    return new ConnectionInfo(
        "gone",
        ProtocolKind.PUB_SUB,
        "mqtt",
        presence,
        ConnectionState.CLOSED,
        connectRequested,
        subscriptions,
        held,
        3);
  }

  @Test
  void requiresTheManagersView() {
    assertThrows(NullPointerException.class, () -> new ConnectionSnapshot(null, null));
  }
}
