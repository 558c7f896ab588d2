package com.eq1.network.mqtt.internal;

import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.link.OutboundQueue;
import com.eq1.network.link.QueueSettings;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way out for one connection's publishes: straight to the session while connected and nothing
 * waits; otherwise into the bounded offline queue, which is flushed in order once connected again,
 * at most {@code flushRate} messages per second so that a long outage does not flood the broker.
 * Nothing overtakes what already waits: while the queue drains, new publishes join its end.
 */
public final class Outbox {

  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final String name;
  private final Session session;
  private final BooleanSupplier connected;
  private final ScheduledExecutorService executor;
  private final OutboundQueue<Publication> queue;
  private final long intervalNanos; // between queued sends; 0 for no limit
  private final Object sending = new Object(); // keeps publishes in order: direct, queued, flushed
  private Publication held; // taken from the queue, not yet accepted by the session; by sending
  private long nextSendAt = System.nanoTime(); // the pace of the flush; guarded by sending
  private boolean flushPlanned; // a paced flush is scheduled; guarded by sending

  /**
   * Creates the outbox.
   *
   * @param name the connection name
   * @param settings the offline queue's size, time to live and overflow policy
   * @param flushRate queued messages per second at most; 0 for no limit
   * @param session where messages go
   * @param connected whether the connection is up now
   * @param executor runs the flush, off the publishers' threads
   */
  public Outbox(
      String name,
      QueueSettings settings,
      int flushRate,
      Session session,
      BooleanSupplier connected,
      ScheduledExecutorService executor) {
    this.name = name;
    this.session = session;
    this.connected = connected;
    this.executor = executor;
    this.queue = new OutboundQueue<>(name, "offline queue", settings, System::nanoTime);
    this.intervalNanos = flushRate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / flushRate;
  }

  /**
   * Returns the offline queue, for the connection's statistics.
   *
   * @return the queue
   */
  public OutboundQueue<Publication> queue() {
    return queue;
  }

  /**
   * Sends a message now if connected and nothing waits, else queues it.
   *
   * @param publication the message
   * @throws com.eq1.network.api.QueueFullException if the queue is full and refuses new messages
   * @throws com.eq1.network.api.ProtocolException if the session refused the message
   */
  public void publish(Publication publication) {
    synchronized (sending) {
      if (connected.getAsBoolean()
          && held == null
          && queue.size() == 0
          && session.publish(publication)) {
        return;
      }
      queue.offer(publication); // nothing may overtake what already waits
    }
    if (connected.getAsBoolean()) {
      flushSoon(); // connected again meanwhile: do not leave it waiting
    }
  }

  /** Starts sending what waits, on the executor. */
  public void flushSoon() {
    try {
      executor.execute(this::flush);
    } catch (RejectedExecutionException e) {
      LOG.debug("[{}] closing: queue not flushed", name);
    }
  }

  /**
   * Before the connection closes: sends what waits now, unpaced, for as long as the session is up
   * and {@code timeoutNanos} allow; what is left is discarded with a warning that says how many.
   *
   * @param timeoutNanos the longest time to spend
   * @return the number of publishes discarded
   */
  public int closeOut(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    synchronized (sending) {
      try {
        while (connected.getAsBoolean() && deadline - System.nanoTime() > 0) {
          Publication next = held != null ? held : queue.poll().orElse(null);
          if (next == null) {
            break;
          }
          held = session.publish(next) ? null : next;
          if (held != null) {
            break;
          }
        }
      } catch (RuntimeException e) {
        LOG.debug("[{}] closing: queue not sent: {}", name, e.getMessage());
      }
      int left = (held == null ? 0 : 1) + queue.drainTo(publication -> {});
      held = null;
      if (left > 0) {
        LOG.warn("[{}] closed with {} queued publishes not sent", name, left);
      }
      return left;
    }
  }

  /** Sends what waits, oldest first, at the configured pace; the message in hand stays first. */
  private void flush() {
    while (true) {
      synchronized (sending) {
        if (held == null && queue.size() == 0) {
          return;
        }
        long wait = paceWait();
        if (wait > 0) {
          planFlush(wait);
          return;
        }
        Publication next = held != null ? held : queue.poll().orElse(null);
        if (next == null) {
          return;
        }
        try {
          if (!connected.getAsBoolean() || !session.publish(next)) {
            held = next;
            return;
          }
        } catch (ProtocolTimeoutException e) {
          held = next; // the in-flight window stayed full: the same message, a little later
          planFlush(TimeUnit.MILLISECONDS.toNanos(100));
          return;
        } catch (ProtocolException e) {
          // refused for good (too large for the broker, say), already counted: the rest go on
          LOG.warn("[{}] queued publish to '{}' dropped: {}", name, next.topic(), e.getMessage());
        }
        held = null;
        nextSendAt += intervalNanos;
      }
    }
  }

  /** Nanoseconds until the next queued message may go; at most a 100 ms burst is caught up. */
  private long paceWait() {
    if (intervalNanos == 0) {
      return 0;
    }
    long now = System.nanoTime();
    if (now - nextSendAt > BURST_NANOS) {
      nextSendAt = now - BURST_NANOS; // idle for a while: no credit beyond the burst
    }
    return nextSendAt - now;
  }

  private void planFlush(long waitNanos) {
    if (flushPlanned) {
      return;
    }
    flushPlanned = true;
    try {
      executor.schedule(
          () -> {
            synchronized (sending) {
              flushPlanned = false;
            }
            flush();
          },
          waitNanos,
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("[{}] closing: queue not flushed", name);
    }
  }
}
