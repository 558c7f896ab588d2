package com.eq1.network.link;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the reconnection of one connection: after {@link #connectionLost}, it runs the owner's
 * connect attempt on the owner's scheduler, again and again with {@link ReconnectSettings} backoff
 * and full jitter, until an attempt succeeds or {@link #stop()} is called. It never starts by
 * itself: a deliberate disconnect calls {@link #stop()}, and nothing follows until the next loss.
 *
 * <p>All state is per instance (nothing static), so connections never share or disturb each other's
 * backoff. Thread-safe; the attempt runs on the scheduler's thread, never under this object's lock.
 */
public final class Reconnector {

  /** One connect attempt of the owner. */
  @FunctionalInterface
  public interface Attempt {

    /**
     * Tries to connect once, within the owner's connect timeout.
     *
     * @throws Exception if the connection did not come up; another attempt follows after a delay
     */
    void connect() throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(Reconnector.class);

  private final String connectionName;
  private final ReconnectSettings settings;
  private final ScheduledExecutorService scheduler;
  private final Attempt attempt;
  private final LongSupplier nanoClock;
  private final DoubleSupplier random;
  private boolean active;
  private long generation;
  private int failures;
  private long connectedAtNanos = Long.MIN_VALUE;
  private long lastDelayNanos;
  private ScheduledFuture<?> pending;

  /**
   * Creates a reconnector with the system clock and a thread-local random source.
   *
   * @param connectionName the connection, named in log lines
   * @param settings the backoff
   * @param scheduler runs the attempts; owned by the caller
   * @param attempt one connect attempt
   */
  public Reconnector(
      String connectionName,
      ReconnectSettings settings,
      ScheduledExecutorService scheduler,
      Attempt attempt) {
    this(
        connectionName,
        settings,
        scheduler,
        attempt,
        System::nanoTime,
        () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Creates a reconnector with an explicit clock and random source, for tests.
   *
   * @param connectionName the connection, named in log lines
   * @param settings the backoff
   * @param scheduler runs the attempts; owned by the caller
   * @param attempt one connect attempt
   * @param nanoClock a monotonic clock in nanoseconds, like {@link System#nanoTime()}
   * @param random uniform values in {@code [0, 1)}
   */
  public Reconnector(
      String connectionName,
      ReconnectSettings settings,
      ScheduledExecutorService scheduler,
      Attempt attempt,
      LongSupplier nanoClock,
      DoubleSupplier random) {
    this.connectionName = Objects.requireNonNull(connectionName, "connectionName");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.attempt = Objects.requireNonNull(attempt, "attempt");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * The link came up (first connect or a successful attempt elsewhere): stops any attempts and
   * notes the time, so that a later loss after {@code stableTime} starts the backoff over.
   */
  public synchronized void connected() {
    cancel();
    connectedAtNanos = nanoClock.getAsLong();
  }

  /**
   * The link was lost unexpectedly: schedules the next attempt. Does nothing if attempts are
   * already under way. A link that was up for {@code stableTime} starts the backoff over; one lost
   * sooner counts as a failure, so that a link the peer keeps dropping right after it comes up (a
   * broker refusing a message it is sent again on every connect) backs off like one that cannot
   * connect at all.
   */
  public synchronized void connectionLost() {
    if (active) {
      return;
    }
    if (connectedAtNanos != Long.MIN_VALUE) {
      if (nanoClock.getAsLong() - connectedAtNanos >= settings.stableTime().toNanos()) {
        failures = 0;
      } else {
        failures++;
      }
    }
    connectedAtNanos = Long.MIN_VALUE;
    active = true;
    schedule(++generation);
  }

  /**
   * A deliberate disconnect or close: cancels the pending attempt and makes no more until the next
   * {@link #connectionLost}. An attempt already running finishes; its outcome is ignored. The
   * failure count is kept, so that a quick stop and loss does not reset the backoff.
   */
  public synchronized void stop() {
    cancel();
  }

  /**
   * Tells whether attempts are under way.
   *
   * @return {@code true} between {@link #connectionLost} and success or {@link #stop()}
   */
  public synchronized boolean isReconnecting() {
    return active;
  }

  /**
   * Returns how many attempts failed since the backoff last started over.
   *
   * @return the count
   */
  public synchronized int failures() {
    return failures;
  }

  /**
   * Returns the delay chosen before the latest attempt.
   *
   * @return the delay; zero before the first
   */
  public synchronized Duration lastDelay() {
    return Duration.ofNanos(lastDelayNanos);
  }

  private void cancel() {
    active = false;
    generation++;
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
  }

  private void schedule(long expected) {
    long delay = (long) (random.getAsDouble() * (settings.ceilingNanos(failures) + 1));
    lastDelayNanos = delay;
    try {
      pending = scheduler.schedule(() -> run(expected), delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      active = false; // the owner is shutting down
      LOG.debug("[{}] no reconnect: scheduler shut down", connectionName);
    }
  }

  private void run(long expected) {
    synchronized (this) {
      if (!active || generation != expected) {
        return;
      }
    }
    Exception failure = null;
    try {
      attempt.connect();
    } catch (Exception e) {
      failure = e;
    }
    synchronized (this) {
      if (!active || generation != expected) {
        return; // stopped while the attempt ran
      }
      if (failure == null) {
        active = false;
        pending = null;
        connectedAtNanos = nanoClock.getAsLong();
        LOG.info("[{}] reconnected after {} failed attempts", connectionName, failures);
        return;
      }
      failures++;
      LOG.debug(
          "[{}] reconnect attempt {} failed: {}", connectionName, failures, failure.toString());
      schedule(expected);
    }
  }
}
