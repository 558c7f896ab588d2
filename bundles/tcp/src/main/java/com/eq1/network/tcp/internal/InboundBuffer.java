package com.eq1.network.tcp.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Received messages waiting for {@code read()}. Never drops: when {@code capacity} messages wait,
 * the link that adds one more stops reading from its socket (TCP flow control then holds the peer),
 * and reading resumes once readers have taken the buffer down to half.
 */
public final class InboundBuffer {

  /**
   * A received message and the link it came from.
   *
   * @param from the link
   * @param payload the message
   */
  public record Inbound(Link from, byte[] payload) {}

  private final LinkedBlockingQueue<Inbound> queue = new LinkedBlockingQueue<>();
  private final Set<Link> paused = ConcurrentHashMap.newKeySet();
  private final int capacity;

  /**
   * Creates an empty buffer.
   *
   * @param capacity the number of waiting messages at which links stop reading
   */
  public InboundBuffer(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Adds a message; pauses its link if the buffer is full.
   *
   * @param from the link it came from
   * @param payload the message
   */
  public void add(Link from, byte[] payload) {
    queue.add(new Inbound(from, payload));
    if (queue.size() >= capacity && from.pauseReading()) {
      paused.add(from);
      if (queue.isEmpty()) {
        resumeAll(); // drained meanwhile: do not wait for the next read
      }
    }
  }

  /**
   * Takes the oldest message, waiting up to {@code timeout}.
   *
   * @param timeout the longest wait; zero or negative does not wait
   * @return the message, or empty (also when interrupted, with the flag set again)
   */
  public Optional<Inbound> poll(Duration timeout) {
    Inbound next;
    try {
      next =
          timeout.isZero() || timeout.isNegative()
              ? queue.poll()
              : queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      next = null;
    }
    if (!paused.isEmpty() && queue.size() <= capacity / 2) {
      resumeAll();
    }
    return Optional.ofNullable(next);
  }

  /**
   * Returns how many messages wait.
   *
   * @return the count
   */
  public int size() {
    return queue.size();
  }

  /**
   * Forgets a closed link: it is no longer paused.
   *
   * @param link the link
   */
  public void forget(Link link) {
    paused.remove(link);
  }

  /** Discards every waiting message and resumes every link. */
  public void clear() {
    queue.clear();
    resumeAll();
  }

  private void resumeAll() {
    for (Link link : paused) {
      if (paused.remove(link)) {
        link.resumeReading();
      }
    }
  }
}
