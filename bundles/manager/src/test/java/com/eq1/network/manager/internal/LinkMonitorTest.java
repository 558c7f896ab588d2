package com.eq1.network.manager.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The link monitor on a clock the test moves: 3 misses of 100 ns allow 300 ns of silence. */
class LinkMonitorTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final LoopbackReqResProtocol protocol = new LoopbackReqResProtocol("monitored");
  private final List<String> events = new ArrayList<>();
  private final LongAdder losses = new LongAdder();
  private final LinkMonitor monitor =
      new LinkMonitor(
          protocol,
          Duration.ofNanos(100),
          3,
          now::get,
          () -> events.add("up"),
          reason -> events.add("down: " + reason),
          losses);

  @AfterEach
  void close() {
    protocol.close();
  }

  @Test
  void startsDownAndReportsEachChangeOnce() {
    assertFalse(monitor.isUp());

    monitor.stateChanged(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    monitor.stateChanged(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    assertTrue(monitor.isUp());
    monitor.stateChanged(ConnectionState.CONNECTED, ConnectionState.RECONNECTING);
    monitor.stateChanged(ConnectionState.RECONNECTING, ConnectionState.DISCONNECTED);

    assertEquals(List.of("up", "down: connection reconnecting"), events);
    assertFalse(monitor.isUp());
  }

  @Test
  void hearingThePeerBringsTheLinkUpOnlyWhileConnected() {
    monitor.heard();
    assertFalse(monitor.isUp(), "bytes left in a buffer do not make a link");

    protocol.connect();
    monitor.heard();

    assertTrue(monitor.isUp());
    assertEquals(List.of("up"), events);
  }

  @Test
  void aPeerSilentForLongerThanTheMissesIsLostOnce() {
    protocol.connect();
    monitor.stateChanged(ConnectionState.CONNECTING, ConnectionState.CONNECTED);

    now.addAndGet(300);
    monitor.checkPeer();
    assertTrue(monitor.isUp(), "exactly the allowed silence is not yet a loss");

    now.addAndGet(1);
    monitor.checkPeer();
    monitor.checkPeer();

    assertFalse(monitor.isUp());
    assertEquals(List.of("up", "down: peer missed 3 heartbeats"), events);
    assertEquals(1, losses.sum());

    monitor.heard();
    assertEquals(List.of("up", "down: peer missed 3 heartbeats", "up"), events);
    now.addAndGet(300);
    monitor.checkPeer();
    assertTrue(monitor.isUp(), "hearing the peer restarts the silence");
  }

  @Test
  void aConnectRestartsTheSilenceAndADisconnectedProtocolLosesNoPeer() {
    now.addAndGet(10_000);
    monitor.checkPeer();
    assertEquals(0, losses.sum(), "nothing to lose while down");

    protocol.connect();
    monitor.stateChanged(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    monitor.checkPeer();
    assertTrue(monitor.isUp());

    protocol.disconnect();
    now.addAndGet(10_000);
    monitor.checkPeer();
    assertEquals(0, losses.sum(), "a disconnected protocol is reported by its state, not here");
    assertEquals(List.of("up"), events);
  }
}
