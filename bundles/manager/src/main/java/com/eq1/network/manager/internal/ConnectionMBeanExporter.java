package com.eq1.network.manager.internal;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.api.PubSubProtocol;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.ExecutorTermination;
import com.eq1.network.link.NamedThreadFactory;
import com.eq1.network.manager.ConnectionMXBean;
import com.eq1.network.manager.ConnectionSnapshot;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps exactly one {@link ConnectionMXBean} registered in an MBean server, as {@code
 * com.eq1.network:type=Connection,name=<name>}, for every connection name the managers know or a
 * protocol service carries, and unregisters it once neither does.
 *
 * <p>It reconciles on activation, on every protocol service bound, updated or unbound (in OSGi the
 * order in which this component and the managers see the same service event is not defined, hence
 * the union of both), and every {@link #SWEEP_INTERVAL}: names the managers learn from desired
 * state alone ({@code subscribe} or {@code connect} ahead of any protocol, {@code register} by
 * hand) come with no service event, and the managers have no listener to tell of them. A name stays
 * registered while the managers list it, which they do through a swap ({@code SWAPPING}, then
 * {@code ABSENT}), so an MBean never disappears and comes back during a bundle update.
 *
 * <p>In OSGi it is an immediate component registering into the platform MBean server, the one
 * Karaf's JMX connector exposes. Outside OSGi construct it with a protocol manager, call {@link
 * #reconcile()} when names may have changed (the sweep does it too), and {@link #close()} it.
 */
@Component(
    service = {},
    immediate = true)
public final class ConnectionMBeanExporter implements AutoCloseable {

  /** How often names the managers learned without a service event are picked up. */
  public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionMBeanExporter.class);
  private static final Pattern PLAIN_VALUE = Pattern.compile("[A-Za-z0-9._-]+");

  private record Bound(ProtocolKind kind, BaseProtocol protocol) {}

  private final ProtocolManager manager;
  private final MBeanServer server;
  private final ScheduledExecutorService sweeper;

  /** The name each bound protocol service carries. */
  private final Map<Bound, String> services = new ConcurrentHashMap<>();

  /** The MBeans registered by this exporter, by connection name; guarded by {@code this}. */
  private final Map<String, ObjectName> registered = new HashMap<>();

  /** Names whose registration failed and was logged at warn; guarded by {@code this}. */
  private final Set<String> failed = new HashSet<>();

  /** Guarded by {@code this}. */
  private boolean closed;

  /**
   * Creates the exporter over the platform MBean server and registers the MBeans of the names the
   * managers know now; a sweep every {@link #SWEEP_INTERVAL} runs on thread {@code
   * eq1-jmx-connections-1} until {@link #close()}.
   *
   * @param manager the protocol manager the MBeans read from
   */
  @Activate
  public ConnectionMBeanExporter(@Reference ProtocolManager manager) {
    this(manager, ManagementFactory.getPlatformMBeanServer(), SWEEP_INTERVAL);
  }

  /**
   * Creates the exporter and registers the MBeans of the names the managers know now.
   *
   * @param manager the protocol manager the MBeans read from
   * @param server the MBean server to register in
   * @param sweepInterval how often to reconcile without a service event; zero for never
   */
  ConnectionMBeanExporter(ProtocolManager manager, MBeanServer server, Duration sweepInterval) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.server = Objects.requireNonNull(server, "server");
    reconcile();
    if (sweepInterval.isZero()) {
      this.sweeper = null;
    } else {
      ScheduledThreadPoolExecutor pool =
          new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("eq1-jmx-connections"));
      pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      long nanos = sweepInterval.toNanos();
      pool.scheduleWithFixedDelay(this::sweep, nanos, nanos, TimeUnit.NANOSECONDS);
      this.sweeper = pool;
    }
  }

  /**
   * Returns the object name of a connection's MBean: {@code
   * com.eq1.network:type=Connection,name=<name>}, the name quoted only if it holds characters a
   * valid connection name never does.
   *
   * @param name the connection name
   * @return the object name
   */
  public static ObjectName objectName(String name) {
    String value = PLAIN_VALUE.matcher(name).matches() ? name : ObjectName.quote(name);
    try {
      return new ObjectName(
          ConnectionMXBean.DOMAIN + ":type=" + ConnectionMXBean.TYPE + ",name=" + value);
    } catch (MalformedObjectNameException e) {
      // unreachable: the value is plain or quoted
      throw new IllegalArgumentException("no object name for connection '" + name + "'", e);
    }
  }

  // --- protocol services, bound only to learn names early -------------------------------------

  @Reference(
      service = ReqResProtocol.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "unbindReqRes",
      updated = "bindReqRes")
  void bindReqRes(ReqResProtocol protocol, Map<String, Object> properties) {
    bind(new Bound(ProtocolKind.REQ_RES, protocol), properties);
  }

  void unbindReqRes(ReqResProtocol protocol) {
    unbind(new Bound(ProtocolKind.REQ_RES, protocol));
  }

  @Reference(
      service = PubSubProtocol.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "unbindPubSub",
      updated = "bindPubSub")
  void bindPubSub(PubSubProtocol protocol, Map<String, Object> properties) {
    bind(new Bound(ProtocolKind.PUB_SUB, protocol), properties);
  }

  void unbindPubSub(PubSubProtocol protocol) {
    unbind(new Bound(ProtocolKind.PUB_SUB, protocol));
  }

  private void bind(Bound bound, Map<String, ?> properties) {
    String name = serviceName(bound.protocol(), properties);
    if (name == null) {
      services.remove(bound);
    } else {
      services.put(bound, name);
    }
    reconcile();
  }

  private void unbind(Bound bound) {
    services.remove(bound);
    reconcile();
  }

  // --- reconciliation -------------------------------------------------------------------------

  /**
   * Registers the MBeans of names that have none (or whose MBean someone else unregistered) and
   * unregisters those of names neither the managers nor a bound protocol service know any more.
   * Never throws for a registration that fails: that is logged once at warn and retried at the next
   * reconciliation. Does nothing after {@link #close()}.
   */
  public synchronized void reconcile() {
    if (closed) {
      return;
    }
    Map<String, ProtocolKind> wanted = new LinkedHashMap<>();
    services.forEach((bound, name) -> wanted.put(name, bound.kind()));
    for (ConnectionInfo info : manager.connections()) {
      if (!ConnectionSnapshot.retained(info)) {
        continue;
      }
      wanted.putIfAbsent(info.name(), info.kind());
    }
    for (Iterator<Map.Entry<String, ObjectName>> it = registered.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<String, ObjectName> entry = it.next();
      if (!wanted.containsKey(entry.getKey())) {
        unregister(entry.getKey(), entry.getValue());
        it.remove();
      }
    }
    failed.retainAll(wanted.keySet());
    wanted.forEach(
        (name, kind) -> {
          ObjectName mine = registered.get(name);
          // also restores one that someone else unregistered
          if (mine == null || !server.isRegistered(mine)) {
            register(name, kind);
          }
        });
  }

  private void sweep() {
    try {
      reconcile();
    } catch (RuntimeException e) {
      LOG.warn("Connection MBeans not reconciled: {}", e.toString(), e);
    }
  }

  private void register(String name, ProtocolKind kind) {
    ObjectName objectName = objectName(name);
    try {
      server.registerMBean(
          new StandardMBean(new ConnectionView(manager, name, kind), ConnectionMXBean.class, true),
          objectName);
      registered.put(name, objectName);
      failed.remove(name);
      LOG.debug("[{}] registered MBean {}", name, objectName);
    } catch (JMException | RuntimeException e) {
      if (failed.add(name)) {
        LOG.warn(
            "[{}] MBean {} not registered (retried later): {}", name, objectName, e.toString());
      } else {
        LOG.debug("[{}] MBean {} still not registered: {}", name, objectName, e.toString());
      }
    }
  }

  private void unregister(String name, ObjectName objectName) {
    try {
      server.unregisterMBean(objectName);
      LOG.debug("[{}] unregistered MBean {}", name, objectName);
    } catch (InstanceNotFoundException e) {
      LOG.debug("[{}] MBean {} was already unregistered", name, objectName);
    } catch (JMException | RuntimeException e) {
      LOG.warn("[{}] MBean {} not unregistered: {}", name, objectName, e.toString());
    }
  }

  private static String serviceName(BaseProtocol protocol, Map<String, ?> properties) {
    Object property = properties.get(ProtocolProperties.NAME);
    String name = property instanceof String s ? s : protocol.name();
    try {
      return ProtocolProperties.validateName(name);
    } catch (ConfigurationException e) {
      // the managers ignore it too, and log why
      return null;
    }
  }

  /**
   * Stops the sweep and unregisters every MBean this exporter registered. Later binds and
   * reconciliations do nothing. Idempotent.
   */
  @Deactivate
  @Override
  public void close() {
    if (sweeper != null) {
      // outside the lock: a sweep in progress must be able to finish
      ExecutorTermination.shutdown(sweeper, Duration.ofSeconds(5));
    }
    synchronized (this) {
      closed = true;
      registered.forEach(this::unregister);
      registered.clear();
      failed.clear();
    }
  }
}
