package com.eq1.network.serial;

import java.time.Duration;
import java.util.Optional;

/** The device side of a cable to a {@link ModemPeer}: lines in, text out. */
interface ModemLine extends AutoCloseable {

  /**
   * Returns the next line the client sent, without CR LF, waiting up to {@code timeout}.
   *
   * @param timeout the longest wait
   * @return the line, or empty if none came in time
   */
  Optional<String> readLine(Duration timeout);

  /**
   * Sends text to the client as it is; the caller adds the line ends.
   *
   * @param text the text
   */
  void write(String text);

  @Override
  void close();
}
