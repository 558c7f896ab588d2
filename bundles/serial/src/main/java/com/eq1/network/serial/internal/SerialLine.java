package com.eq1.network.serial.internal;

import java.io.IOException;
import java.time.Duration;

/**
 * One open serial port, as the protocol sees it: blocking reads and writes with timeouts, nothing
 * more. jSerialComm sits behind it ({@link JSerialCommLine}); tests of framing, queueing and
 * reconnecting can put anything else there.
 *
 * <p>{@link #read} is called by one reader thread, {@link #write} by one writer at a time; {@link
 * #close()} may be called from any thread and makes a blocked {@code read} return.
 */
public interface SerialLine extends AutoCloseable {

  /**
   * Reads what is available, waiting up to {@code timeoutMillis} for the first byte.
   *
   * @param buffer where the bytes go
   * @param timeoutMillis the longest wait for the first byte, at least 1
   * @return the number of bytes read, 0 if none came in time
   * @throws IOException if the port failed or went away (adapter unplugged) or was closed
   */
  int read(byte[] buffer, int timeoutMillis) throws IOException;

  /**
   * Writes all the bytes, waiting up to {@code timeout} for the driver to take them.
   *
   * @param data the bytes
   * @param timeout the longest wait
   * @return the number of bytes written; fewer than {@code data.length} if the timeout ran out
   * @throws IOException if the port failed or went away or was closed
   */
  int write(byte[] data, Duration timeout) throws IOException;

  /**
   * Tells whether the port is still open and present.
   *
   * @return {@code false} once closed or unplugged
   */
  boolean isOpen();

  /** Closes the port; idempotent, never throws. */
  @Override
  void close();
}
