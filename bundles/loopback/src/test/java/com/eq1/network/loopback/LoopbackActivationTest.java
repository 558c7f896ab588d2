package com.eq1.network.loopback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.QueueFullException;
import com.eq1.network.link.OverflowPolicy;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The OSGi activation constructors: typed configuration, auto-connect and rejected values. */
class LoopbackActivationTest {

  /** A hand-written {@link LoopbackPubSubConfig}, as Declarative Services would provide one. */
  record PubSubConfig(
      String eq1_name,
      boolean autoConnect,
      int queueCapacity,
      long queueTtlSeconds,
      OverflowPolicy queueOverflow,
      int inboundCapacity)
      implements LoopbackPubSubConfig {

    static PubSubConfig named(String name) {
      return new PubSubConfig(name, true, 10_000, 30, OverflowPolicy.REJECT_NEWEST, 10_000);
    }

    PubSubConfig autoConnect(boolean value) {
      return new PubSubConfig(
          eq1_name, value, queueCapacity, queueTtlSeconds, queueOverflow, inboundCapacity);
    }

    PubSubConfig queue(int capacity, long ttlSeconds, OverflowPolicy overflow) {
      return new PubSubConfig(
          eq1_name, autoConnect, capacity, ttlSeconds, overflow, inboundCapacity);
    }

    PubSubConfig inbound(int capacity) {
      return new PubSubConfig(
          eq1_name, autoConnect, queueCapacity, queueTtlSeconds, queueOverflow, capacity);
    }

    @Override
    public Class<? extends Annotation> annotationType() {
      return LoopbackPubSubConfig.class;
    }
  }

  /** A hand-written {@link LoopbackReqResConfig}, as Declarative Services would provide one. */
  record ReqResConfig(
      String eq1_name,
      boolean autoConnect,
      int queueCapacity,
      long queueTtlSeconds,
      OverflowPolicy queueOverflow,
      int inboundCapacity)
      implements LoopbackReqResConfig {

    static ReqResConfig named(String name) {
      return new ReqResConfig(name, true, 10_000, 30, OverflowPolicy.REJECT_NEWEST, 10_000);
    }

    ReqResConfig autoConnect(boolean value) {
      return new ReqResConfig(
          eq1_name, value, queueCapacity, queueTtlSeconds, queueOverflow, inboundCapacity);
    }

    ReqResConfig queue(int capacity, long ttlSeconds, OverflowPolicy overflow) {
      return new ReqResConfig(
          eq1_name, autoConnect, capacity, ttlSeconds, overflow, inboundCapacity);
    }

    ReqResConfig inbound(int capacity) {
      return new ReqResConfig(
          eq1_name, autoConnect, queueCapacity, queueTtlSeconds, queueOverflow, capacity);
    }

    @Override
    public Class<? extends Annotation> annotationType() {
      return LoopbackReqResConfig.class;
    }
  }

  private static final Map<String, Object> FROM_FILE =
      Map.of("felix.fileinstall.filename", "file:/opt/eq1/etc/com.eq1.network.loopback-x.cfg");

