package com.eq1.network.manager;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.Presence;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.loopback.LoopbackBroker;
import com.eq1.network.loopback.LoopbackPubSubProtocol;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OSGi path: protocols arriving and leaving as services with properties, through the bind,
 * updated and unbind methods Declarative Services calls.
 */
class ServiceTrackingTest {

  private final LoopbackBroker broker = new LoopbackBroker();
  private final List<LoopbackPubSubProtocol> protocols = new ArrayList<>();
  private final DefaultPubSubManager manager = new DefaultPubSubManager(config(60_000, 100));

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

  private static Map<String, Object> named(String name) {
    return Map.of(ProtocolProperties.NAME, name, ProtocolProperties.PROTOCOL, "loopback-pubsub");
  }

  private void awaitFlushed(String name) {
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> manager.connection(name).map(ConnectionInfo::held).orElse(-1) == 0);
  }

  @Test
  void aServiceIsKeyedByItsNameProperty() throws Exception {
    Inbox inbox = new Inbox();
    manager.subscribe("plc", "t", inbox);
    LoopbackPubSubProtocol protocol = connected("internal-name");
    manager.bindProtocol(protocol, named("plc"));
    awaitFlushed("plc");
    manager.publish("plc", "t", "via service");

    inbox.expect("t=via service");
    assertSame(protocol, manager.protocol("plc").orElseThrow());
  }

  @Test
  void aServiceWithoutNamePropertyUsesTheProtocolNameAndAnInvalidOneIsIgnored() {
    LoopbackPubSubProtocol plain = connected("plain");
    manager.bindProtocol(plain, Map.of());
    manager.bindProtocol(connected("other"), Map.of(ProtocolProperties.NAME, "not valid!"));

    assertSame(plain, manager.protocol("plain").orElseThrow());
    assertEquals(
        List.of("plain"), manager.connections().stream().map(ConnectionInfo::name).toList());
  }

  @Test
  void aSecondServiceUnderTheSameNameStandsByAndTakesOverWithoutAGap() throws Exception {
    Inbox inbox = new Inbox();
    manager.subscribe("bus", "t", inbox);
    LoopbackPubSubProtocol first = connected("bus");
    LoopbackPubSubProtocol second = connected("bus");
    manager.bindProtocol(first, named("bus"));
    manager.bindProtocol(second, named("bus"));
    manager.bindProtocol(second, named("bus"));
    assertSame(first, manager.protocol("bus").orElseThrow());

    manager.unbindProtocol(first);

    assertSame(second, manager.protocol("bus").orElseThrow());
    assertEquals(Presence.PRESENT, manager.connection("bus").orElseThrow().presence());
    manager.publish("bus", "t", "from the standby");
    inbox.expect("t=from the standby");
  }

  @Test
  void unbindingAStandbyLeavesTheCurrentProtocolAlone() {
    LoopbackPubSubProtocol first = connected("bus");
    LoopbackPubSubProtocol second = connected("bus");
    manager.bindProtocol(first, named("bus"));
    manager.bindProtocol(second, named("bus"));

    manager.unbindProtocol(second);
    manager.unbindProtocol(connected("unknown"));
    manager.unbindProtocol(first);

    assertEquals(Presence.SWAPPING, manager.connection("bus").orElseThrow().presence());
    assertTrue(manager.protocol("bus").isEmpty());
  }

  @Test
  void aRenamedServiceMovesToItsNewName() throws Exception {
    Inbox oldName = new Inbox();
    Inbox newName = new Inbox();
    manager.subscribe("a", "t", oldName);
    manager.subscribe("b", "t", newName);
    LoopbackPubSubProtocol protocol = connected("a");
    manager.bindProtocol(protocol, named("a"));
    awaitFlushed("a");

    manager.updatedProtocol(protocol, named("a"));
    manager.updatedProtocol(protocol, named("b"));
    awaitFlushed("b");
    manager.publish("b", "t", "renamed");

    newName.expect("t=renamed");
    oldName.expectNothing(100);
    assertEquals(Presence.SWAPPING, manager.connection("a").orElseThrow().presence());
  }

  @Test
  void aServiceBoundUnderOneNameIsNotBoundUnderAnother() {
    LoopbackPubSubProtocol protocol = connected("a");
    manager.bindProtocol(protocol, named("a"));
    manager.bindProtocol(protocol, named("b"));

    assertTrue(manager.protocol("b").isEmpty());
    assertSame(protocol, manager.protocol("a").orElseThrow());
  }

  @Test
  void modifiedConfigurationAppliesToLaterSwaps() {
    manager.modified(config(0, 100));
    manager.bindProtocol(connected("bus"), named("bus"));
    manager.unbindProtocol(manager.protocol("bus").orElseThrow());

    assertEquals(Presence.ABSENT, manager.connection("bus").orElseThrow().presence());
  }

  @Test
  void theReqResManagerTracksServicesTheSameWay() {
    DefaultReqResManager reqRes = new DefaultReqResManager(config(0, 10));
    try (var protocol = new com.eq1.network.loopback.LoopbackReqResProtocol("echo")) {
      reqRes.modified(config(0, 10));
      reqRes.bindProtocol(protocol, named("echo"));
      assertSame(protocol, reqRes.protocol("echo").orElseThrow());
      reqRes.updatedProtocol(protocol, named("echo2"));
      assertSame(protocol, reqRes.protocol("echo2").orElseThrow());
      reqRes.unbindProtocol(protocol);
      assertEquals(Presence.ABSENT, reqRes.connection("echo2").orElseThrow().presence());
    } finally {
      reqRes.close();
    }
  }

  static ManagerConfig config(long graceMillis, int capacity) {
    return new ManagerConfig() {
      @Override
      public long swapGracePeriodMillis() {
        return graceMillis;
      }

      @Override
      public int holdCapacity() {
        return capacity;
      }

      @Override
      public OverflowPolicy holdOverflow() {
        return OverflowPolicy.REJECT_NEWEST;
      }

      @Override
      public Class<? extends Annotation> annotationType() {
        return ManagerConfig.class;
      }
    };
  }
}
