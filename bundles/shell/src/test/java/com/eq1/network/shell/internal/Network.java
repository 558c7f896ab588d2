package com.eq1.network.shell.internal;

import static org.awaitility.Awaitility.await;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.PubSubProtocol;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.loopback.LoopbackBroker;
import com.eq1.network.loopback.LoopbackPubSubProtocol;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.manager.DefaultProtocolManager;
import com.eq1.network.manager.DefaultPubSubManager;
import com.eq1.network.manager.DefaultReqResManager;
import com.eq1.network.manager.ManagerSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The real managers with real loopback protocols registered by hand, as outside OSGi; everything is
 * closed with the network, protocols before the managers.
 */
final class Network implements AutoCloseable {

  /** How long a test waits for something asynchronous. */
  static final Duration DEADLINE = Duration.ofSeconds(10);

  final LoopbackBroker broker = new LoopbackBroker();
  final DefaultReqResManager reqRes;
  final DefaultPubSubManager pubSub;
  final DefaultProtocolManager protocols;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  /** Managers with the default settings (a five-second swap grace period). */
  Network() {
    this(ManagerSettings.DEFAULT);
  }

  Network(ManagerSettings settings) {
    reqRes = new DefaultReqResManager(settings);
    pubSub = new DefaultPubSubManager(settings);
    protocols = new DefaultProtocolManager(reqRes, pubSub);
  }

  /** A connected loopback echo registered under its name. */
  LoopbackReqResProtocol echo(String name) {
    LoopbackReqResProtocol echo = keep(new LoopbackReqResProtocol(name));
    echo.connect();
    reqRes.register(name, echo);
    settled(name);
    return echo;
  }

  /**
   * A connected cable: end {@code a} registered under its name, end {@code b} returned unregistered
   * so nothing answers unless the test does.
   */
  LoopbackReqResProtocol.Cable cable(String a, String b) {
    LoopbackReqResProtocol.Cable cable =
        LoopbackReqResProtocol.cable(a, b, QueueSettings.DEFAULT, 100);
    keep(cable.a());
    keep(cable.b());
    cable.a().connect();
    cable.b().connect();
    reqRes.register(a, cable.a());
    settled(a);
    return cable;
  }

  /** A connected loopback publish/subscribe connection registered under its name. */
  LoopbackPubSubProtocol bus(String name) {
    LoopbackPubSubProtocol bus = keep(new LoopbackPubSubProtocol(name, broker));
    bus.connect();
    pubSub.register(name, bus);
    settled(name);
    return bus;
  }

  /** A publish/subscribe protocol registered under its name, as it is. */
  <P extends PubSubProtocol> P register(String name, P protocol) {
    pubSub.register(name, protocol);
    settled(name);
    return protocol;
  }

  /** A request/response protocol registered under its name, as it is. */
  <P extends ReqResProtocol> P register(String name, P protocol) {
    reqRes.register(name, protocol);
    settled(name);
    return protocol;
  }

  /** What the managers know of a name. */
  ConnectionInfo info(String name) {
    return protocols.connection(name).orElseThrow();
  }

  <T extends AutoCloseable> T keep(T resource) {
    resources.push(resource);
    return resource;
  }

  private void settled(String name) {
    await().atMost(DEADLINE).until(() -> protocols.connection(name).orElseThrow().held() == 0);
  }

  @Override
  public void close() throws Exception {
    while (!resources.isEmpty()) {
      resources.pop().close();
    }
    pubSub.close();
    reqRes.close();
  }
}
