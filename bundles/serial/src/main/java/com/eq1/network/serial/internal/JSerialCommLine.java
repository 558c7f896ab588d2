package com.eq1.network.serial.internal;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.serial.FlowControl;
import com.eq1.network.serial.LineSettings;
import com.eq1.network.serial.StopBits;
import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SerialLine} on a jSerialComm {@link SerialPort}.
 *
 * <p>What jSerialComm 2.11.4 does on Linux, and how this class copes:
 *
 * <ul>
 *   <li>Reads use termios {@code VMIN=0, VTIME=1}: one {@code readBytes} waits at most 100 ms for
 *       the first byte. {@link #read} loops over such slices, and polls {@code bytesAvailable()}
 *       every millisecond for the last part under 100 ms, so its timeout is kept to about 1 ms and
 *       {@link #close()} from another thread ends a blocked read within 100 ms.
 *   <li>When the device goes away (USB adapter pulled, socat killed) {@code readBytes} and {@code
 *       bytesAvailable} return -1 (errno EIO) at once, {@code writeBytes} returns 0, and {@code
 *       isOpen()} stays {@code true}. Any -1 is taken as "gone": the port is closed and {@link
 *       IOException} thrown.
 *   <li>A second open of a port open elsewhere in this JVM fails with error code 2 (the same number
 *       as ENOENT); one locked by another process fails on {@code flock(LOCK_EX|LOCK_NB)} with
 *       EWOULDBLOCK (11). jSerialComm uses no {@code TIOCEXCL}: a process that opens the port
 *       without a lock does not stop it.
 *   <li>{@code ONE_POINT_FIVE_STOP_BITS} is silently one stop bit with termios; it is refused here
 *       except on Windows.
 *   <li>All line settings are given to jSerialComm before {@code openPort}, which applies them in
 *       one {@code tcsetattr}; a refusal fails the open, and the port is then tried with defaults
 *       to tell a refused setting from a port that cannot be opened. A pty accepts every setting
 *       and ignores speed, data bits and parity (it stays 8N); a second reconfiguration of a pty
 *       after parity or 7 data bits fails with EINVAL, so settings are applied once.
 * </ul>
 */
public final class JSerialCommLine implements SerialLine {

  private static final Logger LOG = LoggerFactory.getLogger(JSerialCommLine.class);
  private static final int SLICE_MILLIS = 100;
  private static final int WRITE_CHUNK = 4096;
  private static final int EWOULDBLOCK = 11;
  private static final int EACCES = 13;
  private static final int EBUSY = 16;
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");

  private final String connection;
  private final String name;
  private final SerialPort port;
  private final ReentrantLock io = new ReentrantLock();
  private final TimedWriter writer;
  private volatile boolean closed;
  private volatile boolean gone;

  private JSerialCommLine(String connection, String name, SerialPort port) {
    this.connection = connection;
    this.name = name;
    this.port = port;
    this.writer = new TimedWriter("eq1-serial-write-" + connection, this::writeAll);
  }

  /**
   * Opens a port and applies the line settings; see {@link SerialLineOpener#open}.
   *
   * @param connection the connection name, for errors
   * @param port the port path
   * @param line the line settings
   * @return the open line
   * @throws ConnectionException if the port does not exist, is held or cannot be opened
   * @throws ConfigurationException if the port refuses a line setting
   */
  public static JSerialCommLine open(String connection, String port, LineSettings line) {
    if (line.stopBits() == StopBits.ONE_POINT_FIVE && !WINDOWS) {
      throw new ConfigurationException(
          connection,
          "stopBits 1.5 cannot be set on port "
              + port
              + ": termios on this OS has only 1 or 2 stop bits (jSerialComm would silently use 1)");
    }
    String device = PortOwnership.devicePath(port);
    String named = PortOwnership.describe(port, device);
    if (!WINDOWS && !Files.exists(Path.of(device))) {
      throw new ConnectionException(connection, "port " + port + " does not exist");
    }
    SerialPort serialPort;
    try {
      serialPort = SerialPort.getCommPort(device);
    } catch (SerialPortInvalidPortException e) {
      throw new ConnectionException(connection, "port " + port + " does not exist", e);
    }
    serialPort.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, SLICE_MILLIS, 0);
    configure(serialPort, line); // stored now, applied by openPort in one tcsetattr
    if (!serialPort.openPort(0)) {
      int errno = serialPort.getLastErrorCode();
      int where = serialPort.getLastErrorLocation();
      if (refusesSettings(device, errno)) {
        throw new ConfigurationException(
            connection,
            "port "
                + named
                + " refused the line settings "
                + line.describe()
                + " (error "
                + errno
                + " at jSerialComm native line "
                + where
                + ")");
      }
      throw openFailure(connection, port, device, named, errno);
    }
    JSerialCommLine opened = new JSerialCommLine(connection, named, serialPort);
    LOG.debug("[{}] Opened port {} at {}", connection, named, line.describe());
    return opened;
  }

  private static ConnectionException openFailure(
      String connection, String port, String device, String named, int errno) {
    if (!WINDOWS && !Files.exists(Path.of(device))) {
      return new ConnectionException(connection, "port " + port + " does not exist");
    }
    String prefix = "port " + named + " cannot be opened: ";
    if (errno == EWOULDBLOCK || errno == EBUSY) {
      return new ConnectionException(connection, prefix + PortHolders.describe(Path.of(device)));
    }
    if (errno == 2) { // jSerialComm's own code: already open through another SerialPort here
      return new ConnectionException(
          connection,
          prefix
              + "it is already open in this process (pid "
              + ProcessHandle.current().pid()
              + ") outside EQ-1");
    }
    if (errno == EACCES) {
      return new ConnectionException(
          connection,
          prefix + "permission denied (is the user in the port's group, e.g. dialout?)");
    }
    return new ConnectionException(connection, prefix + "error " + errno);
  }

  /**
   * Tells whether a failed open was the line settings: the port opens with jSerialComm's defaults.
   */
  private static boolean refusesSettings(String device, int errno) {
    if (errno == EWOULDBLOCK || errno == EBUSY || errno == 2 || errno == EACCES) {
      return false;
    }
    SerialPort probe = SerialPort.getCommPort(device);
    if (probe.openPort(0)) {
      probe.closePort();
      return true;
    }
    return false;
  }

  private static void configure(SerialPort port, LineSettings line) {
    int stopBits =
        switch (line.stopBits()) {
          case ONE -> SerialPort.ONE_STOP_BIT;
          case ONE_POINT_FIVE -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
          case TWO -> SerialPort.TWO_STOP_BITS;
        };
    int parity =
        switch (line.parity()) {
          case NONE -> SerialPort.NO_PARITY;
          case ODD -> SerialPort.ODD_PARITY;
          case EVEN -> SerialPort.EVEN_PARITY;
          case MARK -> SerialPort.MARK_PARITY;
          case SPACE -> SerialPort.SPACE_PARITY;
        };
    port.setComPortParameters(line.baudRate(), line.dataBits(), stopBits, parity);
    int flow =
        line.flowControl() == FlowControl.RTS_CTS
            ? SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED
            : line.flowControl() == FlowControl.XON_XOFF
                ? SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED
                    | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED
                : SerialPort.FLOW_CONTROL_DISABLED;
    port.setFlowControl(flow);
    LineSettings.Rs485 rs485 = line.rs485();
    if (rs485.enabled()) {
      port.setRs485ModeParameters(
          true, rs485.rtsActiveHigh(), rs485.delayBeforeSendMicros(), rs485.delayAfterSendMicros());
    }
  }

  @Override
  public int read(byte[] buffer, int timeoutMillis) throws IOException {
    if (buffer.length == 0) {
      return 0;
    }
    int timeout = Math.max(1, timeoutMillis);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
    // a timeout of whole slices (the reader's idle poll) needs no 1 ms polling for its last part
    boolean slicesOnly = timeout % SLICE_MILLIS == 0;
    while (true) {
      long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      boolean slice = slicesOnly || remaining >= SLICE_MILLIS;
      int n = slice ? readSlice(buffer) : readIfAvailable(buffer);
      if (n > 0) {
        return n;
      }
      if (deadline - System.nanoTime() <= 0) {
        return 0;
      }
      if (!slice) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
  }

  /** Reads what comes within one VTIME slice (100 ms). */
  private int readSlice(byte[] buffer) throws IOException {
    io.lock();
    try {
      checkOpen();
      int n = port.readBytes(buffer, buffer.length);
      if (n < 0 || (n == 0 && port.bytesAvailable() < 0)) {
        throw lost();
      }
      return n;
    } finally {
      io.unlock();
    }
  }

  /** Reads only bytes already there, without waiting. */
  private int readIfAvailable(byte[] buffer) throws IOException {
    io.lock();
    try {
      checkOpen();
      int available = port.bytesAvailable();
      if (available < 0) {
        throw lost();
      }
      if (available == 0) {
        return 0;
      }
      int n = port.readBytes(buffer, Math.min(available, buffer.length));
      if (n < 0) {
        throw lost();
      }
      return n;
    } finally {
      io.unlock();
    }
  }

  @Override
  public int write(byte[] data, Duration timeout) throws IOException {
    return writer.write(data, timeout);
  }

  /** Writes every byte, blocking while the device holds the line back; runs on the writer. */
  private void writeAll(byte[] data, AtomicInteger progress) throws IOException {
    int written = 0;
    while (written < data.length) {
      checkOpen();
      int chunk = Math.min(WRITE_CHUNK, data.length - written);
      int n = port.writeBytes(data, chunk, written);
      if (n <= 0) {
        if (closed) {
          throw new IOException("port " + name + " is closed");
        }
        if (port.bytesAvailable() < 0) {
          throw lost();
        }
        throw new IOException(
            "port " + name + " refused a write (error " + port.getLastErrorCode() + ")");
      }
      written += n;
      progress.set(written);
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("port " + name + " is closed");
    }
    if (gone) {
      throw new IOException("port " + name + " went away (adapter unplugged?)");
    }
  }

  /** Marks the port gone and releases its file descriptor; the caller holds {@link #io}. */
  private IOException lost() {
    if (!gone) {
      gone = true;
      LOG.debug("[{}] Port {} went away (error {})", connection, name, port.getLastErrorCode());
      port.closePort();
    }
    return new IOException("port " + name + " went away (adapter unplugged?)");
  }

  @Override
  public boolean isOpen() {
    if (closed || gone) {
      return false;
    }
    if (io.tryLock()) {
      try {
        if (!closed && !gone && port.bytesAvailable() < 0) {
          lost();
        }
      } finally {
        io.unlock();
      }
    }
    return !closed && !gone;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    io.lock(); // a read slice in progress ends within 100 ms
    try {
      port.closePort();
    } catch (RuntimeException e) {
      LOG.debug("[{}] Closing port {} failed", connection, name, e);
    } finally {
      io.unlock();
    }
    writer.close(); // its blocked write, if any, returned with the port's close
    LOG.debug("[{}] Closed port {}", connection, name);
  }

  @Override
  public String toString() {
    return "JSerialCommLine[" + name + "]";
  }
}
