package com.eq1.network.serial;

import com.eq1.network.link.ExecutorTermination;
import com.eq1.network.link.NamedThreadFactory;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ModemLine} over the device link of a {@link SocatPty}, opened as a file: one thread
 * splits what arrives into lines at CR or LF. It ends when the pair is unplugged.
 */
final class PtyModemLine implements ModemLine {

  private final InputStream in;
  private final OutputStream out;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(new NamedThreadFactory("test-modem-pty"));

  PtyModemLine(SocatPty pty) throws IOException {
    this.in = new FileInputStream(pty.device());
    this.out = new FileOutputStream(pty.device());
    reader.execute(this::pump);
  }

  @Override
  public Optional<String> readLine(Duration timeout) {
    try {
      return Optional.ofNullable(lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  @Override
  public synchronized void write(String text) {
    try {
      out.write(text.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void pump() {
    StringBuilder line = new StringBuilder();
    byte[] buffer = new byte[1024];
    try {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++) {
          char c = (char) (buffer[i] & 0xff);
          if (c != '\r' && c != '\n') {
            line.append(c);
          } else if (line.length() > 0) {
            lines.add(line.toString());
            line.setLength(0);
          }
        }
      }
    } catch (IOException e) {
      // the pair was unplugged: the modem is gone
    }
  }

  /** Closes the files and waits for the reader thread, which ends once the pair is unplugged. */
  @Override
  public void close() {
    try {
      out.close();
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      ExecutorTermination.shutdown(reader, Duration.ofSeconds(2));
    }
  }
}
