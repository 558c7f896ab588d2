package com.eq1.network.manager.internal;

import com.eq1.network.api.AuthenticationException;
import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolNotFoundException;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.link.ExecutorTermination;
import com.eq1.network.link.NamedThreadFactory;
import com.eq1.network.manager.ManagerSettings;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind both managers: protocols by name, desired state, the hold queue and grace
 * period of a swap, and reconciliation of a protocol that (re)appears. One instance per manager.
 *
 * <p>Reconciliation runs on the registry's own threads, one task at a time per name: apply the
 * connect intent, then (under the name's write lock) re-apply the hooks' desired state, flush held
 * messages in order, and only then let sends through directly. Sends that arrive meanwhile are held
 * behind the flushed ones.
 *
 * @param <P> the protocol type
 * @param <M> the type of a held outbound message
 */
public final class ConnectionRegistry<P extends BaseProtocol, M> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistry.class);

  private final ProtocolKind kind;
  private final RegistryHooks<P, M> hooks;
  private final ScheduledExecutorService executor;
  private final Map<String, ManagedName<P, M>> names = new ConcurrentHashMap<>();
  private final Map<P, String> boundNames = new ConcurrentHashMap<>();
  private volatile ManagerSettings settings;

  /**
   * Creates a registry and its two threads ({@code eq1-<kind>-manager-<n>}).
   *
   * @param kind the protocol kind, for descriptions and thread names
   * @param settings the grace period and hold queue settings
   * @param hooks what differs between the kinds
   */
  public ConnectionRegistry(
      ProtocolKind kind, ManagerSettings settings, RegistryHooks<P, M> hooks) {
    this.kind = kind;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.hooks = hooks;
    String threads = kind == ProtocolKind.PUB_SUB ? "eq1-pubsub-manager" : "eq1-reqres-manager";
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(2, new NamedThreadFactory(threads));
    pool.setRemoveOnCancelPolicy(true);
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.executor = pool;
  }

  /**
   * Replaces the settings; they apply to names first seen and swaps started after the call.
   *
   * @param settings the new settings
   */
  public void updateSettings(ManagerSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  // --- protocols coming and going -------------------------------------------------------------

  /**
   * Binds a protocol service, named by its {@link ProtocolProperties#NAME} property (or, if that is
   * missing, by {@link BaseProtocol#name()}). A service with an invalid name is logged and ignored;
   * a second service under a name in use stands by until the first goes away.
   *
   * @param protocol the protocol service
   * @param properties its service properties
   */
  public void bindService(P protocol, Map<String, ?> properties) {
    String name = serviceName(protocol, properties);
    if (name != null) {
      bind(name, protocol, false);
    }
  }

  /**
   * Handles changed service properties: if the name changed, the protocol leaves the old name (as
   * if unregistered) and joins the new one.
   *
   * @param protocol the protocol service
   * @param properties its new service properties
   */
  public void rebindService(P protocol, Map<String, ?> properties) {
    String name = serviceName(protocol, properties);
    if (!Objects.equals(name, boundNames.get(protocol))) {
      unbind(protocol, true);
      if (name != null) {
        bind(name, protocol, false);
      }
    }
  }

  /**
   * Registers a protocol by hand.
   *
   * @param name the connection name
   * @param protocol the protocol
   * @throws ConfigurationException if the name is invalid or another protocol uses it
   */
  public void register(String name, P protocol) {
    Objects.requireNonNull(protocol, "protocol");
    bind(ProtocolProperties.validateName(name), protocol, true);
  }

  /**
   * Unregisters by hand the protocol in use under a name, detaching the desired state from it.
   *
   * @param name the connection name
   */
  public void unregister(String name) {
    protocol(name).ifPresent(protocol -> unbind(protocol, true));
  }

  /**
   * Unbinds a protocol: if it was in use, a standby protocol of the same name takes over, or the
   * name enters the swap grace period.
   *
   * @param protocol the protocol
   * @param detach whether to remove the desired state from the protocol (it lives on)
   */
  public void unbind(P protocol, boolean detach) {
    String name = boundNames.remove(protocol);
    ManagedName<P, M> entry = name == null ? null : names.get(name);
    if (entry == null) {
      return;
    }
    P next;
    long generation;
    entry.lock.writeLock().lock();
    try {
      if (entry.standby.remove(protocol) || entry.current != protocol) {
        return;
      }
      if (detach) {
        detachQuietly(name, protocol);
      }
      entry.detachLocked();
      next = entry.standby.pollFirst();
      if (next == null) {
        entry.startGraceLocked(settings.swapGracePeriod(), executor);
        return;
      }
      generation = entry.attachLocked(next);
    } finally {
      entry.lock.writeLock().unlock();
    }
    scheduleReconcile(entry, next, generation);
  }

  private void bind(String name, P protocol, boolean exclusive) {
    String other = boundNames.get(protocol);
    if (other != null && !other.equals(name)) {
      String message = "this protocol is already registered under the name '" + other + "'";
      if (exclusive) {
        throw new ConfigurationException(name, message);
      }
      LOG.warn("[{}] ignored: {}", name, message);
      return;
    }
    ManagedName<P, M> entry = entry(name);
    long generation;
    entry.lock.writeLock().lock();
    try {
      if (entry.current == protocol || entry.standby.contains(protocol)) {
        return;
      }
      if (entry.current != null) {
        if (exclusive) {
          throw new ConfigurationException(
              name,
              "another "
                  + entry.current.protocolType()
                  + " protocol is registered under this name");
        }
        entry.standby.addLast(protocol);
        boundNames.put(protocol, name);
        LOG.warn(
            "[{}] a second {} protocol uses this name; it stands by until the first goes away",
            name,
            protocol.protocolType());
        return;
      }
      boundNames.put(protocol, name);
      generation = entry.attachLocked(protocol);
    } finally {
      entry.lock.writeLock().unlock();
    }
    scheduleReconcile(entry, protocol, generation);
  }

  private void scheduleReconcile(ManagedName<P, M> entry, P protocol, long generation) {
    entry.reconciler.execute(
        () -> entry.reconcile(protocol, generation, hooks, settings.swapGracePeriod(), executor));
  }

  private void detachQuietly(String name, P protocol) {
    try {
      hooks.detach(name, protocol);
    } catch (RuntimeException e) {
      LOG.debug("[{}] could not detach desired state: {}", name, e.getMessage());
    }
  }

  // --- desired state ---------------------------------------------------------------------------

  /**
   * Records the intent to be connected and connects the protocol in use, if any.
   *
   * @param name the connection name
   * @return {@code true} if connected on return
   */
  public boolean connect(String name) {
    P protocol = entry(ProtocolProperties.validateName(name)).intend(true);
    if (protocol == null) {
      return false;
    }
    try {
      protocol.connect();
    } catch (AuthenticationException e) {
      throw e;
    } catch (ConnectionException e) {
      LOG.info("[{}] connect failed, the protocol keeps trying: {}", name, e.getMessage());
      return false;
    }
    return protocol.isConnected();
  }

  /**
   * Records the intent to be disconnected and disconnects the protocol in use, if any.
   *
   * @param name the connection name
   */
  public void disconnect(String name) {
    P protocol = entry(ProtocolProperties.validateName(name)).intend(false);
    if (protocol != null) {
      protocol.disconnect();
    }
  }

  /**
   * Changes the hooks' desired state for a name under its write lock. {@code action} receives the
   * protocol to apply the change to now, or {@code null} if none is in use or it is still being
   * reconciled (reconciliation will apply the change).
   *
   * @param name the connection name
   * @param create whether to start keeping state for an unknown name (otherwise nothing runs)
   * @param action the change
   */
  public void update(String name, boolean create, Consumer<P> action) {
    ManagedName<P, M> entry =
        create ? entry(ProtocolProperties.validateName(name)) : names.get(name);
    if (entry != null) {
      entry.update(action);
    }
  }

  // --- traffic ---------------------------------------------------------------------------------

  /**
   * Sends through the protocol in use, or holds the message while the name is swapping.
   *
   * @param name the connection name
   * @param heldForm makes the message to hold (a private copy)
   * @param direct sends through the protocol
   * @param whenHeld the result to return when the message was held
   * @param <R> the result type
   * @return the result of {@code direct}, or {@code whenHeld}
   * @throws ProtocolNotFoundException if the name is unknown or absent
   */
  public <R> R submit(String name, Supplier<M> heldForm, Function<P, R> direct, R whenHeld) {
    return known(name).submit(heldForm, direct, whenHeld);
  }

  /**
   * Returns the protocol to read from now, without waiting.
   *
   * @param name the connection name
   * @return the protocol, or empty while the name is swapping
   * @throws ProtocolNotFoundException if the name is unknown or absent
   */
  public Optional<P> readable(String name) {
    return known(name).readable();
  }

  /**
   * Returns the protocol to read from, waiting while the name is swapping.
   *
   * @param name the connection name
   * @param deadline the {@link System#nanoTime()} to give up at
   * @return the protocol, or empty if none returned by the deadline
   * @throws ProtocolNotFoundException if the name is unknown or becomes absent
   */
  public Optional<P> awaitReadable(String name, long deadline) {
    return known(name).awaitReadable(deadline);
  }

  // --- descriptions ----------------------------------------------------------------------------

  /**
   * Returns the protocol in use under a name.
   *
   * @param name the connection name
   * @return the protocol, or empty
   */
  public Optional<P> protocol(String name) {
    ManagedName<P, M> entry = name == null ? null : names.get(name);
    return entry == null ? Optional.empty() : entry.current();
  }

  /**
   * Describes one name.
   *
   * @param name the connection name
   * @return its description, or empty if unknown
   */
  public Optional<ConnectionInfo> info(String name) {
    ManagedName<P, M> entry = name == null ? null : names.get(name);
    return Optional.ofNullable(entry).map(this::describe);
  }

  /**
   * Describes every name.
   *
   * @return the descriptions, sorted by name
   */
  public List<ConnectionInfo> infos() {
    return names.values().stream()
        .map(this::describe)
        .sorted(Comparator.comparing(ConnectionInfo::name))
        .toList();
  }

  /** Stops the registry's threads; pending grace periods and reconciliations are abandoned. */
  @Override
  public void close() {
    ExecutorTermination.shutdown(executor, Duration.ofSeconds(5));
  }

  private ConnectionInfo describe(ManagedName<P, M> entry) {
    return entry.info(kind, () -> hooks.subscriptions(entry.name));
  }

  private ManagedName<P, M> entry(String name) {
    return names.computeIfAbsent(name, n -> new ManagedName<>(n, executor, settings.holdQueue()));
  }

  private ManagedName<P, M> known(String name) {
    ManagedName<P, M> entry = name == null ? null : names.get(name);
    if (entry == null) {
      throw new ProtocolNotFoundException(name, ManagedName.NEVER_REGISTERED);
    }
    return entry;
  }

  private static String serviceName(BaseProtocol protocol, Map<String, ?> properties) {
    Object property = properties.get(ProtocolProperties.NAME);
    String name = property instanceof String s ? s : protocol.name();
    try {
      return ProtocolProperties.validateName(name);
    } catch (ConfigurationException e) {
      LOG.warn("Ignoring a {} protocol service: {}", protocol.protocolType(), e.getMessage());
      return null;
    }
  }
}
