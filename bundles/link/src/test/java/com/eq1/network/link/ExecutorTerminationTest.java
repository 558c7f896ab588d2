package com.eq1.network.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutorTerminationTest {

  private static final Duration LONG = Duration.ofSeconds(30);

  private final ExecutorService executor =
      Executors.newFixedThreadPool(1, new NamedThreadFactory("eq1-termination-test"));
  private final CountDownLatch gate = new CountDownLatch(1);
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch interrupted = new CountDownLatch(1);

  @AfterEach
  void releaseEverything() {
    gate.countDown();
    executor.shutdownNow();
  }

  @Test
  void idleExecutorTerminatesAtOnce() {
    assertTrue(ExecutorTermination.shutdown(executor, LONG));

    assertTrue(executor.isTerminated());
  }

  @Test
  void letsRunningAndQueuedTasksFinishWithoutInterrupting() throws Exception {
    AtomicInteger finished = new AtomicInteger();
    executor.execute(
        () -> {
          started.countDown();
          awaitIgnoringInterrupts(gate);
          finished.incrementAndGet();
        });
    executor.execute(finished::incrementAndGet);
    assertTrue(started.await(10, TimeUnit.SECONDS));
    Thread opener =
        new Thread(
            () -> {
              await().atMost(Duration.ofSeconds(10)).until(executor::isShutdown);
              gate.countDown();
            });
    opener.start();

    assertTrue(ExecutorTermination.shutdown(executor, LONG));

    assertEquals(2, finished.get(), "the running and the queued task both ran to the end");
    assertEquals(1, interrupted.getCount(), "a task that finishes in time is not interrupted");
    assertTrue(executor.isTerminated());
  }

  @Test
  void interruptsWhatStillRunsAfterTheTimeout() throws Exception {
    executor.execute(
        () -> {
          started.countDown();
          try {
            gate.await();
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
        });
    assertTrue(started.await(10, TimeUnit.SECONDS));

    assertTrue(ExecutorTermination.shutdown(executor, Duration.ofSeconds(1)));

    assertEquals(0, interrupted.getCount(), "the task was interrupted");
    assertTrue(executor.isTerminated());
  }

  @Test
  void waitsAgainForATaskThatIgnoresTheInterruptBriefly() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    executor.execute(
        () -> {
          started.countDown();
          awaitIgnoringInterrupts(gate); // the interrupt is noted and ignored
          awaitIgnoringInterrupts(release); // some cleanup after it
          finished.incrementAndGet();
        });
    assertTrue(started.await(10, TimeUnit.SECONDS));
    Thread cleanupDone =
        new Thread(
            () -> {
              try {
                if (interrupted.await(10, TimeUnit.SECONDS)) {
                  gate.countDown();
                  release.countDown();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    cleanupDone.start();

    assertTrue(ExecutorTermination.shutdown(executor, Duration.ofSeconds(1)));

    assertEquals(1, finished.get());
    assertTrue(executor.isTerminated());
  }

  @Test
  void reportsFalseWhenATaskOutlivesBothWaits() throws Exception {
    executor.execute(
        () -> {
          started.countDown();
          awaitIgnoringInterrupts(gate);
        });
    assertTrue(started.await(10, TimeUnit.SECONDS));

    boolean ended = ExecutorTermination.shutdown(executor, Duration.ofMillis(50));

    assertFalse(ended);
    assertEquals(0, interrupted.getCount(), "the task was interrupted");
    assertFalse(executor.isTerminated());
    gate.countDown();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
  }

  @Test
  void interruptedCallerStopsWaitingInterruptsTheTasksAndKeepsItsFlag() throws Exception {
    executor.execute(
        () -> {
          started.countDown();
          awaitIgnoringInterrupts(gate);
        });
    assertTrue(started.await(10, TimeUnit.SECONDS));

    Thread.currentThread().interrupt();
    boolean ended = ExecutorTermination.shutdown(executor, LONG);
    boolean flagKept = Thread.interrupted();

    assertTrue(flagKept, "the caller's interrupt flag is set again");
    assertFalse(ended, "the task still runs");
    assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the task was interrupted");
    assertTrue(executor.isShutdown());
    gate.countDown();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
  }

  /**
   * Waits up to 30 s for {@code latch}, noting interrupts in {@link #interrupted} and carrying on.
   */
  private void awaitIgnoringInterrupts(CountDownLatch latch) {
    while (true) {
      try {
        latch.await(30, TimeUnit.SECONDS);
        return;
      } catch (InterruptedException e) {
        interrupted.countDown();
      }
    }
  }
}
