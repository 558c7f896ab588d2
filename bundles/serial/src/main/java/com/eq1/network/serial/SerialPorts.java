package com.eq1.network.serial;

import com.eq1.network.serial.internal.JSerialCommLine;
import com.eq1.network.serial.internal.NativeLibrary;
import com.eq1.network.serial.internal.PortOwnership;
import com.eq1.network.serial.internal.SerialLine;
import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serial ports of this machine: loads jSerialComm's native library into a private directory,
 * lists the ports ({@link SerialPortDiscovery}) and opens them for the serial connections, making
 * sure that one port is open by one EQ-1 connection at a time.
 */
@Component(
    service = {SerialPorts.class, SerialPortDiscovery.class},
    configurationPid = SerialPorts.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SerialPortsConfig.class)
public final class SerialPorts implements SerialPortDiscovery {

  /** The configuration PID. */
  public static final String PID = "com.eq1.network.serial.ports";

  private static final Logger LOG = LoggerFactory.getLogger(SerialPorts.class);
  private static final Path BY_ID = Path.of("/dev/serial/by-id");

  private final NativeLibrary nativeLibrary;
  private final PortOwnership ownership = new PortOwnership();
  private final Path byIdFolder;

  /** Creates the ports with the native library in its default directory. */
  public SerialPorts() {
    this((Path) null);
  }

  /**
   * Creates the ports with the native library in a directory of the caller's.
   *
   * @param nativeLibraryDirectory the directory, or {@code null} for the default
   */
  public SerialPorts(Path nativeLibraryDirectory) {
    this(nativeLibraryDirectory, BY_ID);
  }

  /**
   * Creates the component from its configuration. Nothing is loaded yet: the native library is
   * extracted on the first {@link #ports()} or open.
   *
   * @param config the configuration
   */
  @Activate
  public SerialPorts(SerialPortsConfig config) {
    this(
        config.nativeLibraryDirectory().isBlank()
            ? null
            : Path.of(config.nativeLibraryDirectory().trim()));
  }

  SerialPorts(Path nativeLibraryDirectory, Path byIdFolder) {
    this.nativeLibrary = new NativeLibrary(nativeLibraryDirectory);
    this.byIdFolder = byIdFolder;
  }

  @Override
  public List<SerialPortInfo> ports() {
    nativeLibrary.load();
    Map<String, String> stableIds = stableIds();
    Map<String, SerialPortInfo> ports = new TreeMap<>();
    for (SerialPort port : SerialPort.getCommPorts()) {
      String path = port.getSystemPortPath();
      String device = PortOwnership.devicePath(path);
      ports.put(
          device,
          new SerialPortInfo(
              path,
              stableIds.get(device),
              text(port.getPortDescription()),
              text(port.getManufacturer()),
              text(port.getSerialNumber()),
              port.getVendorID(),
              port.getProductID(),
              ownership.heldBy(device)));
    }
    stableIds.forEach(
        (device, link) ->
            ports.computeIfAbsent(
                device, d -> new SerialPortInfo(d, link, "", "", "", -1, -1, ownership.heldBy(d))));
    List<SerialPortInfo> list = new ArrayList<>(ports.values());
    list.sort(Comparator.comparing(SerialPortInfo::path));
    return list;
  }

  /**
   * Opens a port for a connection: loads the native library, claims the port and opens it. The
   * returned line releases the claim when it is closed; a failed open releases it at once.
   *
   * @param connection the connection name
   * @param port the port path
   * @param line the line settings
   * @return the open line
   * @throws com.eq1.network.api.ConnectionException if the library cannot be loaded, the port does
   *     not exist, another EQ-1 connection or another process holds it, or it cannot be opened
   * @throws com.eq1.network.api.ConfigurationException if the port refuses a line setting or the
   *     native library directory cannot be used
   */
  SerialLine open(String connection, String port, LineSettings line) {
    nativeLibrary.load();
    PortOwnership.Claim claim = ownership.claim(connection, port);
    try {
      return new OwnedLine(JSerialCommLine.open(connection, port, line), claim);
    } catch (RuntimeException e) {
      ownership.release(claim);
      throw e;
    }
  }

  /**
   * Tells which EQ-1 connection holds a port.
   *
   * @param port any path of the port
   * @return the connection name, or {@code null}
   */
  String heldBy(String port) {
    return ownership.heldBy(port);
  }

  /**
   * Returns the native library directory.
   *
   * @return the directory
   */
  Path nativeLibraryDirectory() {
    return nativeLibrary.directory();
  }

  private Map<String, String> stableIds() {
    Map<String, String> ids = new HashMap<>();
    if (!Files.isDirectory(byIdFolder)) {
      return ids;
    }
    try (DirectoryStream<Path> links = Files.newDirectoryStream(byIdFolder)) {
      for (Path link : links) {
        try {
          ids.putIfAbsent(link.toRealPath().toString(), link.toString());
        } catch (IOException e) {
          LOG.debug("Dangling link {}", link, e);
        }
      }
    } catch (IOException e) {
      LOG.debug("Cannot list {}", byIdFolder, e);
    }
    return ids;
  }

  private static String text(String value) {
    return value == null || "Unknown".equals(value) ? "" : value.trim();
  }

  /** A line that gives its port back to the ownership when it closes. */
  private final class OwnedLine implements SerialLine {
    private final SerialLine delegate;
    private final PortOwnership.Claim claim;

    OwnedLine(SerialLine delegate, PortOwnership.Claim claim) {
      this.delegate = delegate;
      this.claim = claim;
    }

    @Override
    public int read(byte[] buffer, int timeoutMillis) throws IOException {
      return delegate.read(buffer, timeoutMillis);
    }

    @Override
    public int write(byte[] data, Duration timeout) throws IOException {
      return delegate.write(data, timeout);
    }

    @Override
    public boolean isOpen() {
      return delegate.isOpen();
    }

    @Override
    public void close() {
      try {
        delegate.close();
      } finally {
        ownership.release(claim);
      }
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }
}
