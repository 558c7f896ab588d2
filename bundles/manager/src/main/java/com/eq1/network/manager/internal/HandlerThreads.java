package com.eq1.network.manager.internal;

import com.eq1.network.link.ExecutorTermination;
import com.eq1.network.link.InboundDispatcher;
import com.eq1.network.link.NamedThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The four threads of one network handler, named {@code eq1-handler-<connection>-requester}, {@code
 * -listener}, {@code -callback} and {@code -timer}, and their orderly end.
 */
public final class HandlerThreads {

  private static final Logger LOG = LoggerFactory.getLogger(HandlerThreads.class);
  private static final Duration CALLBACK_WAIT = Duration.ofSeconds(1);

  private final String name;
  private final ExecutorService requester;
  private final ExecutorService listener;
  private final InboundDispatcher callbacks;
  private final ScheduledThreadPoolExecutor timer;
  private final List<Thread> made = new CopyOnWriteArrayList<>();

  /**
   * Creates the callback and timer threads; {@link #start} adds the workers.
   *
   * @param name the connection
   * @param callbackCapacity how many callbacks may wait
   */
  public HandlerThreads(String name, int callbackCapacity) {
    this.name = name;
    String prefix = "eq1-handler-" + name;
    this.callbacks = new InboundDispatcher(name, prefix + "-callback", callbackCapacity);
    this.timer = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory(prefix + "-timer"));
    timer.setRemoveOnCancelPolicy(true);
    this.requester =
        Executors.newSingleThreadExecutor(new NamedThreadFactory(prefix + "-requester"));
    this.listener = Executors.newSingleThreadExecutor(new NamedThreadFactory(prefix + "-listener"));
  }

  /**
   * Returns the timer, for timeouts and periodic tasks.
   *
   * @return the timer
   */
  public ScheduledExecutorService timer() {
    return timer;
  }

  /**
   * Starts the workers, each on its own thread.
   *
   * @param requesterLoop the Requester
   * @param listenerLoop the Listener
   */
  public void start(Runnable requesterLoop, Runnable listenerLoop) {
    requester.execute(requesterLoop);
    listener.execute(listenerLoop);
  }

  /**
   * Queues an application callback on the callback thread, waiting up to a second for room; if the
   * queue stays full the callback is dropped, counted and logged.
   *
   * @param call the callback
   */
  public void callback(Runnable call) {
    if (!callbacks.offer(call, CALLBACK_WAIT)) {
      LOG.warn("[{}] callback queue full for {}: a callback was dropped", name, CALLBACK_WAIT);
    }
  }

  /**
   * Runs a future's completion on the callback thread, or on the calling thread if that queue stays
   * full or is closed: a completion is never lost.
   *
   * @param completion the completion
   */
  public void complete(Runnable completion) {
    if (!callbacks.offer(completion, CALLBACK_WAIT)) {
      completion.run();
    }
  }

  /**
   * Returns how many callbacks were dropped.
   *
   * @return the count
   */
  public long callbacksRefused() {
    return callbacks.refused();
  }

  /**
   * Stops the timer, waits for the workers (whose loops must have been told to stop), then runs the
   * callbacks already queued and stops that thread, waiting up to {@code wait} at each step.
   *
   * @param wait how long to wait for each thread
   * @param beforeCallbacksEnd runs after the workers ended and before the callback thread ends
   */
  public void close(Duration wait, Runnable beforeCallbacksEnd) {
    timer.shutdownNow();
    boolean ended = ExecutorTermination.shutdown(requester, wait);
    ended &= ExecutorTermination.shutdown(listener, wait);
    ended &= ExecutorTermination.shutdown(timer, wait);
    beforeCallbacksEnd.run();
    ended &= callbacks.close(wait);
    ended &= joinAll(wait); // an executor reports termination just before its thread is gone
    if (!ended) {
      LOG.warn("[{}] a handler thread did not end within {}", name, wait);
    }
  }

  private ThreadFactory tracked(String prefix) {
    ThreadFactory named = new NamedThreadFactory(prefix);
    return task -> {
      Thread thread = named.newThread(task);
      made.add(thread);
      return thread;
    };
  }

  private boolean joinAll(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      for (Thread thread : made) {
        if (thread != Thread.currentThread()) { // close() called from a callback
          TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return made.stream().noneMatch(t -> t.isAlive() && t != Thread.currentThread());
  }
}
