package com.eq1.network.link;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStateListener;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one connection, changed only along the transitions {@link ConnectionState#canMoveTo}
 * allows, with listeners told of every change. Starts {@link ConnectionState#DISCONNECTED}.
 * Thread-safe and lock-free: concurrent transitions are decided by compare-and-set, and listeners
 * are called on the thread that made the change, after it.
 */
public final class ConnectionStateMachine {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionStateMachine.class);

  private record Current(ConnectionState state, Instant since) {}

  private final String name;
  private final Clock clock;
  private final AtomicReference<Current> current;
  private final Set<ConnectionStateListener> listeners = new CopyOnWriteArraySet<>();

  /**
   * Creates a state machine in {@link ConnectionState#DISCONNECTED}.
   *
   * @param name the connection name, passed to listeners
   */
  public ConnectionStateMachine(String name) {
    this(name, Clock.systemUTC());
  }

  /**
   * Creates a state machine in {@link ConnectionState#DISCONNECTED} with an explicit clock.
   *
   * @param name the connection name, passed to listeners
   * @param clock the clock that stamps state changes
   */
  public ConnectionStateMachine(String name, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.current =
        new AtomicReference<>(new Current(ConnectionState.DISCONNECTED, clock.instant()));
  }

  /**
   * Returns the current state.
   *
   * @return the state
   */
  public ConnectionState state() {
    return current.get().state();
  }

  /**
   * Returns when the current state was entered.
   *
   * @return the instant of the last transition (or of creation)
   */
  public Instant since() {
    return current.get().since();
  }

  /**
   * Moves to {@code next} if the current state allows it.
   *
   * @param next the state to move to
   * @return {@code true} if the state changed; {@code false} if the transition is not allowed from
   *     the current state (including the current state itself)
   */
  public boolean moveTo(ConnectionState next) {
    while (true) {
      Current now = current.get();
      if (!now.state().canMoveTo(next)) {
        return false;
      }
      if (current.compareAndSet(now, new Current(next, clock.instant()))) {
        fire(now.state(), next);
        return true;
      }
    }
  }

  /**
   * Moves to {@code next} only if the current state is {@code expected} and the transition is
   * allowed.
   *
   * @param expected the state the caller believes is current
   * @param next the state to move to
   * @return {@code true} if the state changed
   */
  public boolean moveTo(ConnectionState expected, ConnectionState next) {
    while (true) {
      Current now = current.get();
      if (now.state() != expected || !expected.canMoveTo(next)) {
        return false;
      }
      if (current.compareAndSet(now, new Current(next, clock.instant()))) {
        fire(expected, next);
        return true;
      }
    }
  }

  /**
   * Adds a listener; adding it twice has no effect.
   *
   * @param listener the listener
   */
  public void addListener(ConnectionStateListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener; unknown listeners are ignored.
   *
   * @param listener the listener
   */
  public void removeListener(ConnectionStateListener listener) {
    listeners.remove(listener);
  }

  private void fire(ConnectionState previous, ConnectionState next) {
    LOG.debug("[{}] {} -> {}", name, previous, next);
    for (ConnectionStateListener listener : listeners) {
      try {
        listener.stateChanged(name, previous, next);
      } catch (RuntimeException e) {
        LOG.warn("[{}] state listener {} failed on {} -> {}", name, listener, previous, next, e);
      }
    }
  }
}
