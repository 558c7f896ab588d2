package com.eq1.network.loopback;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStateListener;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.link.ConnectionCounters;
import com.eq1.network.link.ConnectionStateMachine;
import com.eq1.network.link.OutboundQueue;
import com.eq1.network.link.QueueSettings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both loopback protocols share: state, counters, and the outbound queue that holds messages
 * while disconnected and is flushed, in order, before the connection reports {@link
 * ConnectionState#CONNECTED}.
 *
 * @param <M> the type of outbound message
 */
abstract class LoopbackConnection<M> implements BaseProtocol, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LoopbackConnection.class);

  final ConnectionCounters counters = new ConnectionCounters();
  private final String name;
  private final ConnectionStateMachine state;
  private final OutboundQueue<M> outbound;
  private final Object lifecycle = new Object();

  LoopbackConnection(String name, QueueSettings queue) {
    this.name = ProtocolProperties.validateName(name);
    this.state = new ConnectionStateMachine(name);
    this.outbound = new OutboundQueue<>(name, queue);
  }

  /** Attaches to the peer; called with the lifecycle lock held, before the queue is flushed. */
  abstract void attach();

  /** Detaches from the peer; called with the lifecycle lock held. */
  abstract void detach();

  /** Moves one message to the peer now; counts a failure as an error itself before throwing. */
  abstract void transmit(M message);

  /** Releases threads and buffers once closed; called without the lifecycle lock. */
  abstract void release();

  @Override
  public final String name() {
    return name;
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
  public final ConnectionStatistics statistics() {
    return counters.snapshot(state, outbound);
  }

  /**
   * Returns the details every loopback connection has: the peer and no TLS.
   *
   * @param peer what the connection talks to
   * @return {@code peer} and {@code tls}, in that order, unmodifiable
   */
  final Map<String, String> details(String peer) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put(DETAIL_PEER, peer);
    details.put(DETAIL_TLS, "off");
    return Collections.unmodifiableMap(details);
  }

  /** Connects at once: a loopback peer is always there. Flushes what was queued first. */
  @Override
  public final void connect() {
    synchronized (lifecycle) {
      ConnectionState now = state.state();
      if (now == ConnectionState.CLOSED) {
        throw new ConnectionException(name, "connection is closed");
      }
      if (now == ConnectionState.CONNECTED) {
        return;
      }
      state.moveTo(ConnectionState.CONNECTING);
      attach();
      int flushed = outbound.drainTo(this::transmitQueued);
      if (flushed > 0) {
        LOG.debug("[{}] sent {} queued messages on connect", name, flushed);
      }
      state.moveTo(ConnectionState.CONNECTED);
    }
  }

  @Override
  public final void disconnect() {
    synchronized (lifecycle) {
      if (state.state() != ConnectionState.CLOSED) {
        detach();
        state.moveTo(ConnectionState.DISCONNECTED);
      }
    }
  }

  /**
   * Closes the connection for good: detaches, discards (and counts as expired) what is still
   * queued, and stops its threads. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (state.state() == ConnectionState.CLOSED) {
        return;
      }
      detach();
      state.moveTo(ConnectionState.CLOSED);
      int discarded = outbound.expireAll();
      if (discarded > 0) {
        LOG.info("[{}] closed with {} queued messages discarded", name, discarded);
      }
    }
    release();
  }

  /** Transmits now if connected, otherwise queues; keeps the order across a connect. */
  final void submit(M message) {
    if (state.state() == ConnectionState.CONNECTED) {
      transmit(message);
      return;
    }
    synchronized (lifecycle) {
      switch (state.state()) {
        case CLOSED -> throw new ConnectionException(name, "connection is closed");
        case CONNECTED -> transmit(message);
        default -> outbound.offer(message);
      }
    }
  }

  private void transmitQueued(M message) {
    try {
      transmit(message);
    } catch (ProtocolException e) {
      // transmit has counted the error already
      LOG.warn("[{}] queued message lost on connect: {}", name, e.getMessage());
    }
  }
}
