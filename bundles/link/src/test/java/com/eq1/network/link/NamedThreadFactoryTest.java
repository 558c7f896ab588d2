package com.eq1.network.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NamedThreadFactoryTest {

  @Test
  void namesThreadsWithThePrefixAndACounter() {
    NamedThreadFactory factory = new NamedThreadFactory("eq1-loopback-local");

    Thread first = factory.newThread(() -> {});
    Thread second = factory.newThread(() -> {});

    assertEquals("eq1-loopback-local-1", first.getName());
    assertEquals("eq1-loopback-local-2", second.getName());
  }

  @Test
  void eachFactoryCountsOnItsOwn() {
    new NamedThreadFactory("a").newThread(() -> {});

    assertEquals("b-1", new NamedThreadFactory("b").newThread(() -> {}).getName());
  }

  @Test
  void makesDaemonThreadsEvenFromANonDaemonThread() throws Exception {
    NamedThreadFactory factory = new NamedThreadFactory("eq1-test");
    Thread[] made = new Thread[1];
    Thread creator = new Thread(() -> made[0] = factory.newThread(() -> {}));
    creator.setDaemon(false);
    creator.start();
    creator.join(TimeUnit.SECONDS.toMillis(10));

    assertTrue(made[0].isDaemon());
  }

  @Test
  void runsTheTask() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    String[] runningName = new String[1];
    Thread thread =
        new NamedThreadFactory("eq1-run")
            .newThread(
                () -> {
                  runningName[0] = Thread.currentThread().getName();
                  ran.countDown();
                });

    thread.start();

    assertTrue(ran.await(10, TimeUnit.SECONDS));
    assertEquals("eq1-run-1", runningName[0]);
  }

  @Test
  void installsItsOwnUncaughtExceptionHandler() throws Exception {
    Thread thread =
        new NamedThreadFactory("eq1-fail")
            .newThread(
                () -> {
                  throw new IllegalStateException("expected by the test");
                });

    Thread.UncaughtExceptionHandler handler = thread.getUncaughtExceptionHandler();
    assertNotNull(handler);
    assertNotSame(thread.getThreadGroup(), handler, "not the default: the group");
    thread.start();
    thread.join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(thread.isAlive());
  }

  @Test
  void requiresAPrefix() {
    assertThrows(NullPointerException.class, () -> new NamedThreadFactory(null));
  }
}
