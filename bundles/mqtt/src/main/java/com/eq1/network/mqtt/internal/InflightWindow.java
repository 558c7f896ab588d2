package com.eq1.network.mqtt.internal;

import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.link.ConnectionCounters;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The in-flight window of one connection: how many publishes Paho holds that it has not finished
 * yet (QoS 0 until written, QoS 1 until PUBACK, QoS 2 until PUBCOMP), so that a publisher waits for
 * room instead of running ahead. Neither Paho client bounds that by itself: {@code mqttv3}'s {@code
 * maxInflight} counts only what its sender thread has taken off its own queue, so a fast publisher
 * queues up to the 65,535 message ids and then gets refused, and {@code mqttv5} has no {@code
 * setMaxInflight}, only the Receive Maximum the broker announces. The size is {@code maxInflight}
 * (for MQTT 5 the smaller of it and the Receive Maximum), set again on every connect.
 *
 * <p>Each publish takes a {@link Slot} and gives it back when Paho completes its token, once, even
 * if Paho completes a token twice (it fails every open token when the connection drops and may
 * complete it again after the resend). A new connection starts an empty window: slots of the
 * previous one are ignored when they come back.
 */
final class InflightWindow {

  private final Object lock = new Object();
  private int size; // guarded by lock
  private int used; // guarded by lock
  private long generation; // guarded by lock

  /**
   * Creates a window.
   *
   * @param size its size until the first {@link #reset(int)}
   */
  InflightWindow(int size) {
    this.size = size;
  }

  /**
   * Empties the window and sets its size, for a new connection.
   *
   * @param newSize the size
   */
  void reset(int newSize) {
    synchronized (lock) {
      size = newSize;
      used = 0;
      generation++;
      lock.notifyAll();
    }
  }

  /**
   * Takes a slot, waiting for one until the deadline.
   *
   * @param deadlineNanos the deadline on {@link System#nanoTime()}
   * @return the slot, or {@code null} if the window stayed full until the deadline
   * @throws InterruptedException if the thread was interrupted while waiting
   */
  Slot take(long deadlineNanos) throws InterruptedException {
    synchronized (lock) {
      while (used >= size) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
      used++;
      return new Slot(generation);
    }
  }

  /**
   * Waits until a slot is given back, or at most the given time: for when Paho's own window (the
   * broker's Receive Maximum) is full although this one is not.
   *
   * @param millis the longest wait
   * @throws InterruptedException if the thread was interrupted while waiting
   */
  void awaitRelease(long millis) throws InterruptedException {
    synchronized (lock) {
      lock.wait(millis);
    }
  }

  /**
   * Takes a slot for a publish, waiting for one until the deadline.
   *
   * @param connection the connection, named in errors
   * @param counters where a full window is counted as an error
   * @param deadlineNanos the deadline on {@link System#nanoTime()}
   * @param timeoutMillis the wait the deadline stands for, for the message
   * @return the slot
   * @throws ProtocolTimeoutException if the window stayed full until the deadline
   * @throws ProtocolException if the thread was interrupted while waiting
   */
  Slot acquire(
      String connection, ConnectionCounters counters, long deadlineNanos, long timeoutMillis) {
    try {
      Slot slot = take(deadlineNanos);
      if (slot == null) {
        counters.recordError("publish failed: in-flight window stayed full");
        throw full(connection, timeoutMillis);
      }
      return slot;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProtocolException(connection, "interrupted while waiting to publish", e);
    }
  }

  /**
   * Waits a little for a slot to come back, when Paho's own window is full although this one is not
   * (messages Paho sends again after a reconnect count there only).
   *
   * @param connection the connection, named in errors
   * @param millis the longest wait
   * @throws ProtocolException if the thread was interrupted while waiting
   */
  void pause(String connection, long millis) {
    try {
      awaitRelease(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProtocolException(connection, "interrupted while waiting to publish", e);
    }
  }

  /**
   * Returns the error for a window that stayed full.
   *
   * @param connection the connection
   * @param timeoutMillis how long it stayed full
   * @return the exception
   */
  static ProtocolTimeoutException full(String connection, long timeoutMillis) {
    return new ProtocolTimeoutException(
        connection, "in-flight window stayed full for " + timeoutMillis + " ms");
  }

  /** One publish's place in the window. */
  final class Slot {

    private final long taken;
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(long generation) {
      this.taken = generation;
    }

    /** Gives the place back; later calls do nothing. */
    void release() {
      if (!released.compareAndSet(false, true)) {
        return;
      }
      synchronized (lock) {
        if (taken == generation) {
          used--;
        }
        lock.notifyAll();
      }
    }
  }
}
