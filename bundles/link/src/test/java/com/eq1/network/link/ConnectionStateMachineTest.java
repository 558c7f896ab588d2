package com.eq1.network.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStateListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionStateMachineTest {

  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
  private static final int THREADS = 8;

  private final MutableClock clock = new MutableClock(T0);
  private final ConnectionStateMachine machine = new ConnectionStateMachine("plc1", clock);
  private final List<Change> changes = new CopyOnWriteArrayList<>();
  private ExecutorService pool;

  @AfterEach
  void stopPool() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Test
  void startsDisconnectedAtCreationTime() {
    assertEquals(ConnectionState.DISCONNECTED, machine.state());
    assertEquals(T0, machine.since());
  }

  @Test
  void startsDisconnectedWithTheSystemClock() {
    ConnectionStateMachine withSystemClock = new ConnectionStateMachine("local");

    assertEquals(ConnectionState.DISCONNECTED, withSystemClock.state());
    assertTrue(withSystemClock.moveTo(ConnectionState.CONNECTING));
    assertEquals(ConnectionState.CONNECTING, withSystemClock.state());
  }

  @Test
  void requiresNameAndClock() {
    assertThrows(NullPointerException.class, () -> new ConnectionStateMachine(null, clock));
    assertThrows(NullPointerException.class, () -> new ConnectionStateMachine("plc1", null));
  }

  @Test
  void followsAllowedTransitions() {
    assertTrue(machine.moveTo(ConnectionState.CONNECTING));
    assertTrue(machine.moveTo(ConnectionState.CONNECTED));
    assertTrue(machine.moveTo(ConnectionState.RECONNECTING));
    assertTrue(machine.moveTo(ConnectionState.CONNECTED));
    assertTrue(machine.moveTo(ConnectionState.DISCONNECTED));
    assertTrue(machine.moveTo(ConnectionState.CLOSED));

    assertEquals(ConnectionState.CLOSED, machine.state());
  }

  @Test
  void refusesDisallowedTransitionsAndStaysWhereItWas() {
    assertFalse(machine.moveTo(ConnectionState.CONNECTED));
    assertFalse(machine.moveTo(ConnectionState.RECONNECTING));
    assertFalse(machine.moveTo(ConnectionState.DISCONNECTED), "same state is no transition");
    assertEquals(ConnectionState.DISCONNECTED, machine.state());

    machine.moveTo(ConnectionState.CLOSED);
    for (ConnectionState next : ConnectionState.values()) {
      assertFalse(machine.moveTo(next), "nothing leaves CLOSED, not even to " + next);
    }
    assertEquals(ConnectionState.CLOSED, machine.state());
  }

  @Test
  void compareAndSetMovesOnlyFromTheExpectedState() {
    assertFalse(machine.moveTo(ConnectionState.CONNECTED, ConnectionState.RECONNECTING));
    assertEquals(ConnectionState.DISCONNECTED, machine.state());

    assertTrue(machine.moveTo(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING));
    assertEquals(ConnectionState.CONNECTING, machine.state());

    assertFalse(
        machine.moveTo(ConnectionState.DISCONNECTED, ConnectionState.CLOSED),
        "the expected state is no longer current");
    assertEquals(ConnectionState.CONNECTING, machine.state());
  }

  @Test
  void compareAndSetStillChecksTheTransition() {
    assertFalse(machine.moveTo(ConnectionState.DISCONNECTED, ConnectionState.CONNECTED));
    assertFalse(machine.moveTo(ConnectionState.DISCONNECTED, ConnectionState.DISCONNECTED));

    assertEquals(ConnectionState.DISCONNECTED, machine.state());
  }

  @Test
  void stampsEachChangeWithTheClock() {
    clock.advance(Duration.ofSeconds(3));
    machine.moveTo(ConnectionState.CONNECTING);
    assertEquals(T0.plusSeconds(3), machine.since());

    clock.advance(Duration.ofMillis(250));
    machine.moveTo(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    assertEquals(T0.plusSeconds(3).plusMillis(250), machine.since());
  }

  @Test
  void refusedTransitionKeepsTheTimestamp() {
    clock.advance(Duration.ofSeconds(10));

    machine.moveTo(ConnectionState.CONNECTED);
    machine.moveTo(ConnectionState.CONNECTED, ConnectionState.CLOSED);

    assertEquals(T0, machine.since());
  }

  @Test
  void tellsListenersNameAndBothStates() {
    machine.addListener(this::record);

    machine.moveTo(ConnectionState.CONNECTING);
    machine.moveTo(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    machine.moveTo(ConnectionState.CONNECTING); // refused: not told

    assertEquals(
        List.of(
            new Change("plc1", ConnectionState.DISCONNECTED, ConnectionState.CONNECTING),
            new Change("plc1", ConnectionState.CONNECTING, ConnectionState.CONNECTED)),
        changes);
  }

  @Test
  void listenerSeesTheNewStateAlreadyInPlace() {
    List<ConnectionState> seen = new ArrayList<>();
    machine.addListener((name, previous, current) -> seen.add(machine.state()));

    machine.moveTo(ConnectionState.CONNECTING);

    assertEquals(List.of(ConnectionState.CONNECTING), seen);
  }

  @Test
  void throwingListenerDoesNotStopTheOthers() {
    ConnectionStateListener first = (name, previous, current) -> record(name, previous, current);
    ConnectionStateListener failing =
        (name, previous, current) -> {
          throw new IllegalStateException("listener bug");
        };
    ConnectionStateListener last = (name, previous, current) -> record(name, previous, current);
    machine.addListener(first);
    machine.addListener(failing);
    machine.addListener(last);

    assertTrue(machine.moveTo(ConnectionState.CONNECTING));

    assertEquals(2, changes.size());
    assertEquals(ConnectionState.CONNECTING, machine.state());
    assertTrue(machine.moveTo(ConnectionState.CLOSED));
    assertEquals(4, changes.size());
  }

  @Test
  void addingAListenerTwiceTellsItOnce() {
    ConnectionStateListener listener = this::record;
    machine.addListener(listener);
    machine.addListener(listener);

    machine.moveTo(ConnectionState.CONNECTING);

    assertEquals(1, changes.size());
  }

  @Test
  void removedListenerIsNotToldAnyMore() {
    ConnectionStateListener listener = this::record;
    machine.addListener(listener);
    machine.moveTo(ConnectionState.CONNECTING);

    machine.removeListener(listener);
    machine.removeListener((name, previous, current) -> {}); // unknown: ignored
    machine.moveTo(ConnectionState.CONNECTED);

    assertEquals(
        List.of(new Change("plc1", ConnectionState.DISCONNECTED, ConnectionState.CONNECTING)),
        changes);
  }

  @Test
  void refusesNullListener() {
    assertThrows(NullPointerException.class, () -> machine.addListener(null));
  }

  @Test
  void exactlyOneOfManyConcurrentCallersWinsATransition() throws Exception {
    machine.addListener(this::record);
    pool = Executors.newFixedThreadPool(THREADS);

    for (int round = 0; round < 50; round++) {
      int winners = race(() -> machine.moveTo(ConnectionState.CONNECTING) ? 1 : 0);
      assertEquals(1, winners, "round " + round);
      assertEquals(ConnectionState.CONNECTING, machine.state());
      assertTrue(machine.moveTo(ConnectionState.DISCONNECTED));
    }

    assertEquals(100, changes.size(), "each won transition and each reset told once");
  }

  @Test
  void exactlyOneOfManyConcurrentCompareAndSetCallersWins() throws Exception {
    machine.moveTo(ConnectionState.CONNECTING);
    machine.moveTo(ConnectionState.CONNECTED);
    pool = Executors.newFixedThreadPool(THREADS);

    for (int round = 0; round < 50; round++) {
      int winners =
          race(
              () ->
                  machine.moveTo(ConnectionState.CONNECTED, ConnectionState.RECONNECTING) ? 1 : 0);
      assertEquals(1, winners, "round " + round);
      assertEquals(ConnectionState.RECONNECTING, machine.state());
      assertTrue(machine.moveTo(ConnectionState.CONNECTED));
    }
  }

  /** Starts {@link #THREADS} callers at once and adds up what they return. */
  private int race(Callable<Integer> attempt) throws Exception {
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      results.add(
          pool.submit(
              () -> {
                ready.countDown();
                assertTrue(go.await(10, TimeUnit.SECONDS));
                return attempt.call();
              }));
    }
    assertTrue(ready.await(10, TimeUnit.SECONDS));
    go.countDown();
    int sum = 0;
    for (Future<Integer> result : results) {
      sum += result.get(10, TimeUnit.SECONDS);
    }
    return sum;
  }

  private void record(String name, ConnectionState previous, ConnectionState current) {
    changes.add(new Change(name, previous, current));
  }

  record Change(String name, ConnectionState previous, ConnectionState current) {}

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {

    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
