package com.eq1.network.serial.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Received messages waiting to be read, bounded: when it is full the reader waits instead of
 * dropping, so the port is not read until readers catch up and the device's own flow control (or
 * the driver's buffer) holds the rest.
 */
public final class ReceiveBuffer {

  private static final long OFFER_SLICE_MILLIS = 200;

  private final LinkedBlockingQueue<byte[]> messages;

  /**
   * Creates the buffer.
   *
   * @param capacity the most messages waiting
   */
  public ReceiveBuffer(int capacity) {
    this.messages = new LinkedBlockingQueue<>(capacity);
  }

  /**
   * Adds a message, waiting while the buffer is full.
   *
   * @param message the message
   * @param stillWanted tells whether the message may still be kept; when it turns false while
   *     waiting (the port was closed), the message is dropped
   */
  public void add(byte[] message, BooleanSupplier stillWanted) {
    try {
      while (!messages.offer(message, OFFER_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
        if (!stillWanted.getAsBoolean()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Takes the next message, waiting up to {@code timeout}.
   *
   * @param timeout the longest wait; {@code null}, zero or negative means do not wait
   * @return the message, or empty if none came in time or the thread was interrupted (its flag is
   *     set again)
   */
  public Optional<byte[]> poll(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      return Optional.ofNullable(messages.poll());
    }
    try {
      return Optional.ofNullable(messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Drops every waiting message. */
  public void clear() {
    messages.clear();
  }
}
