package com.eq1.network.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reconnect driver on a real single-thread scheduler. Delays are made zero (random source 0)
 * where only the sequence matters; a marker task queued behind the attempts shows that nothing else
 * ran, instead of waiting and hoping.
 */
class ReconnectorTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final ReconnectSettings FAST =
      new ReconnectSettings(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(1));

  private final ScheduledThreadPoolExecutor scheduler =
      new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("test-reconnect"));
  private final AtomicLong clock = new AtomicLong();
  private final AtomicInteger attempts = new AtomicInteger();

  @AfterEach
  void shutdown() {
    scheduler.shutdownNow();
  }

  private Reconnector reconnector(Reconnector.Attempt attempt, double random) {
    return new Reconnector("plc1", FAST, scheduler, attempt, clock::get, () -> random);
  }

  /** Runs every task already due on the scheduler, then returns. */
  private void drain(ScheduledExecutorService on) throws Exception {
    CountDownLatch marker = new CountDownLatch(1);
    on.execute(marker::countDown);
    assertTrue(marker.await(WAIT.toSeconds(), TimeUnit.SECONDS));
  }

  @Test
  void retriesUntilAnAttemptSucceedsThenStops() throws Exception {
    Reconnector r =
        reconnector(
            () -> {
              if (attempts.incrementAndGet() < 4) {
                throw new IllegalStateException("refused");
              }
            },
            0.0);

    r.connectionLost();

    await().atMost(WAIT).until(() -> !r.isReconnecting());
    drain(scheduler);
    assertEquals(4, attempts.get());
    assertEquals(3, r.failures());
  }

  @Test
  void neverAttemptsAfterStop() throws Exception {
    Reconnector r = reconnector(attempts::incrementAndGet, 0.5);

    r.connectionLost(); // first attempt ~50 ms away
    r.stop();
    assertFalse(r.isReconnecting());
    scheduler
        .schedule(() -> {}, 200, TimeUnit.MILLISECONDS)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertEquals(0, attempts.get());
  }

  @Test
  void anAttemptRunningWhenStopIsCalledDoesNotScheduleAnother() throws Exception {
    CountDownLatch inAttempt = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Reconnector r =
        reconnector(
            () -> {
              attempts.incrementAndGet();
              inAttempt.countDown();
              release.await();
              throw new IllegalStateException("refused");
            },
            0.0);

    r.connectionLost();
    assertTrue(inAttempt.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    r.stop();
    release.countDown();
    drain(scheduler);
    drain(scheduler);

    assertEquals(1, attempts.get());
    assertFalse(r.isReconnecting());
  }

  @Test
  void aSecondLossWhileReconnectingChangesNothing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Reconnector r =
        reconnector(
            () -> {
              attempts.incrementAndGet();
              release.await();
            },
            0.0);

    r.connectionLost();
    r.connectionLost();
    r.connectionLost();
    release.countDown();
    await().atMost(WAIT).until(() -> !r.isReconnecting());
    drain(scheduler);

    assertEquals(1, attempts.get());
  }

  @Test
  void delaysAreFullJitterUnderADoublingCeiling() {
    ScheduledThreadPoolExecutor idle = new ScheduledThreadPoolExecutor(1);
    try {
      Reconnector r =
          new Reconnector("plc1", FAST, idle, () -> {}, clock::get, () -> 0.999_999_999);
      r.connectionLost();
      assertEquals(FAST.ceilingNanos(0), r.lastDelay().toNanos(), 1);
      Reconnector half = new Reconnector("plc2", FAST, idle, () -> {}, clock::get, () -> 0.5);
      half.connectionLost();
      assertEquals(FAST.ceilingNanos(0) / 2, half.lastDelay().toNanos(), 1);
      Reconnector zero = new Reconnector("plc3", FAST, idle, () -> {}, clock::get, () -> 0.0);
      zero.connectionLost();
      assertEquals(Duration.ZERO, zero.lastDelay());
    } finally {
      idle.shutdownNow();
    }
  }

  @Test
  void failuresGrowTheCeilingAndAStableConnectionStartsItOver() throws Exception {
    AtomicInteger failUntil = new AtomicInteger(3);
    Reconnector r =
        new Reconnector(
            "plc1",
            FAST,
            scheduler,
            () -> {
              if (attempts.incrementAndGet() <= failUntil.get()) {
                throw new IllegalStateException("refused");
              }
            },
            clock::get,
            () -> 0.0);

    r.connectionLost();
    await().atMost(WAIT).until(() -> !r.isReconnecting());
    assertEquals(3, r.failures());

    // lost again before the connection was stable: that counts as a failure too, then the
    // backoff goes on from there
    clock.addAndGet(Duration.ofMillis(500).toNanos());
    failUntil.set(attempts.get() + 1);
    r.connectionLost();
    assertEquals(4, r.failures());
    await().atMost(WAIT).until(() -> !r.isReconnecting());
    assertEquals(5, r.failures());

    // up for longer than the stable time: the next loss starts over
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    r.connectionLost();
    assertEquals(0, r.failures());
    await().atMost(WAIT).until(() -> !r.isReconnecting());
  }

  @Test
  void connectedStopsPendingAttempts() throws Exception {
    Reconnector r = reconnector(attempts::incrementAndGet, 0.5);
    r.connectionLost();
    r.connected();
    assertFalse(r.isReconnecting());
    scheduler
        .schedule(() -> {}, 200, TimeUnit.MILLISECONDS)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(0, attempts.get());
  }

  @Test
  void aShutDownSchedulerMeansNoReconnectAndNoError() {
    scheduler.shutdownNow();
    Reconnector r = reconnector(attempts::incrementAndGet, 0.0);
    r.connectionLost();
    assertFalse(r.isReconnecting());
    assertEquals(0, attempts.get());
  }

  @Test
  void twoConnectionsKeepTheirOwnBackoff() throws Exception {
    Reconnector failing =
        reconnector(
            () -> {
              throw new IllegalStateException("refused");
            },
            0.0);
    Reconnector fine = reconnector(() -> {}, 0.0);
    failing.connectionLost();
    await().atMost(WAIT).until(() -> failing.failures() >= 3);
    fine.connectionLost();
    await().atMost(WAIT).until(() -> !fine.isReconnecting());
    assertEquals(0, fine.failures());
    failing.stop();
  }
}
