package com.eq1.network.manager.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The handler's threads: names, callbacks in order, and a close that is always bounded. */
class HandlerThreadsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  @Test
  void callbacksRunInOrderOnTheNamedCallbackThreadAndQueuedOnesRunAtClose() throws Exception {
    HandlerThreads threads = new HandlerThreads("ht-order", 10);
    List<String> log = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    threads.start(() -> {}, () -> {});

    threads.callback(
        () -> {
          log.add(Thread.currentThread().getName());
          started.countDown();
          await().atMost(DEADLINE).until(() -> release.getCount() == 0);
        });
    threads.callback(() -> log.add("second"));
    threads.complete(() -> log.add("third"));
    assertTrue(started.await(5, TimeUnit.SECONDS));

    threads.close(
        DEADLINE,
        () -> {
          log.add("before callbacks end");
          release.countDown();
        });

    assertEquals(
        List.of("eq1-handler-ht-order-callback-1", "before callbacks end", "second", "third"), log);
    assertEquals(0, threads.callbacksRefused());
  }

  @Test
  void afterCloseCallbacksAreRefusedButCompletionsStillRun() {
    HandlerThreads threads = new HandlerThreads("ht-closed", 10);
    threads.start(() -> {}, () -> {});
    threads.close(DEADLINE, () -> {});
    AtomicReference<String> ranOn = new AtomicReference<>();

    threads.callback(() -> ranOn.set("callback ran"));
    threads.complete(() -> ranOn.set(Thread.currentThread().getName()));

    assertEquals(Thread.currentThread().getName(), ranOn.get());
    assertEquals(2, threads.callbacksRefused());
  }

  @Test
  void closeIsBoundedWhenAWorkerWillNotStop() throws Exception {
    HandlerThreads threads = new HandlerThreads("ht-stuck", 10);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> stuck = new AtomicReference<>();
    threads.start(
        () -> {
          stuck.set(Thread.currentThread());
          while (release.getCount() > 0) {
            try {
              release.await();
            } catch (InterruptedException e) {
              // ignores the interrupt, as a worker stuck in a call that swallows it would
            }
          }
        },
        () -> {});
    await().atMost(DEADLINE).until(() -> stuck.get() != null);

    assertTimeoutPreemptively(
        Duration.ofSeconds(3), () -> threads.close(Duration.ofMillis(50), () -> {}));

    assertTrue(stuck.get().isAlive(), "close returned while the worker still ran");
    release.countDown();
    stuck.get().join(5_000);
    assertTrue(!stuck.get().isAlive());
  }
}
