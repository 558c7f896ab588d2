package com.eq1.network.tcp;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStateListener;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.ConnectionCounters;
import com.eq1.network.link.ConnectionStateMachine;
import com.eq1.network.link.ExecutorTermination;
import com.eq1.network.link.NamedThreadFactory;
import com.eq1.network.link.OutboundQueue;
import com.eq1.network.link.ReconnectSettings;
import com.eq1.network.link.Reconnector;
import com.eq1.network.tcp.internal.ChannelSetup;
import com.eq1.network.tcp.internal.FrameCodec;
import com.eq1.network.tcp.internal.InboundBuffer;
import com.eq1.network.tcp.internal.Link;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle a TCP client and server share: the state machine, the counters, the connection's
 * own thread (alive only while there is work), the shared reconnect policy after an unexpected loss
 * (never after {@link #disconnect()}), and the hand-registered OSGi service.
 */
abstract class Endpoint implements ReqResProtocol, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

  /** The connection's state. */
  final ConnectionStateMachine state;

  /** The connection's counters. */
  final ConnectionCounters counters = new ConnectionCounters();

  /** Runs reconnect attempts, flushes and events; its thread ends when idle for 10 s. */
  final ScheduledThreadPoolExecutor executor;

  /** Guards the lifecycle: connect, disconnect, close and the moment a link comes up. */
  final Object lifecycle = new Object();

  /** The framing of every link. */
  final FrameCodec codec;

  /** The pipeline of every link. */
  final ChannelSetup setup;

  /** Received messages waiting to be read. */
  final InboundBuffer inbound;

  private final String name;
  private final Duration writeTimeout;
  private final Reconnector reconnector;
  private final TcpTransport transport;
  private final boolean ownsTransport;
  private volatile boolean wanted;
  private volatile ServiceRegistration<ReqResProtocol> registration;

  Endpoint(
      String name,
      TcpOptions options,
      SslContext ssl,
      Duration handshakeTimeout,
      ReconnectSettings reconnect,
      TcpTransport transport,
      boolean ownsTransport) {
    this.name = name;
    this.writeTimeout = options.writeTimeout();
    this.setup = new ChannelSetup(name, options, ssl, handshakeTimeout);
    this.codec = setup.codec();
    this.inbound = new InboundBuffer(options.inboundCapacity());
    this.transport = transport;
    this.ownsTransport = ownsTransport;
    this.state = new ConnectionStateMachine(name);
    this.executor = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("eq1-tcp-" + name));
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
   * @throws ConnectionException if the link could not be opened within the timeout; attempts go on
   *     in the background with backoff
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

  /** Unregisters the service, disconnects and ends the connection's thread. */
  @Override
  public void close() {
    ServiceRegistration<ReqResProtocol> registered = registration;
    registration = null;
    if (registered != null) {
      try {
        registered.unregister(); // users see it go before it stops working
      } catch (IllegalStateException e) {
        LOG.debug("[{}] service already unregistered", name);
      }
    }
    synchronized (lifecycle) {
      if (state.state() == ConnectionState.CLOSED) {
        return;
      }
      disconnect();
      state.moveTo(ConnectionState.CLOSED);
    }
    ExecutorTermination.shutdown(executor, Duration.ofSeconds(5));
    inbound.clear();
    if (ownsTransport) {
      transport.close();
    }
  }

  /** Opens the link once within the timeout, calling {@link #up(Runnable)} on success. */
  abstract void open();

  /** Closes the link(s) after a deliberate disconnect. */
  abstract void shut();

  /**
   * Returns the outbound queue whose depth the statistics show.
   *
   * @return the queue, or {@code null}
   */
  abstract OutboundQueue<?> queue();

  /**
   * Records that a link came up, unless it is no longer wanted.
   *
   * @param commit makes the link current; runs under the lifecycle lock
   * @return {@code true} if it is up; {@code false} if the caller must close it again
   */
  final boolean up(Runnable commit) {
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
   * Writes one message on a link, waiting up to the write timeout for room, and counts it.
   *
   * @param link the link
   * @param data the payload
   * @return the payload size
   */
  final int write(Link link, byte[] data) {
    link.write(name, codec.encode(link.channel().alloc(), data), data.length, writeTimeout);
    counters.recordOut(data.length);
    return data.length;
  }

  final void requireOpen() {
    if (state.state() == ConnectionState.CLOSED) {
      throw new ConnectionException(name, "connection is closed");
    }
  }

  final void register(ServiceRegistration<ReqResProtocol> service) {
    this.registration = service;
  }

  /**
   * Replaces the service properties, if the service is registered.
   *
   * @param properties the new properties
   */
  final void republish(Hashtable<String, Object> properties) {
    ServiceRegistration<ReqResProtocol> registered = registration;
    if (registered != null) {
      try {
        registered.setProperties(properties);
      } catch (IllegalStateException e) {
        LOG.debug("[{}] service unregistered meanwhile", name);
      }
    }
  }

  @Override
  public final Optional<byte[]> read() {
    return read(Duration.ZERO);
  }

  /** Starts opening in the background: activation never waits for the network. */
  final void openInBackground() {
    synchronized (lifecycle) {
      wanted = true;
      state.moveTo(ConnectionState.CONNECTING);
    }
    execute(
        () -> {
          try {
            open();
          } catch (ProtocolException e) {
            LOG.warn(
                "{}; retrying with backoff", e.getMessage()); // the message names the connection
            counters.recordError(e.getMessage());
            lost();
          }
        });
  }

  /** The link went down while wanted: reconnect with backoff. */
  final void lost() {
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
  final void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("[{}] closing: task dropped", name);
    }
  }

  private void reattempt() {
    if (!wanted) {
      return;
    }
    try {
      open();
    } catch (ProtocolException e) {
      counters.recordError(e.getMessage());
      throw e;
    }
    if (state.state() == ConnectionState.CONNECTED) {
      counters.recordReconnect(); // not when disconnect() came first and open() stood down
    }
  }
}
