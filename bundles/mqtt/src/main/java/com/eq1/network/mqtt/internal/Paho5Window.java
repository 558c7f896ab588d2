package com.eq1.network.mqtt.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The in-flight window of one MQTT 5 connection: how many publishes Paho holds that it has not
 * finished yet (QoS 0 until written, QoS 1 until PUBACK, QoS 2 until PUBCOMP). Paho's {@code
 * mqttv5} client has no {@code setMaxInflight}; it bounds its window only by the Receive Maximum
 * the broker announces (65,535 if none). This window applies {@code maxInflight} on top: its size
 * is the smaller of the two, set again on every connect.
 *
 * <p>Each publish takes a {@link Slot} and gives it back when Paho completes its token, once, even
 * if Paho completes a token twice (it fails every open token when the connection drops and may
 * complete it again after the resend). A new connection starts an empty window: slots of the
 * previous one are ignored when they come back.
 */
final class Paho5Window {

  private final Object lock = new Object();
  private int size; // guarded by lock
  private int used; // guarded by lock
  private long generation; // guarded by lock

  /**
   * Creates a window.
   *
   * @param size its size until the first {@link #reset(int)}
   */
  Paho5Window(int size) {
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
