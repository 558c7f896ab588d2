package com.eq1.network.link;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStateListener;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.ProtocolException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle every point-to-point transport shares, written once: the state machine, the
 * counters, the connection's own thread (alive only while there is work), explicit {@link
 * #connect()}, opening in the background at activation, and the shared {@link Reconnector} after an
 * unexpected loss — never after {@link #disconnect()}.
 *
 * <p>A transport supplies three things: {@link #open()} (one attempt to bring the link up, which
 * calls {@link #up(Runnable)} on success), {@link #shut()} (close the link after a deliberate
 * disconnect) and {@link #queue()} (the outbound queue the statistics show). When its link drops by
 * itself it calls {@link #lost()}. An attempt that fails with a {@link ConfigurationException} (a
 * port that refuses the line settings, an unreadable certificate) is not retried: trying again
 * cannot help, so the connection stays {@link ConnectionState#DISCONNECTED} until the next {@link
 * #connect()}. All public methods are thread-safe.
 */
public abstract class SupervisedConnection implements BaseProtocol, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SupervisedConnection.class);

  /** The connection's state. */
  protected final ConnectionStateMachine state;

  /** The connection's counters. */
  protected final ConnectionCounters counters = new ConnectionCounters();

  /** Runs reconnect attempts, flushes and events; its thread ends when idle for 10 s. */
  protected final ScheduledThreadPoolExecutor executor;

  /** Guards the lifecycle: connect, disconnect, close and the moment a link comes up. */
  protected final Object lifecycle = new Object();

  private final String name;
  private final Reconnector reconnector;
  private volatile boolean wanted;

  /**
   * Creates a disconnected connection.
   *
   * @param name the connection name
   * @param threadPrefix the prefix of its thread's name, e.g. {@code eq1-tcp-}; the name follows
   * @param reconnect the reconnect policy
   */
  protected SupervisedConnection(String name, String threadPrefix, ReconnectSettings reconnect) {
    this.name = name;
    this.state = new ConnectionStateMachine(name);
    this.executor = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory(threadPrefix + name));
    executor.setKeepAliveTime(10, TimeUnit.SECONDS);
    executor.allowCoreThreadTimeOut(true); // no idle thread per connection
    executor.setRemoveOnCancelPolicy(true);
    this.reconnector = new Reconnector(name, reconnect, executor, this::reattempt);
  }

  @Override
  public final String name() {
    return name;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Makes one attempt within the transport's own timeout and returns when the link is up.
   *
   * @throws ProtocolException (a {@link ConnectionException} or a subclass of it, usually) if the
   *     attempt failed; attempts go on in the background with backoff
   */
  @Override
  public void connect() {
    synchronized (lifecycle) {
      requireOpen();
      if (state.state() == ConnectionState.CONNECTED) {
        return;
      }
      wanted = true;
      reconnector.stop();
      state.moveTo(ConnectionState.CONNECTING);
    }
    try {
      open();
    } catch (ConfigurationException e) {
      giveUp(e);
      throw e;
    } catch (ProtocolException e) {
      counters.recordError(e.getMessage());
      lost();
      throw e;
    }
  }

  @Override
  public void disconnect() {
    synchronized (lifecycle) {
      wanted = false;
      reconnector.stop();
      if (state.state() != ConnectionState.CLOSED) {
        state.moveTo(ConnectionState.DISCONNECTED);
      }
    }
    shut();
  }

  @Override
  public final ConnectionState state() {
    return state.state();
  }

  @Override
  public final void addStateListener(ConnectionStateListener listener) {
    state.addListener(listener);
  }

  @Override
  public final void removeStateListener(ConnectionStateListener listener) {
    state.removeListener(listener);
  }

  @Override
  public ConnectionStatistics statistics() {
    return counters.snapshot(state, queue());
  }

  /**
   * Disconnects, moves to {@link ConnectionState#CLOSED}, ends the connection's thread (waiting up
   * to 5 s for a running task) and then calls {@link #released()}. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (state.state() == ConnectionState.CLOSED) {
        return;
      }
      disconnect();
      state.moveTo(ConnectionState.CLOSED);
    }
    ExecutorTermination.shutdown(executor, Duration.ofSeconds(5));
    released();
  }

  /**
   * Makes one attempt to bring the link up, within the transport's timeout, calling {@link
   * #up(Runnable)} on success. Runs on the caller of {@link #connect()} or on the connection's
   * thread.
   *
   * @throws ProtocolException if the attempt failed
   */
  protected abstract void open();

  /** Closes the link after a deliberate disconnect; must not throw. */
  protected abstract void shut();

  /**
   * Returns the outbound queue whose depth the statistics show.
   *
   * @return the queue, or {@code null} if there is none
   */
  protected abstract OutboundQueue<?> queue();

  /** Frees what the transport still holds once closed; called once, after the thread ended. */
  protected void released() {}

  /**
   * Records that a link came up, unless it is no longer wanted.
   *
   * @param commit makes the link current; runs under the lifecycle lock
   * @return {@code true} if it is up; {@code false} if the caller must close it again
   */
  protected final boolean up(Runnable commit) {
    synchronized (lifecycle) {
      if (!wanted || state.state() == ConnectionState.CLOSED) {
        return false;
      }
      commit.run();
      reconnector.connected();
      state.moveTo(ConnectionState.CONNECTED);
      return true;
    }
  }

  /**
   * Throws if the connection is closed.
   *
   * @throws ConnectionException if it is {@link ConnectionState#CLOSED}
   */
  protected final void requireOpen() {
    if (state.state() == ConnectionState.CLOSED) {
      throw new ConnectionException(name, "connection is closed");
    }
  }

  /** Starts opening in the background: activation never waits for the link. */
  protected final void openInBackground() {
    synchronized (lifecycle) {
      wanted = true;
      state.moveTo(ConnectionState.CONNECTING);
    }
    execute(
        () -> {
          try {
            open();
          } catch (ConfigurationException e) {
            giveUp(e);
          } catch (ProtocolException e) {
            LOG.warn("{}; retrying with backoff", e.getMessage()); // the message names the link
            counters.recordError(e.getMessage());
            lost();
          }
        });
  }

  /** The link went down while wanted: reconnect with backoff. */
  protected final void lost() {
    synchronized (lifecycle) {
      if (!wanted || state.state() == ConnectionState.CLOSED) {
        return;
      }
      state.moveTo(ConnectionState.RECONNECTING);
      reconnector.connectionLost();
    }
  }

  /**
   * Runs a task on the connection's thread, unless it is closing.
   *
   * @param task the task
   */
  protected final void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("[{}] closing: task dropped", name);
    }
  }

  private void giveUp(ConfigurationException e) {
    counters.recordError(e.getMessage());
    synchronized (lifecycle) {
      wanted = false;
      reconnector.stop();
      if (state.state() != ConnectionState.CLOSED) {
        state.moveTo(ConnectionState.DISCONNECTED);
      }
    }
    LOG.error("{}; not retried until the next connect", e.getMessage());
  }

  private void reattempt() {
    if (!wanted) {
      return;
    }
    try {
      open();
    } catch (ConfigurationException e) {
      giveUp(e);
      return;
    } catch (ProtocolException e) {
      counters.recordError(e.getMessage());
      throw e;
    }
    if (state.state() == ConnectionState.CONNECTED) {
      counters.recordReconnect(); // not when disconnect() came first and open() stood down
    }
  }
}
