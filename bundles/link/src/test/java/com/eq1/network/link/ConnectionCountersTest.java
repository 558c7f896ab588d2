package com.eq1.network.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.QueueFullException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectionCountersTest {

  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

  private final Clock stateClock = Clock.fixed(T0, ZoneOffset.UTC);
  private final ConnectionStateMachine machine = new ConnectionStateMachine("plc1", stateClock);

  @Test
  void startsAtZeroWithoutLastError() {
    ConnectionStatistics s = new ConnectionCounters(stateClock).snapshot(machine, null);

    assertEquals(0, s.messagesIn());
    assertEquals(0, s.messagesOut());
    assertEquals(0, s.bytesIn());
    assertEquals(0, s.bytesOut());
    assertEquals(0, s.errors());
    assertEquals(0, s.reconnects());
    assertNull(s.lastError());
    assertNull(s.lastErrorAt());
  }

  @Test
  void countsMessagesAndBytesPerDirection() {
    ConnectionCounters counters = new ConnectionCounters(stateClock);

    counters.recordIn(10);
    counters.recordIn(0);
    counters.recordIn(5);
    counters.recordOut(100);
    counters.recordOut(28);

    ConnectionStatistics s = counters.snapshot(machine, null);
    assertEquals(3, s.messagesIn());
    assertEquals(15, s.bytesIn());
    assertEquals(2, s.messagesOut());
    assertEquals(128, s.bytesOut());
  }

  @Test
  void countsReconnects() {
    ConnectionCounters counters = new ConnectionCounters(stateClock);

    counters.recordReconnect();
    counters.recordReconnect();

    assertEquals(2, counters.snapshot(machine, null).reconnects());
  }

  @Test
  void remembersTheLastErrorAndWhenItHappened() {
    Instant errorTime = T0.plusSeconds(42);
    ConnectionCounters counters = new ConnectionCounters(Clock.fixed(errorTime, ZoneOffset.UTC));

    counters.recordError("connection refused");

    ConnectionStatistics s = counters.snapshot(machine, null);
    assertEquals(1, s.errors());
    assertEquals("connection refused", s.lastError());
    assertEquals(errorTime, s.lastErrorAt());
  }

  @Test
  void theLatestErrorWins() {
    ConnectionStateMachineTest.MutableClock clock = new ConnectionStateMachineTest.MutableClock(T0);
    ConnectionCounters counters = new ConnectionCounters(clock);
    counters.recordError("first");
    clock.advance(Duration.ofSeconds(7));

    counters.recordError("second");

    ConnectionStatistics s = counters.snapshot(machine, null);
    assertEquals(2, s.errors());
    assertEquals("second", s.lastError());
    assertEquals(T0.plusSeconds(7), s.lastErrorAt());
  }

  @Test
  void stampsErrorsWithTheSystemClockByDefault() {
    ConnectionCounters counters = new ConnectionCounters();
    Instant before = Instant.now();

    counters.recordError("boom");

    Instant at = counters.snapshot(machine, null).lastErrorAt();
    assertNotNull(at);
    assertFalse(at.isBefore(before), at + " is the time of the error");
  }

  @Test
  void requiresAClock() {
    assertThrows(NullPointerException.class, () -> new ConnectionCounters(null));
  }

  @Test
  void snapshotDescribesTheStateMachine() {
    ConnectionStateMachineTest.MutableClock clock = new ConnectionStateMachineTest.MutableClock(T0);
    ConnectionStateMachine states = new ConnectionStateMachine("plc1", clock);
    clock.advance(Duration.ofMinutes(1));
    states.moveTo(ConnectionState.CONNECTING);

    ConnectionStatistics s = new ConnectionCounters(clock).snapshot(states, null);

    assertEquals(ConnectionState.CONNECTING, s.state());
    assertEquals(T0.plusSeconds(60), s.stateSince());
  }

  @Test
  void snapshotWithoutQueueReportsNoQueuedExpiredOrDropped() {
    ConnectionStatistics s = new ConnectionCounters(stateClock).snapshot(machine, null);

    assertEquals(0, s.queued());
    assertEquals(0, s.expired());
    assertEquals(0, s.dropped());
  }

  @Test
  void snapshotReportsTheQueue() {
    AtomicLong nanos = new AtomicLong();
    OutboundQueue<String> queue =
        new OutboundQueue<>(
            "plc1",
            new QueueSettings(3, Duration.ofSeconds(1), OverflowPolicy.REJECT_NEWEST),
            nanos::get);
    queue.offer("expires");
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    queue.offer("a");
    queue.offer("b");
    queue.offer("c");
    assertThrows(QueueFullException.class, () -> queue.offer("d"));
    assertThrows(QueueFullException.class, () -> queue.offer("e"));
    queue.poll();

    ConnectionStatistics s = new ConnectionCounters(stateClock).snapshot(machine, queue);

    assertEquals(2, s.queued());
    assertEquals(1, s.expired());
    assertEquals(2, s.dropped());
  }
}
