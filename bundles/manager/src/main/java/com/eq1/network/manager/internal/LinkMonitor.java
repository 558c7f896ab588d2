package com.eq1.network.manager.internal;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ReqResProtocol;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a network handler's link is up: the protocol is connected and, with heartbeats on, the
 * peer was heard from within the allowed misses. Reports each change once. Thread-safe.
 */
public final class LinkMonitor {

  private static final Logger LOG = LoggerFactory.getLogger(LinkMonitor.class);

  private final String name;
  private final ReqResProtocol protocol;
  private final long allowedSilenceNanos;
  private final int misses;
  private final LongSupplier nanoClock;
  private final Runnable onUp;
  private final Consumer<String> onDown;
  private final LongAdder peerLosses;
  private final AtomicBoolean up = new AtomicBoolean();
  private volatile long lastHeardNanos;

  /**
   * Creates the monitor, down until told otherwise.
   *
   * @param protocol the link
   * @param heartbeatInterval how often the peer sends heartbeats
   * @param misses how many intervals of silence mean the peer is lost
   * @param nanoClock a monotonic clock
   * @param onUp runs when the link comes up
   * @param onDown runs with the reason when the link goes down
   * @param peerLosses counts peers declared lost
   */
  public LinkMonitor(
      ReqResProtocol protocol,
      Duration heartbeatInterval,
      int misses,
      LongSupplier nanoClock,
      Runnable onUp,
      Consumer<String> onDown,
      LongAdder peerLosses) {
    this.name = protocol.name();
    this.protocol = protocol;
    this.allowedSilenceNanos = heartbeatInterval.toNanos() * misses;
    this.misses = misses;
    this.nanoClock = nanoClock;
    this.onUp = onUp;
    this.onDown = onDown;
    this.peerLosses = peerLosses;
    this.lastHeardNanos = nanoClock.getAsLong();
  }

  /**
   * Tells whether the link is up.
   *
   * @return {@code true} if up
   */
  public boolean isUp() {
    return up.get();
  }

  /**
   * Follows the protocol's state.
   *
   * @param previous the state before
   * @param current the state now
   */
  public void stateChanged(ConnectionState previous, ConnectionState current) {
    if (current == ConnectionState.CONNECTED) {
      lastHeardNanos = nanoClock.getAsLong();
      change(true, null);
    } else if (previous == ConnectionState.CONNECTED) {
      change(false, "connection " + current.name().toLowerCase(Locale.ROOT));
    }
  }

  /** Bytes arrived from the peer: it is alive. */
  public void heard() {
    lastHeardNanos = nanoClock.getAsLong();
    if (!up.get() && protocol.isConnected()) {
      change(true, null);
    }
  }

  /** Declares the peer lost if it has been silent for longer than the allowed misses. */
  public void checkPeer() {
    long silent = nanoClock.getAsLong() - lastHeardNanos;
    if (silent > allowedSilenceNanos && protocol.isConnected() && up.get()) {
      peerLosses.increment();
      LOG.info("[{}] peer silent for {} ms: link considered down", name, silent / 1_000_000);
      change(false, "peer missed " + misses + " heartbeats");
    }
  }

  private void change(boolean nowUp, String reason) {
    if (up.compareAndSet(!nowUp, nowUp)) {
      if (nowUp) {
        onUp.run();
      } else {
        onDown.accept(reason);
      }
    }
  }
}
