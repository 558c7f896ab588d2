package com.eq1.network.benchmarks.mqtt;

import com.eq1.network.api.MessageListener;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The subscriber's listener: counts the messages of the current run, recognised by the tag in the
 * payload's first byte, and, for a latency run, records each message's age since its intended send
 * time (bytes 1–8, {@link System#nanoTime()} of the same JVM). Called by one delivery thread at a
 * time; read by the driver thread through the volatile count.
 */
final class Receiver implements MessageListener {

  /** The first byte of a probe message: seen, never counted. */
  static final byte PROBE = -1;

  private final AtomicLong count = new AtomicLong();
  private volatile byte tag;
  private volatile Histogram latencies;
  private volatile long lastNanos;
  private volatile boolean probed;

  /**
   * Starts a run: from now on only messages tagged {@code runTag} count.
   *
   * @param runTag the tag of this run's messages
   * @param histogram where latencies go, or {@code null} for none
   */
  void expect(byte runTag, Histogram histogram) {
    latencies = histogram;
    count.set(0);
    lastNanos = System.nanoTime();
    tag = runTag;
  }

  @Override
  public void onMessage(String topic, byte[] payload) {
    long now = System.nanoTime();
    byte received = payload[0];
    if (received == PROBE) {
      probed = true;
      return;
    }
    if (received != tag) {
      return; // a late message of an earlier run
    }
    Histogram histogram = latencies;
    if (histogram != null) {
      histogram.recordValue(Math.max(0, now - ByteBuffer.wrap(payload, 1, 8).getLong()));
    }
    lastNanos = now;
    count.incrementAndGet();
  }

  /**
   * Waits until {@code expected} messages of the run arrived, or none arrived for {@code stall}.
   *
   * @param expected how many were published
   * @param stallMillis how long without a message ends the wait
   * @return how many arrived
   */
  long await(long expected, long stallMillis) {
    long stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
    while (count.get() < expected && System.nanoTime() - lastNanos < stallNanos) {
      LockSupport.parkNanos(200_000);
    }
    return count.get();
  }

  /**
   * Returns the {@link System#nanoTime()} of the run's last counted message.
   *
   * @return the time
   */
  long lastNanos() {
    return lastNanos;
  }

  /**
   * Publishes probe messages through {@code send} every 20 ms until one arrives here: the
   * subscription is active end to end.
   *
   * @param send publishes one probe
   * @param timeoutMillis how long to try
   * @throws Exception if publishing failed or no probe arrived in time
   */
  void awaitProbe(Probe send, long timeoutMillis) throws Exception {
    probed = false;
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (!probed) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("no probe message arrived within " + timeoutMillis + " ms");
      }
      send.publish(new byte[] {PROBE});
      for (int i = 0; i < 20 && !probed; i++) {
        LockSupport.parkNanos(1_000_000);
      }
    }
  }

  /** Publishes one probe payload. */
  @FunctionalInterface
  interface Probe {
    /**
     * Publishes.
     *
     * @param payload the probe payload
     * @throws Exception if publishing failed
     */
    void publish(byte[] payload) throws Exception;
  }
}
