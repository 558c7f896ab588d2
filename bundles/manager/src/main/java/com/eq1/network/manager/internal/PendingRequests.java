package com.eq1.network.manager.internal;

import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.packet.Message;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The requests of one network handler that wait for their reply, by correlation id. Each has a
 * timeout on the handler's timer; the first of reply, timeout, failure or close completes it, and
 * completions run through the handler's completer (its callback thread). Thread-safe.
 */
public final class PendingRequests {

  private static final class Pending {
    final CompletableFuture<Message> future;
    volatile ScheduledFuture<?> timeout;

    Pending(CompletableFuture<Message> future) {
      this.future = future;
    }
  }

  private final String name;
  private final ScheduledExecutorService timer;
  private final Consumer<Runnable> completer;
  private final LongAdder timeouts;
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  /**
   * Creates the table.
   *
   * @param name the connection, named in exceptions
   * @param timer runs the timeouts
   * @param completer runs each completion, on a thread that is not the timer or an I/O thread
   * @param timeouts counts requests that timed out
   */
  public PendingRequests(
      String name,
      ScheduledExecutorService timer,
      Consumer<Runnable> completer,
      LongAdder timeouts) {
    this.name = name;
    this.timer = timer;
    this.completer = completer;
    this.timeouts = timeouts;
  }

  /**
   * Returns a correlation id not used before by this table: 1, 2, 3, ….
   *
   * @return the id
   */
  public long nextId() {
    return ids.incrementAndGet();
  }

  /**
   * Registers a request and starts its timeout.
   *
   * @param id its correlation id
   * @param timeout how long to wait for the reply
   * @return the future the reply completes
   * @throws java.util.concurrent.RejectedExecutionException if the timer is shut down
   */
  public CompletableFuture<Message> open(long id, Duration timeout) {
    CompletableFuture<Message> future = new CompletableFuture<>();
    Pending entry = new Pending(future);
    pending.put(id, entry); // registered before the timeout can fire, however short it is
    try {
      entry.timeout =
          timer.schedule(() -> timedOut(id, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      pending.remove(id);
      throw e;
    }
    future.whenComplete((reply, error) -> remove(id)); // a caller's cancel() frees the entry too
    return future;
  }

  /**
   * Completes the request {@code reply} answers.
   *
   * @param reply a RESPONSE or ERROR
   * @return {@code false} if no request waits for its correlation id (late or unknown)
   */
  public boolean complete(Message reply) {
    Pending p = remove(reply.correlationId());
    if (p == null) {
      return false;
    }
    completer.accept(() -> p.future.complete(reply));
    return true;
  }

  /**
   * Fails one request, if it still waits.
   *
   * @param id its correlation id
   * @param error the failure
   */
  public void fail(long id, ProtocolException error) {
    Pending p = remove(id);
    if (p != null) {
      completer.accept(() -> p.future.completeExceptionally(error));
    }
  }

  /**
   * Fails every waiting request at once, on the calling thread.
   *
   * @param error the failure
   */
  public void failAll(ProtocolException error) {
    for (Long id : pending.keySet()) {
      Pending p = remove(id);
      if (p != null) {
        p.future.completeExceptionally(error);
      }
    }
  }

  /**
   * Returns how many requests wait.
   *
   * @return the count
   */
  public int size() {
    return pending.size();
  }

  private void timedOut(long id, Duration timeout) {
    Pending p = pending.remove(id);
    if (p != null) {
      timeouts.increment();
      ProtocolTimeoutException error =
          new ProtocolTimeoutException(name, "no reply to request " + id + " within " + timeout);
      completer.accept(() -> p.future.completeExceptionally(error));
    }
  }

  private Pending remove(long id) {
    Pending p = pending.remove(id);
    if (p != null) {
      ScheduledFuture<?> timer = p.timeout;
      if (timer != null) { // null only while open() is still scheduling it
        timer.cancel(false);
      }
    }
    return p;
  }
}
