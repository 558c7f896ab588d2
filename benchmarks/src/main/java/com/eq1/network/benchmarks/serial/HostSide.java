package com.eq1.network.benchmarks.serial;

import java.io.IOException;

/**
 * The side under test of a {@link PtyPair}, opened on its {@link PtyPair#port()}: EQ-1's {@code
 * SerialProtocol} ({@link Eq1Host}) or a baseline that uses the same port without it ({@link
 * RawHost}: jSerialComm's {@code SerialPort}, or plain file streams).
 */
interface HostSide extends AutoCloseable {

  /** What the side is opened for: the framing of its messages. */
  enum Mode {
    /** Bytes as they come: EQ-1's {@code framing=raw}. */
    RAW,
    /** A 4-byte big-endian length, then the payload: EQ-1's {@code framing=length}. */
    LENGTH,
    /** Lines ending in CR LF, for AT commands: EQ-1's {@code framing=delimited, delimiter=crlf}. */
    AT
  }

  /**
   * Returns the name of the implementation in the output.
   *
   * @return {@code eq1}, {@code jserialcomm} or {@code file}
   */
  String label();

  /**
   * Sends one message. EQ-1 frames {@code payload} itself; a baseline writes {@code framed}, the
   * same bytes made before the run.
   *
   * @param payload the message
   * @param framed the message as it goes on the wire
   */
  void send(byte[] payload, byte[] framed) throws IOException;

  /**
   * Reads until a run's bytes have all arrived.
   *
   * @param payloadBytes the payload bytes the device sends (EQ-1 counts these)
   * @param wireBytes the same with the framing (a baseline counts these)
   * @return how many messages (EQ-1) or reads (baselines) they came in
   * @throws IOException if the port fails or nothing arrives for 10 s
   */
  long receive(long payloadBytes, long wireBytes) throws IOException;

  /**
   * Sends {@code AT} and waits for the modem's {@code OK}.
   *
   * @throws IOException if the port fails, the answer is not OK, or nothing arrives for 10 s
   */
  void at() throws IOException;

  @Override
  void close() throws IOException;
}
