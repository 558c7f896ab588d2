package com.eq1.network.serial;

import com.eq1.network.link.NamedThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The device at the far end of a {@link SocatPty}: opens the pair's device link as a file and runs
 * one reader thread that either echoes every byte back or only collects them. Reopen it after a
 * replug with a new instance.
 */
final class DevicePeer implements AutoCloseable {

  private final InputStream in;
  private final OutputStream out;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(new NamedThreadFactory("test-device"));
  // echoes are written by a thread of their own, so the device keeps reading while its writes wait:
  // socat relays both directions on one thread and stalls if either side stops taking bytes
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(new NamedThreadFactory("test-device-echo"));

  private DevicePeer(SocatPty pty, boolean echo) throws IOException {
    this.in = new FileInputStream(pty.device());
    this.out = new FileOutputStream(pty.device());
    reader.execute(() -> pump(echo));
  }

  /** A device that sends back every byte it receives. */
  static DevicePeer echo(SocatPty pty) throws IOException {
    return new DevicePeer(pty, true);
  }

  /** A device that only collects what it receives and sends when told to. */
  static DevicePeer silent(SocatPty pty) throws IOException {
    return new DevicePeer(pty, false);
  }

  /** Sends bytes to the code under test. */
  synchronized void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Everything received so far. */
  byte[] received() {
    synchronized (received) {
      return received.toByteArray();
    }
  }

  private void pump(boolean echo) {
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        synchronized (received) {
          received.write(buffer, 0, n);
        }
        if (echo) {
          byte[] copy = Arrays.copyOf(buffer, n);
          writer.execute(
              () -> {
                try {
                  send(copy);
                } catch (IOException e) {
                  // unplugged while echoing
                }
              });
        }
      }
    } catch (IOException e) {
      // the pair was unplugged or the peer closed: the device is gone
    }
  }

  @Override
  public void close() throws IOException {
    try {
      out.close();
    } finally {
      in.close();
      writer.shutdownNow();
      reader.shutdownNow();
      try {
        reader.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
