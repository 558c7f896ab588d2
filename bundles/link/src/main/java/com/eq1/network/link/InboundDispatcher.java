package com.eq1.network.link;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands inbound messages off the thread that received them to one named delivery thread per
 * connection, in order, through a bounded queue. A delivery that throws (an exception or an error
 * other than a {@link VirtualMachineError}) is logged and the next one runs; a full queue refuses
 * the delivery (counted) instead of growing without bound.
 *
 * <p>{@link #close(Duration)} delivers what is already queued, within the timeout, then stops the
 * thread.
 */
public final class InboundDispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InboundDispatcher.class);
  private static final Runnable STOP = () -> {};

  private final String connectionName;
  private final BlockingQueue<Runnable> queue;
  private final ExecutorService thread;
  private final LongAdder refused = new LongAdder();
  private volatile boolean closing;

  /**
   * Creates the dispatcher and starts its thread, named {@code <threadPrefix>-1}.
   *
   * @param connectionName the connection, named in log lines
   * @param threadPrefix the delivery thread's name prefix
   * @param capacity the most deliveries waiting at once
   */
  public InboundDispatcher(String connectionName, String threadPrefix, int capacity) {
    this(connectionName, new NamedThreadFactory(threadPrefix), capacity);
  }

  /**
   * Creates the dispatcher and starts its thread from {@code threads}, for an owner that keeps
   * track of the threads it made (to join them when it closes).
   *
   * @param connectionName the connection, named in log lines
   * @param threads makes the delivery thread
   * @param capacity the most deliveries waiting at once
   */
  public InboundDispatcher(String connectionName, ThreadFactory threads, int capacity) {
    this.connectionName = Objects.requireNonNull(connectionName, "connectionName");
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = Executors.newSingleThreadExecutor(threads);
    thread.execute(this::run);
  }

  /**
   * Queues a delivery, waiting up to {@code wait} for room.
   *
   * @param delivery what to run on the delivery thread
   * @param wait how long to wait for room when the queue is full; zero does not wait
   * @return {@code true} if queued; {@code false} if refused (full, or closing), and counted
   */
  public boolean offer(Runnable delivery, Duration wait) {
    boolean queued = false;
    if (!closing) {
      try {
        queued =
            wait.isZero()
                ? queue.offer(delivery)
                : queue.offer(delivery, wait.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!queued) {
      refused.increment();
    }
    return queued;
  }

  /**
   * Returns how many deliveries were refused because the queue was full or closing.
   *
   * @return the count since creation
   */
  public long refused() {
    return refused.sum();
  }

  /**
   * Returns the number of deliveries waiting.
   *
   * @return the queue depth
   */
  public int pending() {
    return queue.size();
  }

  /**
   * Delivers what is queued, for up to {@code timeout}, then stops the delivery thread.
   *
   * @param timeout the longest time to wait for the queue to drain, and again for the thread
   * @return {@code true} if the thread ended
   */
  public boolean close(Duration timeout) {
    closing = true;
    try {
      if (!queue.offer(STOP, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        LOG.warn("[{}] inbound deliveries did not drain within {}", connectionName, timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    boolean ended = ExecutorTermination.shutdown(thread, timeout);
    queue.remove(STOP); // left behind if the thread stopped early or was already gone: no message
    int lost = queue.size();
    if (lost > 0) {
      refused.add(lost);
      queue.clear();
      LOG.warn("[{}] closed with {} inbound messages undelivered", connectionName, lost);
    }
    return ended;
  }

  /** Closes with a timeout of five seconds. */
  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  private void run() {
    try {
      for (Runnable next = queue.take(); next != STOP; next = queue.take()) {
        deliver(next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deliver(Runnable delivery) {
    try {
      delivery.run();
    } catch (VirtualMachineError e) {
      throw e; // out of memory or stack: the JVM is in trouble, nothing to recover here
    } catch (Exception | Error e) {
      // an AssertionError or a LinkageError in one listener must not end every later delivery
      LOG.warn("[{}] message listener failed", connectionName, e);
    }
  }
}