  private final LoopbackBroker broker = new LoopbackBroker();
  private final List<AutoCloseable> created = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable connection : created) {
      connection.close();
    }
  }

  private LoopbackPubSubProtocol pubSub(PubSubConfig config, Map<String, Object> properties) {
    LoopbackPubSubProtocol connection = new LoopbackPubSubProtocol(config, properties, broker);
    created.add(connection);
    return connection;
  }

  private LoopbackReqResProtocol reqRes(ReqResConfig config, Map<String, Object> properties) {
    LoopbackReqResProtocol connection = new LoopbackReqResProtocol(config, properties);
    created.add(connection);
    return connection;
  }

  @Test
  void pubSubWithAutoConnectIsConnectedAndAttached() {
    LoopbackPubSubProtocol connection = pubSub(PubSubConfig.named("auto-ps"), FROM_FILE);

    assertEquals("auto-ps", connection.name());
    assertEquals(ConnectionState.CONNECTED, connection.state());
    assertEquals(1, broker.attachedConnections());
  }

  @Test
  void pubSubWithoutAutoConnectStaysDisconnected() {
    LoopbackPubSubProtocol connection =
        pubSub(PubSubConfig.named("manual-ps").autoConnect(false), Map.of());

    assertEquals(ConnectionState.DISCONNECTED, connection.state());
    assertEquals(0, broker.attachedConnections());
  }

  @Test
  void pubSubUsesTheConfiguredQueueSettings() {
    LoopbackPubSubProtocol connection =
        pubSub(
            PubSubConfig.named("small-ps")
                .autoConnect(false)
                .queue(1, 60, OverflowPolicy.DROP_OLDEST),
            Map.of());

    connection.publish("t", new byte[] {1}, 1, false);
    connection.publish("t", new byte[] {2}, 1, false);

    assertEquals(1, connection.statistics().queued());
    assertEquals(1, connection.statistics().dropped());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "bad name!", "-starts-with-dash"})
  void pubSubWithoutAValidNameIsRejected(String name) {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> pubSub(PubSubConfig.named(name), Map.of("service.pid", "pid.1")));

    assertTrue(e.getMessage().contains("eq1.name"), e.getMessage());
    assertEquals(0, broker.attachedConnections());
  }

  @Test
  void pubSubWithBadQueueValuesIsRejectedWithoutStartingAThread() {
    Map<String, Object> props = Map.of("component.name", "com.eq1.network.loopback.pubsub");
    PubSubConfig config = PubSubConfig.named("badq-ps");

    assertThrows(
        ConfigurationException.class,
        () -> pubSub(config.queue(0, 30, OverflowPolicy.REJECT_NEWEST), props));
    assertThrows(
        ConfigurationException.class,
        () -> pubSub(config.queue(10, 0, OverflowPolicy.REJECT_NEWEST), props));
    assertThrows(ConfigurationException.class, () -> pubSub(config.queue(10, 30, null), props));
    assertFalse(RecordingListener.deliveryThreadAlive("badq-ps"));
  }

  @Test
  void pubSubWithBadInboundCapacityIsRejected() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> pubSub(PubSubConfig.named("badin-ps").inbound(0), FROM_FILE));

    assertTrue(e.getMessage().contains("inboundCapacity"), e.getMessage());
    assertFalse(RecordingListener.deliveryThreadAlive("badin-ps"));
  }

  @Test
  void reqResWithAutoConnectIsConnected() {
    LoopbackReqResProtocol connection = reqRes(ReqResConfig.named("auto-rr"), FROM_FILE);

    assertEquals("auto-rr", connection.name());
    assertEquals(ConnectionState.CONNECTED, connection.state());
    connection.send(new byte[] {5});
    assertArrayEquals(new byte[] {5}, connection.read(Duration.ofSeconds(1)).orElseThrow());
  }

  @Test
  void reqResWithoutAutoConnectStaysDisconnected() {
    LoopbackReqResProtocol connection =
        reqRes(ReqResConfig.named("manual-rr").autoConnect(false), Map.of());

    assertEquals(ConnectionState.DISCONNECTED, connection.state());
    connection.send(new byte[] {1});
    assertEquals(Optional.empty(), connection.read());
  }

  @Test
  void reqResUsesTheConfiguredReceiveBuffer() {
    LoopbackReqResProtocol connection = reqRes(ReqResConfig.named("small-rr").inbound(1), Map.of());

    connection.send(new byte[] {1});

    assertThrows(QueueFullException.class, () -> connection.send(new byte[] {2}));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        " ",
        "bad/name",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
      })
  void reqResWithoutAValidNameIsRejected(String name) {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class, () -> reqRes(ReqResConfig.named(name), FROM_FILE));

    assertTrue(e.getMessage().contains("eq1.name"), e.getMessage());
  }

  @Test
  void reqResWithBadQueueValuesIsRejected() {
    ReqResConfig config = ReqResConfig.named("badq-rr");

    assertThrows(
        ConfigurationException.class,
        () -> reqRes(config.queue(0, 30, OverflowPolicy.REJECT_NEWEST), Map.of()));
    assertThrows(
        ConfigurationException.class,
        () -> reqRes(config.queue(10, 0, OverflowPolicy.DROP_OLDEST), Map.of()));
    assertThrows(
        ConfigurationException.class,
        () -> reqRes(config.queue(10, -1, OverflowPolicy.DROP_OLDEST), Map.of()));
  }

  @Test
  void reqResWithBadInboundCapacityIsRejected() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> reqRes(ReqResConfig.named("badin-rr").inbound(0), Map.of()));

    assertTrue(e.getMessage().contains("inboundCapacity"), e.getMessage());
  }
}
