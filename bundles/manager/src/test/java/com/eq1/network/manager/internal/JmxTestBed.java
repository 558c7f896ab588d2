package com.eq1.network.manager.internal;

import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.loopback.LoopbackBroker;
import com.eq1.network.loopback.LoopbackPubSubProtocol;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.manager.DefaultProtocolManager;
import com.eq1.network.manager.DefaultPubSubManager;
import com.eq1.network.manager.DefaultReqResManager;
import com.eq1.network.manager.ManagerSettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.MBeanServer;

/**
 * The real managers behind a {@link DefaultProtocolManager}, loopback protocols and exporters on
 * the platform MBean server for one test, closed in reverse order of creation. Connection names are
 * unique in the JVM, so a test never sees another test's MBeans.
 */
final class JmxTestBed implements AutoCloseable {

  static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
  static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final LoopbackBroker broker = new LoopbackBroker();
  final DefaultReqResManager reqRes;
  final DefaultPubSubManager pubSub;
  final ProtocolManager manager;

  /**
   * Creates the managers.
   *
   * @param grace the swap grace period of both managers
   */
  JmxTestBed(Duration grace) {
    ManagerSettings settings = new ManagerSettings(grace, 100, OverflowPolicy.REJECT_NEWEST);
    reqRes = owned(new DefaultReqResManager(settings));
    pubSub = owned(new DefaultPubSubManager(settings));
    manager = new DefaultProtocolManager(reqRes, pubSub);
  }

  private <T extends AutoCloseable> T owned(T resource) {
    resources.push(resource);
    return resource;
  }

  /** A connection name no other test uses. */
  static String name(String base) {
    return "jmx-" + base + "-" + NAMES.incrementAndGet();
  }

  /** A disconnected echo protocol with the default queue. */
  LoopbackReqResProtocol echo(String name) {
    return owned(new LoopbackReqResProtocol(name));
  }

  /** A disconnected echo protocol with an outbound queue of one and a receive buffer of one. */
  LoopbackReqResProtocol tinyEcho(String name) {
    return owned(
        new LoopbackReqResProtocol(
            name, new QueueSettings(1, Duration.ofMinutes(1), OverflowPolicy.REJECT_NEWEST), 1));
  }

  /** A disconnected publish/subscribe protocol on this bed's broker. */
  LoopbackPubSubProtocol bus(String name) {
    return owned(new LoopbackPubSubProtocol(name, broker));
  }

  /** An exporter over {@code manager} on the platform server, closed with the bed. */
  ConnectionMBeanExporter exporter(ProtocolManager manager, Duration sweep) {
    return owned(new ConnectionMBeanExporter(manager, SERVER, sweep));
  }

  /** The service properties of a protocol service named {@code name}. */
  static Map<String, Object> service(String name) {
    return Map.of(ProtocolProperties.NAME, name, ProtocolProperties.PROTOCOL, "loopback");
  }

  /** Tells whether the platform server has the MBean of a connection. */
  static boolean registered(String name) {
    return SERVER.isRegistered(ConnectionMBeanExporter.objectName(name));
  }

  /** Reads one attribute of a connection's MBean through the platform server. */
  static Object attribute(String name, String attribute) throws JMException {
    return SERVER.getAttribute(ConnectionMBeanExporter.objectName(name), attribute);
  }

  @Override
  public void close() throws Exception {
    while (!resources.isEmpty()) {
      resources.pop().close();
    }
  }
}
