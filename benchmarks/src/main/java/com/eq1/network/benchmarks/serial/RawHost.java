package com.eq1.network.benchmarks.serial;

import com.fazecast.jSerialComm.SerialPort;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A baseline side without EQ-1, reading and writing the wire bytes in the calling thread: either
 * jSerialComm's {@link SerialPort} set up as EQ-1's {@code JSerialCommLine} sets it up
 * (semi-blocking reads of at most 100 ms, default 9600 8N1, no flow control), or the port opened as
 * a plain file (blocking {@link FileInputStream}/{@link FileOutputStream}, after {@code stty raw
 * -echo min 1 time 0}). No framing is decoded: the rates are what the port carries.
 */
final class RawHost implements HostSide {

  private static final byte[] AT = "AT\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int STALL_SLICES = 100; // 100 reads of 100 ms without a byte: 10 s

  private final SerialPort port;
  private final InputStream in;
  private final OutputStream out;
  private final byte[] buffer = new byte[64 * 1024];

  private RawHost(SerialPort port, InputStream in, OutputStream out) {
    this.port = port;
    this.in = in;
    this.out = out;
  }

  /**
   * Opens the port with jSerialComm (its native library must be loaded already).
   *
   * @param pair the pair
   * @return the side
   */
  static RawHost jSerialComm(PtyPair pair) throws IOException {
    SerialPort port = SerialPort.getCommPort(pair.port().toRealPath().toString());
    port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
    if (!port.openPort(0)) {
      throw new IOException(
          "jSerialComm cannot open " + pair.port() + ": " + port.getLastErrorCode());
    }
    return new RawHost(port, null, null);
  }

  /**
   * Opens the port as a file.
   *
   * @param pair the pair
   * @return the side
   */
  static RawHost file(PtyPair pair) throws IOException, InterruptedException {
    // jSerialComm leaves VMIN=0 VTIME=1 on the pty when it closes, which a FileInputStream would
    // read as end of file after 100 ms of silence: make reads block for the first byte again
    Process stty =
        new ProcessBuilder(
                "stty",
                "-F",
                pair.port().toRealPath().toString(),
                "raw",
                "-echo",
                "min",
                "1",
                "time",
                "0")
            .redirectErrorStream(true)
            .start();
    if (stty.waitFor() != 0) {
      throw new IOException("stty failed: " + new String(stty.getInputStream().readAllBytes()));
    }
    return new RawHost(
        null,
        new FileInputStream(pair.port().toFile()),
        new FileOutputStream(pair.port().toFile()));
  }

  @Override
  public String label() {
    return port != null ? "jserialcomm" : "file";
  }

  @Override
  public void send(byte[] payload, byte[] framed) throws IOException {
    write(framed);
  }

  @Override
  public long receive(long payloadBytes, long wireBytes) throws IOException {
    long received = 0;
    long reads = 0;
    while (received < wireBytes) {
      received += read(buffer, 0, buffer.length, received, wireBytes);
      reads++;
    }
    return reads;
  }

  @Override
  public void at() throws IOException {
    write(AT);
    int length = 0;
    while (!endsWithOk(length)) {
      length += read(buffer, length, buffer.length - length, length, -1);
    }
  }

  private boolean endsWithOk(int length) {
    return length >= 4
        && buffer[length - 4] == 'O'
        && buffer[length - 3] == 'K'
        && buffer[length - 2] == '\r'
        && buffer[length - 1] == '\n';
  }

  private void write(byte[] bytes) throws IOException {
    if (out != null) {
      out.write(bytes);
      return;
    }
    int written = 0;
    while (written < bytes.length) {
      int n = port.writeBytes(bytes, bytes.length - written, written);
      if (n < 0) {
        throw new IOException("jSerialComm write failed: " + port.getLastErrorCode());
      }
      written += n;
    }
  }

  /** Reads at least one byte; {@code so far} and {@code of} only name the progress in errors. */
  private int read(byte[] into, int offset, int length, long soFar, long of) throws IOException {
    if (in != null) {
      int n = in.read(into, offset, length);
      if (n <= 0) {
        throw new IOException("file read ended after " + soFar + " of " + of + " bytes");
      }
      return n;
    }
    for (int idle = 0; idle < STALL_SLICES; idle++) {
      int n = port.readBytes(into, length, offset);
      if (n < 0) {
        throw new IOException("jSerialComm read failed: " + port.getLastErrorCode());
      }
      if (n > 0) {
        return n;
      }
    }
    throw new IOException(
        "jserialcomm received " + soFar + " of " + of + " bytes, then nothing for 10 s");
  }

  @Override
  public void close() throws IOException {
    if (port != null) {
      port.closePort();
    } else {
      try {
        out.close();
      } finally {
        in.close();
      }
    }
  }
}
