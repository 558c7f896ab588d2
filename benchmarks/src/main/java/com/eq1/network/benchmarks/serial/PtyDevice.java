package com.eq1.network.benchmarks.serial;

import com.eq1.network.link.NamedThreadFactory;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The device at the far end of a {@link PtyPair}, its link opened as a file: one thread reads
 * everything that arrives and either counts it ({@link #sink}) or answers it as a modem does
 * ({@link #modem}); {@link #write} sends from the caller's thread. The reading thread ends when the
 * pair is closed.
 */
final class PtyDevice implements AutoCloseable {

  private static final byte[] OK = "\r\nOK\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ERROR = "\r\nERROR\r\n".getBytes(StandardCharsets.US_ASCII);

  private final InputStream in;
  private final OutputStream out;
  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(new NamedThreadFactory("bench-device"));
  private final Object lock = new Object();
  private long expected; // guarded by lock
  private long counted; // guarded by lock
  private long lastByteNanos; // guarded by lock
  private volatile boolean modem;
  private final StringBuilder command = new StringBuilder(); // reader thread only

  PtyDevice(PtyPair pair) throws IOException {
    this.in = new FileInputStream(pair.device().toFile());
    this.out = new FileOutputStream(pair.device().toFile());
    reader.execute(this::pump);
  }

  /**
   * From now on counts received bytes; {@link #awaitSunk} waits for {@code bytes} of them.
   *
   * @param bytes how many bytes the run sends
   */
  void sink(long bytes) {
    synchronized (lock) {
      modem = false;
      expected = bytes;
      counted = 0;
      lastByteNanos = 0;
    }
  }

  /**
   * Waits until the bytes announced by {@link #sink} have all arrived.
   *
   * @param timeoutMillis the longest wait without progress
   * @return {@link System#nanoTime()} when the last byte arrived
   * @throws IllegalStateException if the bytes stop coming
   */
  long awaitSunk(long timeoutMillis) throws InterruptedException {
    synchronized (lock) {
      long seen = -1;
      while (counted < expected) {
        if (counted == seen) {
          throw new IllegalStateException(
              "device received " + counted + " of " + expected + " bytes, then nothing");
        }
        seen = counted;
        lock.wait(timeoutMillis);
      }
      return lastByteNanos;
    }
  }

  /**
   * From now on answers every line {@code AT} with {@code \r\nOK\r\n} (echo off, as after ATE0).
   */
  void modem() {
    command.setLength(0);
    modem = true;
  }

  /**
   * Writes bytes to the side under test.
   *
   * @param bytes the bytes
   * @param offset where they start
   * @param length how many
   */
  void write(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
  }

  private void pump() {
    byte[] buffer = new byte[64 * 1024];
    try {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        if (modem) {
          answer(buffer, n);
          continue;
        }
        long now = System.nanoTime();
        synchronized (lock) {
          counted += n;
          lastByteNanos = now;
          if (counted >= expected) {
            lock.notifyAll();
          }
        }
      }
    } catch (IOException e) {
      // the pair was closed: the device is gone
    }
  }

  private void answer(byte[] buffer, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      char c = (char) (buffer[i] & 0xff);
      if (c != '\r' && c != '\n') {
        command.append(c);
      } else if (command.length() > 0) {
        out.write("AT".contentEquals(command) ? OK : ERROR);
        command.setLength(0);
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      out.close();
    } finally {
      in.close();
      reader.shutdown();
      try {
        reader.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
