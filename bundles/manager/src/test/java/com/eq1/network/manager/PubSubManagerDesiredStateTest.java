package com.eq1.network.manager;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.InvalidTopicException;
import com.eq1.network.api.Presence;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolNotFoundException;
import com.eq1.network.loopback.LoopbackBroker;
import com.eq1.network.loopback.LoopbackPubSubProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Desired state of the publish/subscribe manager, against real loopback protocols. */
class PubSubManagerDesiredStateTest {

  private final LoopbackBroker broker = new LoopbackBroker();
  private final List<LoopbackPubSubProtocol> protocols = new ArrayList<>();
  private final DefaultPubSubManager manager = new DefaultPubSubManager();

  @AfterEach
  void tearDown() {
    manager.close();
    protocols.forEach(LoopbackPubSubProtocol::close);
  }

  private LoopbackPubSubProtocol connected(String name) {
    LoopbackPubSubProtocol protocol = new LoopbackPubSubProtocol(name, broker);
    protocol.connect();
    protocols.add(protocol);
    return protocol;
  }

  private void awaitPresent(String name) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> manager.connection(name).map(ConnectionInfo::held).orElse(-1) == 0);
  }

  @Test
  void subscriptionMadeBeforeTheProtocolExistsIsAppliedWhenItAppears() throws Exception {
    Inbox inbox = new Inbox();
    manager.subscribe("bus", "plant/+/temperature", inbox);
    assertEquals(Presence.ABSENT, manager.connection("bus").orElseThrow().presence());
    assertThrows(ProtocolNotFoundException.class, () -> manager.publish("bus", "plant/a", "x"));

    manager.register("bus", connected("bus"));
    awaitPresent("bus");
    manager.publish("bus", "plant/line1/temperature", "21.5");

    inbox.expect("plant/line1/temperature=21.5");
  }

  @Test
  void subscriptionsFollowTheNameToEveryNewProtocol() throws Exception {
    Inbox inbox = new Inbox();
    manager.register("bus", connected("bus"));
    manager.subscribe("bus", "a/#", inbox);
    manager.publish("bus", "a/1", "first");
    inbox.expect("a/1=first");

    manager.unregister("bus");
    manager.register("bus", connected("bus"));
    manager.publish("bus", "a/2", "second");

    inbox.expect("a/2=second");
    inbox.expectNothing(100);
  }

  @Test
  void publishesDuringASwapAreHeldAndFlushedInOrder() throws Exception {
    Inbox inbox = new Inbox();
    manager.subscribe("bus", "t", inbox);
    LoopbackPubSubProtocol first = connected("bus");
    manager.register("bus", first);
    manager.publish("bus", "t", "0");
    inbox.expect("t=0");

    manager.unregister("bus");
    first.close();
    for (int i = 1; i <= 5; i++) {
      manager.publish("bus", "t", String.valueOf(i));
    }
    ConnectionInfo swapping = manager.connection("bus").orElseThrow();
    assertEquals(Presence.SWAPPING, swapping.presence());
    assertEquals(5, swapping.held());
    inbox.expectNothing(50);

    manager.register("bus", connected("bus"));

    assertEquals(List.of("t=1", "t=2", "t=3", "t=4", "t=5"), inbox.take(5, 5));
    awaitPresent("bus");
    assertEquals(Presence.PRESENT, manager.connection("bus").orElseThrow().presence());
  }

  @Test
  void heldPublishesExpireWhenTheProtocolDoesNotReturnInTime() {
    DefaultPubSubManager quick =
        new DefaultPubSubManager(
            new ManagerSettings(
                Duration.ofMillis(200), 100, com.eq1.network.link.OverflowPolicy.REJECT_NEWEST));
    try {
      quick.register("bus", connected("bus"));
      quick.unregister("bus");
      quick.publish("bus", "t", "held 1");
      quick.publish("bus", "t", "held 2");

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> quick.connection("bus").orElseThrow().presence() == Presence.ABSENT);

      ConnectionInfo info = quick.connection("bus").orElseThrow();
      assertEquals(0, info.held());
      assertEquals(2, info.expired());
      ProtocolNotFoundException e =
          assertThrows(ProtocolNotFoundException.class, () -> quick.publish("bus", "t", "late"));
      assertEquals("bus", e.connectionName().orElseThrow());
      assertTrue(e.getMessage().contains("did not return"), e.getMessage());
    } finally {
      quick.close();
    }
  }

  @Test
  void zeroGracePeriodFailsAtOnce() {
    DefaultPubSubManager strict =
        new DefaultPubSubManager(
            new ManagerSettings(
                Duration.ZERO, 10, com.eq1.network.link.OverflowPolicy.DROP_OLDEST));
    try {
      strict.register("bus", connected("bus"));
      strict.unregister("bus");
      assertThrows(ProtocolNotFoundException.class, () -> strict.publish("bus", "t", "x"));
      assertEquals(Presence.ABSENT, strict.connection("bus").orElseThrow().presence());
    } finally {
      strict.close();
    }
  }

  @Test
  void aFullHoldQueueRejectsTheNewest() {
    DefaultPubSubManager small =
        new DefaultPubSubManager(
            new ManagerSettings(
                Duration.ofMinutes(1), 2, com.eq1.network.link.OverflowPolicy.REJECT_NEWEST));
    try {
      small.register("bus", connected("bus"));
      small.unregister("bus");
      small.publish("bus", "t", "1");
      small.publish("bus", "t", "2");
      com.eq1.network.api.QueueFullException full =
          assertThrows(
              com.eq1.network.api.QueueFullException.class, () -> small.publish("bus", "t", "3"));
      assertEquals(
          "[bus] hold queue (protocol being swapped) full (2 messages); message rejected",
          full.getMessage());
      assertEquals(2, small.connection("bus").orElseThrow().held());
    } finally {
      small.close();
    }
  }

  @Test
  void badInputIsRejectedWithSpecificExceptions() {
    manager.register("bus", connected("bus"));
    InvalidTopicException wildcard =
        assertThrows(InvalidTopicException.class, () -> manager.publish("bus", "a/+", "x"));
    assertEquals("bus", wildcard.connectionName().orElseThrow());
    assertThrows(InvalidTopicException.class, () -> manager.publish("bus", "", "x"));
    assertThrows(InvalidTopicException.class, () -> manager.subscribe("bus", "a/#/b", new Inbox()));
    assertThrows(InvalidTopicException.class, () -> manager.unsubscribe("bus", "a+", new Inbox()));
    assertThrows(
        IllegalArgumentException.class,
        () -> manager.publish("bus", "t", new byte[] {1}, 3, false));
    assertThrows(ProtocolNotFoundException.class, () -> manager.publish("nobody", "t", "x"));
    assertThrows(
        ConfigurationException.class, () -> manager.subscribe("bad name", "t", new Inbox()));
    assertEquals(0, manager.connection("bus").orElseThrow().subscriptions());
  }

  @Test
  void connectIntentIsAppliedToProtocolsThatAppearLater() {
    assertFalse(manager.connect("bus"));
    LoopbackPubSubProtocol idle = new LoopbackPubSubProtocol("bus", broker);
    protocols.add(idle);
    manager.register("bus", idle);
    await().atMost(Duration.ofSeconds(5)).until(idle::isConnected);
    assertEquals(Boolean.TRUE, manager.connection("bus").orElseThrow().connectRequested());

    manager.disconnect("bus");
    assertEquals(ConnectionState.DISCONNECTED, idle.state());
    manager.unregister("bus");
    LoopbackPubSubProtocol next = connected("bus");
    manager.register("bus", next);
    await().atMost(Duration.ofSeconds(5)).until(() -> !next.isConnected());
    assertTrue(manager.connect("bus"));
  }

  @Test
  void unsubscribeRemovesTheSubscriptionForGood() throws Exception {
    Inbox inbox = new Inbox();
    manager.register("bus", connected("bus"));
    manager.subscribe("bus", "t", inbox);
    awaitPresent("bus");
    manager.unsubscribe("bus", "t", inbox);
    manager.unsubscribe("bus", "t", inbox);
    manager.unsubscribe("never-known", "t", inbox);
    assertTrue(manager.connection("never-known").isEmpty());

    manager.unregister("bus");
    manager.register("bus", connected("bus"));
    manager.publish("bus", "t", "x");

    inbox.expectNothing(100);
    assertEquals(0, manager.connection("bus").orElseThrow().subscriptions());
  }

  @Test
  void resubscribingChangesQosWithoutDuplicatingDelivery() throws Exception {
    Inbox inbox = new Inbox();
    manager.register("bus", connected("bus"));
    awaitPresent("bus");
    manager.subscribe("bus", "t", 0, inbox);
    manager.subscribe("bus", "t", 2, inbox);
    manager.publish("bus", "t", "once");

    inbox.expect("t=once");
    inbox.expectNothing(100);
    assertEquals(1, manager.connection("bus").orElseThrow().subscriptions());
  }

  @Test
  void aThrowingListenerDoesNotDisturbOthers() throws Exception {
    Inbox inbox = new Inbox();
    manager.register("bus", connected("bus"));
    manager.subscribe(
        "bus",
        "t",
        (topic, payload) -> {
          throw new IllegalStateException("listener bug");
        });
    manager.subscribe("bus", "t", inbox);
    awaitPresent("bus");
    manager.publish("bus", "t", "1");
    manager.publish("bus", "t", "2");

    assertEquals(List.of("t=1", "t=2"), inbox.take(2, 5));
  }

  @Test
  void unregisterDetachesSubscriptionsFromTheProtocolLeftBehind() throws Exception {
    Inbox inbox = new Inbox();
    LoopbackPubSubProtocol old = connected("bus");
    manager.register("bus", old);
    manager.subscribe("bus", "t", inbox);
    awaitPresent("bus");

    manager.unregister("bus");
    old.publish("t", "not for the manager's listeners", 1, false);

    inbox.expectNothing(100);
  }

  @Test
  void aSubscriptionThatFailsOnTheProtocolInUseIsKeptForTheNextOne() throws Exception {
    Inbox inbox = new Inbox();
    LoopbackPubSubProtocol closed = connected("bus");
    manager.register("bus", closed);
    awaitPresent("bus");
    closed.close();

    assertThrows(
        com.eq1.network.api.ConnectionException.class, () -> manager.subscribe("bus", "t", inbox));
    assertEquals(1, manager.connection("bus").orElseThrow().subscriptions());

    manager.unregister("bus");
    manager.register("bus", connected("bus"));
    manager.publish("bus", "t", "kept");
    inbox.expect("t=kept");
  }

  @Test
  void registrationConflictsAreConfigurationErrors() {
    LoopbackPubSubProtocol first = connected("bus");
    manager.register("bus", first);
    manager.register("bus", first);
    assertThrows(ConfigurationException.class, () -> manager.register("bus", connected("bus")));
    assertThrows(ConfigurationException.class, () -> manager.register("other", first));
    assertThrows(ConfigurationException.class, () -> manager.register("-bad", first));
    assertTrue(manager.protocol("bus").isPresent());
    assertTrue(manager.protocol("other").isEmpty());
  }

  @Test
  void connectionsDescribeEveryKnownName() {
    manager.subscribe("later", "t", new Inbox());
    manager.register("bus", connected("bus"));
    awaitPresent("bus");

    List<ConnectionInfo> all = manager.connections();
    assertEquals(List.of("bus", "later"), all.stream().map(ConnectionInfo::name).toList());
    ConnectionInfo bus = all.get(0);
    assertEquals(ProtocolKind.PUB_SUB, bus.kind());
    assertEquals("loopback-pubsub", bus.protocolType());
    assertEquals(Presence.PRESENT, bus.presence());
    assertEquals(ConnectionState.CONNECTED, bus.state());
    assertNull(bus.connectRequested());
    ConnectionInfo later = all.get(1);
    assertNull(later.protocolType());
    assertEquals(Presence.ABSENT, later.presence());
    assertEquals(ConnectionState.DISCONNECTED, later.state());
    assertEquals(1, later.subscriptions());
    assertTrue(manager.connection("nobody").isEmpty());
    assertTrue(manager.protocol(null).isEmpty());
  }
}
