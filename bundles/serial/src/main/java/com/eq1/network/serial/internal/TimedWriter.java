package com.eq1.network.serial.internal;

import com.eq1.network.link.NamedThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives a blocking port write a timeout. jSerialComm's write timeout is not honoured on Linux: a
 * device that stops taking bytes (CTS low, XOFF, a full pty) blocks the write until the port is
 * closed. So the write runs on a thread of the port's own and the caller waits for it at most the
 * timeout; a write that outlives its caller's timeout goes on in the background (its bytes are
 * already partly on the wire) and the next write waits for it first. Closing the port ends it.
 */
final class TimedWriter implements AutoCloseable {

  /** The blocking write. */
  @FunctionalInterface
  interface BlockingWrite {

    /**
     * Writes all the bytes, however long it takes.
     *
     * @param data the bytes
     * @param progress counts the bytes written so far
     * @throws IOException if the port failed, went away or was closed
     */
    void writeAll(byte[] data, AtomicInteger progress) throws IOException;
  }

  private final BlockingWrite write;
  private final ThreadPoolExecutor thread;
  private Future<?> pending; // guarded by this

  TimedWriter(String threadName, BlockingWrite write) {
    this.write = write;
    this.thread =
        new ThreadPoolExecutor(
            0,
            1,
            1,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            new NamedThreadFactory(threadName));
  }

  /**
   * Writes the bytes, waiting at most {@code timeout}.
   *
   * @param data the bytes; not changed afterwards by the caller
   * @param timeout the longest wait
   * @return the bytes written within the timeout: all, or fewer if the rest is still being written
   * @throws IOException if the port failed, went away or was closed
   */
  synchronized int write(byte[] data, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (pending != null && !finished(pending, deadline)) {
      return 0; // an earlier write still waits for the device: nothing of this one went out
    }
    AtomicInteger progress = new AtomicInteger();
    try {
      pending =
          thread.submit(
              () -> {
                write.writeAll(data, progress);
                return null;
              });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new IOException("port closed", e);
    }
    return finished(pending, deadline) ? data.length : progress.get();
  }

  /** Waits for a write until the deadline; rethrows its failure. */
  private static boolean finished(Future<?> write, long deadline) throws IOException {
    try {
      write.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing", e);
    }
  }

  /** Ends the thread; call after closing the port, which makes a blocked write return. */
  @Override
  public void close() {
    thread.shutdownNow();
  }
}
