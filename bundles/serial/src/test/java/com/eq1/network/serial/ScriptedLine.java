package com.eq1.network.serial;

import com.eq1.network.serial.internal.SerialLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A serial line whose device is the test: it hands the reader what the test queues, takes as many
 * bytes per write as the test allows, and fails when told. For the connection's own logic
 * (queueing, flushing, reopening) where a pty cannot fail on cue.
 */
final class ScriptedLine implements SerialLine {

  private final LinkedBlockingQueue<Object> incoming = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  volatile int takePerWrite = Integer.MAX_VALUE;
  volatile IOException writeFailure;
  private volatile boolean open = true;

  /** Bytes the device sends. */
  void receive(byte[] bytes) {
    incoming.add(bytes);
  }

  /** The device goes away under the reader. */
  void fail(IOException e) {
    incoming.add(e);
  }

  byte[] written() {
    synchronized (written) {
      return written.toByteArray();
    }
  }

  @Override
  public int read(byte[] buffer, int timeoutMillis) throws IOException {
    if (!open) {
      throw new IOException("closed");
    }
    Object next;
    try {
      next = incoming.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (!open) {
      throw new IOException("closed");
    }
    if (next instanceof IOException e) {
      throw e;
    }
    if (next == null) {
      return 0;
    }
    byte[] bytes = (byte[]) next;
    System.arraycopy(bytes, 0, buffer, 0, bytes.length);
    return bytes.length;
  }

  @Override
  public int write(byte[] data, Duration timeout) throws IOException {
    if (!open) {
      throw new IOException("closed");
    }
    IOException failure = writeFailure;
    if (failure != null) {
      throw failure;
    }
    int n = Math.min(takePerWrite, data.length);
    synchronized (written) {
      written.write(data, 0, n);
    }
    return n;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
  }
}
