package com.eq1.network.link;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Stops an executor within a bounded time, as every component must on deactivation. */
public final class ExecutorTermination {

  private ExecutorTermination() {}

  /**
   * Shuts {@code executor} down, lets queued tasks finish for up to {@code timeout}, then
   * interrupts what still runs and waits up to {@code timeout} again.
   *
   * @param executor the executor
   * @param timeout how long to wait at each of the two steps
   * @return {@code true} if every thread of the executor has ended
   */
  public static boolean shutdown(ExecutorService executor, Duration timeout) {
    executor.shutdown();
    try {
      if (executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        return true;
      }
      executor.shutdownNow();
      return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
      return executor.isTerminated();
    }
  }
}
