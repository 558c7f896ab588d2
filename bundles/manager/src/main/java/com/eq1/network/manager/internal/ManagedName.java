package com.eq1.network.manager.internal;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStateListener;
import com.eq1.network.api.Presence;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolNotFoundException;
import com.eq1.network.link.OutboundQueue;
import com.eq1.network.link.QueueSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a manager keeps for one connection name, and the operations on it. The fields are
 * guarded by {@link #lock}: sends and publishes to a reconciled protocol run under the read lock,
 * so that a swap (which takes the write lock) waits for them and no message slips into a protocol
 * that is going away. Methods ending in {@code Locked} expect the caller to hold the write lock.
 *
 * @param <P> the protocol type
 * @param <M> the type of a held outbound message
 */
final class ManagedName<P extends BaseProtocol, M> {

  private static final Logger LOG = LoggerFactory.getLogger(ManagedName.class);
  static final String NEVER_REGISTERED = "no protocol has been registered under this name";

  final String name;
  final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  final Executor reconciler;
  final Deque<P> standby = new ArrayDeque<>();
  private final Condition changed = lock.writeLock().newCondition();
  private final OutboundQueue<M> held;

  /** The protocol in use, or {@code null}. */
  P current;

  /** Whether desired state was applied to {@link #current} and held messages flushed to it. */
  boolean reconciled;

  /**
   * Whether the hooks' state was re-applied to {@link #current}: later changes go to it directly.
   */
  private boolean reapplied;

  /** Bumped on every change of {@link #current}, so that stale tasks recognise themselves. */
  long generation;

  Boolean connectIntent;
  private Presence presence = Presence.ABSENT;
  private String protocolType;
  private ScheduledFuture<?> graceTimer;

  ManagedName(String name, Executor executor, QueueSettings holdQueue) {
    this.name = name;
    this.reconciler = new SerialExecutor(executor);
    this.held =
        new OutboundQueue<>(
            name, "hold queue (protocol being swapped)", holdQueue, System::nanoTime);
  }

  // --- changes, with the write lock held -------------------------------------------------------

  /** Makes {@code protocol} current, to be reconciled; returns the new generation. */
  long attachLocked(P protocol) {
    if (graceTimer != null) {
      graceTimer.cancel(false);
      graceTimer = null;
    }
    current = protocol;
    reconciled = false;
    reapplied = false;
    presence = Presence.PRESENT;
    protocolType = protocol.protocolType();
    generation++;
    changed.signalAll();
    return generation;
  }

  /** Forgets the current protocol. */
  void detachLocked() {
    current = null;
    reconciled = false;
    reapplied = false;
    generation++;
  }

  /** Starts holding traffic for a protocol that went away, for {@code grace}. */
  void startGraceLocked(Duration grace, ScheduledExecutorService timer) {
    presence = Presence.SWAPPING;
    changed.signalAll();
    long swapped = generation;
    try {
      if (!grace.isZero()) {
        graceTimer = timer.schedule(() -> endGrace(swapped), grace.toNanos(), TimeUnit.NANOSECONDS);
        LOG.info("[{}] protocol went away; holding traffic for {} ms", name, grace.toMillis());
        return;
      }
    } catch (RejectedExecutionException e) {
      LOG.debug("[{}] manager is stopping; not waiting for the protocol", name);
    }
    expireHeldLocked();
  }

  private void endGrace(long swapped) {
    lock.writeLock().lock();
    try {
      if (generation == swapped && current == null) {
        expireHeldLocked();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void expireHeldLocked() {
    int expired = held.expireAll();
    presence = Presence.ABSENT;
    graceTimer = null;
    changed.signalAll();
    if (expired > 0) {
      LOG.warn(
          "[{}] protocol did not return within the grace period; {} held messages expired",
          name,
          expired);
    } else {
      LOG.info("[{}] protocol did not return within the grace period", name);
    }
  }

  // --- reconciliation --------------------------------------------------------------------------

  /**
   * Brings a protocol that appeared up to the desired state: applies the connect intent, then,
   * under the write lock, re-applies the hooks' state; once the protocol is connected (at once if
   * it already is, or is not meant to be, and at the latest after the grace period) flushes held
   * messages in order and lets traffic through directly. Until then traffic stays held here: a
   * protocol that goes again before it connects (a bundle update followed by a refresh starts one
   * such short-lived instance) would otherwise take the messages handed to it along. Does nothing
   * if the protocol was replaced meanwhile.
   */
  void reconcile(
      P protocol,
      long expected,
      RegistryHooks<P, M> hooks,
      Duration grace,
      ScheduledExecutorService timer) {
    Boolean intent;
    lock.readLock().lock();
    try {
      if (generation != expected) {
        return;
      }
      intent = connectIntent;
    } finally {
      lock.readLock().unlock();
    }
    applyIntent(protocol, intent);
    lock.writeLock().lock();
    try {
      if (generation != expected) {
        return;
      }
      try {
        hooks.reapply(name, protocol);
      } catch (RuntimeException e) {
        LOG.warn("[{}] desired state not fully applied: {}", name, e.getMessage(), e);
      }
      reapplied = true;
      if (!protocol.isConnected() && !Boolean.FALSE.equals(connectIntent)) {
        // a protocol that goes again before it connects must not take held messages with it
        awaitLink(protocol, expected, hooks, grace, timer);
        return;
      }
      releaseLocked(protocol, hooks);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void awaitLink(
      P protocol,
      long expected,
      RegistryHooks<P, M> hooks,
      Duration grace,
      ScheduledExecutorService timer) {
    AtomicBoolean once = new AtomicBoolean();
    ConnectionStateListener[] listener = {null};
    Runnable release =
        () -> {
          if (once.compareAndSet(false, true)) {
            protocol.removeStateListener(listener[0]);
            reconciler.execute(() -> releaseIfCurrent(protocol, expected, hooks));
          }
        };
    listener[0] =
        (n, previous, now) -> {
          if (now == ConnectionState.CONNECTED) {
            release.run();
          }
        };
    protocol.addStateListener(listener[0]);
    try {
      timer.schedule(release, grace.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("[{}] manager is stopping", name);
    }
    if (protocol.isConnected()) {
      release.run();
    }
    LOG.info(
        "[{}] {} protocol present but not connected; traffic held until it connects",
        name,
        protocol.protocolType());
  }

  private void releaseIfCurrent(P protocol, long expected, RegistryHooks<P, M> hooks) {
    lock.writeLock().lock();
    try {
      if (generation == expected && !reconciled) {
        releaseLocked(protocol, hooks);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void releaseLocked(P protocol, RegistryHooks<P, M> hooks) {
    int flushed = held.drainTo(message -> deliverHeld(hooks, protocol, message));
    reconciled = true;
    changed.signalAll();
    LOG.info(
        "[{}] {} protocol in use; desired state applied, {} held messages flushed",
        name,
        protocol.protocolType(),
        flushed);
  }

  private void applyIntent(P protocol, Boolean intent) {
    try {
      if (Boolean.TRUE.equals(intent)) {
        protocol.connect();
      } else if (Boolean.FALSE.equals(intent)) {
        protocol.disconnect();
      }
    } catch (RuntimeException e) {
      LOG.info(
          "[{}] connect on return failed, the protocol keeps trying: {}", name, e.getMessage());
    }
  }

  private void deliverHeld(RegistryHooks<P, M> hooks, P protocol, M message) {
    try {
      hooks.deliver(protocol, message);
    } catch (RuntimeException e) {
      LOG.warn("[{}] held message lost while flushing: {}", name, e.getMessage());
    }
  }

  // --- operations that take the lock themselves -----------------------------------------------

  /** Runs {@code action} under the write lock with the protocol to apply a change to now. */
  void update(Consumer<P> action) {
    lock.writeLock().lock();
    try {
      action.accept(current != null && reapplied ? current : null);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Records the connect intent; returns the protocol to apply it to now, or {@code null}. */
  P intend(boolean connect) {
    lock.writeLock().lock();
    try {
      connectIntent = connect;
      return current;
    } finally {
      lock.writeLock().unlock();
    }
  }

  <R> R submit(Supplier<M> heldForm, Function<P, R> direct, R whenHeld) {
    lock.readLock().lock();
    try {
      if (direct()) {
        return direct.apply(current);
      }
      if (holding()) {
        held.offer(heldForm.get());
        return whenHeld;
      }
      throw absent();
    } finally {
      lock.readLock().unlock();
    }
  }

  Optional<P> readable() {
    lock.readLock().lock();
    try {
      if (!holding()) {
        throw absent();
      }
      return Optional.ofNullable(current);
    } finally {
      lock.readLock().unlock();
    }
  }

  Optional<P> awaitReadable(long deadline) {
    lock.writeLock().lock();
    try {
      while (current == null) {
        if (!holding()) {
          throw absent();
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return Optional.empty();
        }
        changed.awaitNanos(remaining);
      }
      return Optional.of(current);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      lock.writeLock().unlock();
    }
  }

  Optional<P> current() {
    lock.readLock().lock();
    try {
      return Optional.ofNullable(current);
    } finally {
      lock.readLock().unlock();
    }
  }

  ConnectionInfo info(ProtocolKind kind, IntSupplier subscriptions) {
    lock.readLock().lock();
    try {
      ConnectionState state = current == null ? ConnectionState.DISCONNECTED : current.state();
      return new ConnectionInfo(
          name,
          kind,
          protocolType,
          presence,
          state,
          connectIntent,
          subscriptions.getAsInt(),
          held.size(),
          held.expired());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Tells whether sends go straight to the protocol; call with a lock held. */
  private boolean direct() {
    return current != null && reconciled;
  }

  /** Tells whether a protocol is, or may soon be, there; call with a lock held. */
  private boolean holding() {
    return current != null || presence == Presence.SWAPPING;
  }

  private ProtocolNotFoundException absent() {
    return new ProtocolNotFoundException(
        name,
        protocolType == null
            ? NEVER_REGISTERED
            : "its " + protocolType + " protocol went away and did not return in time");
  }
}
