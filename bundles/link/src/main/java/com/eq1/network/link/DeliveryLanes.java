package com.eq1.network.link;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands inbound messages off the thread that received them to one lane per listener: each lane
 * delivers in order and never two at once, and lanes run on a connection's pool of named threads,
 * so a listener that blocks or is slow holds up only its own lane. A lane is bounded: when it is
 * full, the next delivery to that listener is refused (and counted) instead of stalling the
 * receiving thread and with it every other listener. A delivery that throws is logged and the lane
 * goes on.
 *
 * <p>Threads are made while lanes have work and end after 30 s idle: a connection whose listeners
 * keep up uses one or two.
 */
public final class DeliveryLanes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLanes.class);
  private static final int BATCH = 256; // deliveries before a lane gives its thread back

  private final String connectionName;
  private final int capacity;
  private final ThreadPoolExecutor pool;
  private final Map<Object, Lane> lanes = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();
  private volatile boolean closing;

  /**
   * Creates the lanes; no thread runs until something is delivered.
   *
   * @param connectionName the connection, named in log lines
   * @param threadPrefix the delivery threads' name prefix
   * @param capacity the most deliveries waiting in one lane
   */
  public DeliveryLanes(String connectionName, String threadPrefix, int capacity) {
    this.connectionName = Objects.requireNonNull(connectionName, "connectionName");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
    }
    this.capacity = capacity;
    this.pool =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE, // at most one busy thread per lane, and lanes are listeners
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            new NamedThreadFactory(threadPrefix));
  }

  /**
   * Queues a delivery in the lane of {@code listener}, without waiting.
   *
   * @param listener whose lane; deliveries for the same listener run in the order offered
   * @param delivery what to run
   * @return {@code true} if queued; {@code false} if that lane is full or the lanes are closing,
   *     and counted
   */
  public boolean offer(Object listener, Runnable delivery) {
    if (closing) {
      refused.increment();
      return false;
    }
    Lane lane = lanes.computeIfAbsent(listener, key -> new Lane(capacity));
    if (!lane.queue.offer(delivery)) {
      refused.increment();
      return false;
    }
    lane.schedule();
    return true;
  }

  /**
   * Forgets the lane of a listener that is gone, once its queued deliveries have run.
   *
   * @param listener the listener
   */
  public void remove(Object listener) {
    lanes.computeIfPresent(listener, (key, lane) -> lane.idle() ? null : lane);
  }

  /**
   * Returns how many deliveries were refused because a lane was full or the lanes were closing.
   *
   * @return the count since creation
   */
  public long refused() {
    return refused.sum();
  }

  /**
   * Returns the number of deliveries waiting in all lanes.
   *
   * @return the total depth
   */
  public int pending() {
    return lanes.values().stream().mapToInt(lane -> lane.queue.size()).sum();
  }

  /**
   * Returns the number of delivery threads alive now.
   *
   * @return the thread count
   */
  public int threads() {
    return pool.getPoolSize();
  }

  /**
   * Refuses new deliveries, runs what is queued for up to {@code timeout}, then ends the threads;
   * what is still queued then is counted as refused.
   *
   * @param timeout the longest time to wait for the lanes to drain, and again for the threads
   * @return {@code true} if every thread ended
   */
  public boolean close(Duration timeout) {
    closing = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (!lanes.values().stream().allMatch(Lane::idle) && deadline - System.nanoTime() > 0) {
        try {
          wait(10); // woken by a lane going idle; the timeout only guards a missed wake-up
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    boolean ended = ExecutorTermination.shutdown(pool, timeout);
    int lost = 0;
    for (Lane lane : lanes.values()) {
      lost += lane.queue.size();
      lane.queue.clear();
    }
    if (lost > 0) {
      refused.add(lost);
      LOG.warn("[{}] closed with {} inbound messages undelivered", connectionName, lost);
    }
    return ended;
  }

  /** Closes with a timeout of five seconds. */
  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }

  private final class Lane {
    private final BlockingQueue<Runnable> queue;
    private final AtomicBoolean running = new AtomicBoolean();

    Lane(int capacity) {
      this.queue = new LinkedBlockingQueue<>(capacity);
    }

    boolean idle() {
      return !running.get() && queue.isEmpty();
    }

    void schedule() {
      if (running.compareAndSet(false, true)) {
        try {
          pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
          running.set(false); // shut down: close() counts what is left
        }
      }
    }

    private void drain() {
      Runnable next;
      for (int i = 0; i < BATCH && !pool.isShutdown() && (next = queue.poll()) != null; i++) {
        deliver(next);
      }
      running.set(false);
      if (!queue.isEmpty()) {
        schedule(); // more came, or the batch ended: go on, on whichever thread is free
      } else if (closing) {
        synchronized (DeliveryLanes.this) {
          DeliveryLanes.this.notifyAll();
        }
      }
    }

    private void deliver(Runnable delivery) {
      try {
        delivery.run();
      } catch (VirtualMachineError e) {
        throw e; // out of memory or stack: the JVM is in trouble, nothing to recover here
      } catch (Exception | Error e) {
        // an AssertionError or a LinkageError in one listener must not end its later deliveries
        LOG.warn("[{}] message listener failed", connectionName, e);
      }
    }
  }
}
