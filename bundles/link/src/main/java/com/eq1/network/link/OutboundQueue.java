package com.eq1.network.link;

import com.eq1.network.api.QueueFullException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A bounded FIFO queue of outbound messages, each with a time to live: what waits longer than its
 * time to live is discarded and counted as expired instead of bursting out after an outage. When
 * full, the {@link OverflowPolicy} decides, and refused or discarded messages are counted as
 * dropped.
 *
 * <p>Thread-safe. No method blocks; callers hand items on outside the queue's lock.
 *
 * @param <T> the type of queued message
 */
public final class OutboundQueue<T> {

  private record Entry<T>(T item, long deadline) {}

  private final String connectionName;
  private final String description;
  private final QueueSettings settings;
  private final LongSupplier nanoClock;
  private final ArrayDeque<Entry<T>> entries = new ArrayDeque<>();
  private long expired;
  private long dropped;

  /**
   * Creates an empty queue.
   *
   * @param connectionName the connection the queue belongs to, named in exceptions
   * @param settings capacity, time to live and overflow policy
   */
  public OutboundQueue(String connectionName, QueueSettings settings) {
    this(connectionName, settings, System::nanoTime);
  }

  /**
   * Creates an empty queue with an explicit clock.
   *
   * @param connectionName the connection the queue belongs to, named in exceptions
   * @param settings capacity, time to live and overflow policy
   * @param nanoClock a monotonic clock in nanoseconds, like {@link System#nanoTime()}
   */
  public OutboundQueue(String connectionName, QueueSettings settings, LongSupplier nanoClock) {
    this(connectionName, "outbound queue", settings, nanoClock);
  }

  /**
   * Creates an empty queue that names itself in {@link QueueFullException}.
   *
   * @param connectionName the connection the queue belongs to, named in exceptions
   * @param description what the queue is, for exception messages (for example {@code hold queue})
   * @param settings capacity, time to live and overflow policy
   * @param nanoClock a monotonic clock in nanoseconds, like {@link System#nanoTime()}
   */
  public OutboundQueue(
      String connectionName, String description, QueueSettings settings, LongSupplier nanoClock) {
    this.connectionName = connectionName;
    this.description = Objects.requireNonNull(description, "description");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * Returns the settings the queue was created with.
   *
   * @return the settings
   */
  public QueueSettings settings() {
    return settings;
  }

  /**
   * Appends a message that expires after the queue's time to live.
   *
   * @param item the message
   * @throws QueueFullException if the queue is full and the policy is {@link
   *     OverflowPolicy#REJECT_NEWEST}
   */
  public void offer(T item) {
    Objects.requireNonNull(item, "item");
    long now = nanoClock.getAsLong();
    synchronized (entries) {
      purgeExpired(now);
      if (entries.size() >= settings.capacity()) {
        dropped++;
        if (settings.overflowPolicy() == OverflowPolicy.REJECT_NEWEST) {
          throw new QueueFullException(connectionName, description, settings.capacity());
        }
        entries.pollFirst();
      }
      entries.addLast(new Entry<>(item, now + settings.timeToLive().toNanos()));
    }
  }

  /**
   * Removes and returns the oldest message that has not expired; expired ones on the way are
   * discarded and counted.
   *
   * @return the message, or empty if none is left
   */
  public Optional<T> poll() {
    long now = nanoClock.getAsLong();
    synchronized (entries) {
      purgeExpired(now);
      Entry<T> head = entries.pollFirst();
      return head == null ? Optional.empty() : Optional.of(head.item());
    }
  }

  /**
   * Hands every unexpired message to {@code sink}, oldest first, removing each before handing it
   * on. If {@code sink} throws, the message it was given is gone and the rest stay queued.
   *
   * @param sink receives the messages, called without the queue's lock held
   * @return the number of messages handed on
   */
  public int drainTo(Consumer<? super T> sink) {
    int count = 0;
    for (Optional<T> next = poll(); next.isPresent(); next = poll()) {
      sink.accept(next.get());
      count++;
    }
    return count;
  }

  /**
   * Discards every queued message, counting each as expired: the owner gave up waiting.
   *
   * @return the number of messages discarded
   */
  public int expireAll() {
    synchronized (entries) {
      int count = entries.size();
      entries.clear();
      expired += count;
      return count;
    }
  }

  /**
   * Returns the number of messages waiting that have not expired.
   *
   * @return the queue depth
   */
  public int size() {
    long now = nanoClock.getAsLong();
    synchronized (entries) {
      purgeExpired(now);
      return entries.size();
    }
  }

  /**
   * Returns how many messages expired (time to live ran out, or {@link #expireAll()}).
   *
   * @return the count since creation
   */
  public long expired() {
    synchronized (entries) {
      return expired;
    }
  }

  /**
   * Returns how many messages were refused or discarded because the queue was full.
   *
   * @return the count since creation
   */
  public long dropped() {
    synchronized (entries) {
      return dropped;
    }
  }

  private void purgeExpired(long now) {
    while (!entries.isEmpty() && entries.peekFirst().deadline() - now <= 0) {
      entries.pollFirst();
      expired++;
    }
  }
}
