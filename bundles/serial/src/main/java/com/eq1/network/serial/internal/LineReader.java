package com.eq1.network.serial.internal;

import com.eq1.network.api.PacketException;
import com.eq1.network.packet.FrameDecoder;
import com.eq1.network.serial.SerialFraming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one opened port until it is closed or lost: cuts the bytes into messages by the
 * connection's framing and hands them on. Runs on the connection's reader thread.
 *
 * <p>Malformed input is counted and logged (the first time at {@code warn}, then at {@code debug}
 * until a good message arrives, so a device streaming garbage cannot flood the log) and the port
 * stays open.
 */
public final class LineReader implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(LineReader.class);
  private static final int POLL_MILLIS = 200;

  /** Where a reader's results go. */
  public interface Events {

    /**
     * Tells whether the line is still the connection's current one; the reader stops when not.
     *
     * @param line the line
     * @return {@code true} to go on reading
     */
    boolean current(SerialLine line);

    /**
     * Takes one received message, waiting while the receive buffer is full.
     *
     * @param line the line it came from
     * @param payload the message, a new array
     */
    void received(SerialLine line, byte[] payload);

    /**
     * Reports malformed input.
     *
     * @param message what was wrong
     */
    void problem(String message);

    /**
     * Reports that the line failed or went away.
     *
     * @param line the line
     * @param reason why
     */
    void lost(SerialLine line, String reason);
  }

  private final String connection;
  private final SerialLine line;
  private final SerialFramer framer;
  private final int gapMillis;
  private final long readTimeoutNanos;
  private final int maxPayload;
  private final Events events;
  private boolean quiet;

  /**
   * Creates the reader of one opened port.
   *
   * @param connection the connection name
   * @param line the open port
   * @param framer the connection's framing
   * @param frameGap the silence that ends a message in gap framing
   * @param readTimeout the silence after which the line counts as lost; zero for never
   * @param maxPayload the largest message
   * @param events where results go
   */
  public LineReader(
      String connection,
      SerialLine line,
      SerialFramer framer,
      Duration frameGap,
      Duration readTimeout,
      int maxPayload,
      Events events) {
    this.connection = connection;
    this.line = line;
    this.framer = framer;
    this.gapMillis = (int) Math.max(1, frameGap.toMillis());
    this.readTimeoutNanos = readTimeout.toNanos();
    this.maxPayload = maxPayload;
    this.events = events;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[64 * 1024];
    FrameDecoder decoder = framer.newDecoder();
    ByteArrayOutputStream gap = new ByteArrayOutputStream();
    boolean gapFraming = framer.framing() == SerialFraming.GAP;
    long lastByte = System.nanoTime();
    while (events.current(line)) {
      int n;
      try {
        n = line.read(buffer, gapFraming && gap.size() > 0 ? gapMillis : POLL_MILLIS);
      } catch (IOException e) {
        if (events.current(line)) {
          events.lost(line, e.getMessage());
        }
        return;
      }
      long now = System.nanoTime();
      if (n == 0) {
        if (gap.size() > 0) {
          deliver(gap.toByteArray());
          gap.reset();
        } else if (readTimeoutNanos > 0 && now - lastByte > readTimeoutNanos) {
          events.lost(line, "nothing received for " + readTimeoutNanos / 1_000_000 + " ms");
          return;
        }
        continue;
      }
      lastByte = now;
      if (decoder != null) {
        decode(decoder, buffer, n);
      } else if (gapFraming) {
        collect(gap, buffer, n);
      } else {
        deliver(Arrays.copyOf(buffer, n));
      }
    }
  }

  private void decode(FrameDecoder decoder, byte[] buffer, int n) {
    try {
      decoder.decode(buffer, 0, n, this::deliver);
    } catch (PacketException e) {
      problem(e.getMessage());
      if (decoder.isClosed()) {
        decoder.reset(); // nothing to resynchronise on: start again with the next bytes
      }
    }
  }

  private void collect(ByteArrayOutputStream gap, byte[] buffer, int n) {
    if (gap.size() + n > maxPayload) {
      problem(
          "["
              + connection
              + "] message longer than "
              + maxPayload
              + " bytes without a "
              + gapMillis
              + " ms gap; "
              + (gap.size() + n)
              + " bytes discarded");
      gap.reset();
      return;
    }
    gap.write(buffer, 0, n);
  }

  private void deliver(byte[] payload) {
    quiet = false;
    events.received(line, payload);
  }

  private void problem(String message) {
    events.problem(message);
    if (quiet) {
      LOG.debug("{}", message);
    } else {
      LOG.warn("{} (further bad input is logged at debug until a good message)", message);
      quiet = true;
    }
  }
}
