package com.eq1.network.serial.internal;

import com.eq1.network.api.ConnectionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which EQ-1 connection holds which serial port, keyed by the real device path: {@code
 * /dev/ttyUSB0}, its {@code /dev/serial/by-id/…} link and a socat link to it are one port.
 */
public final class PortOwnership {

  private final ConcurrentMap<String, Claim> claims = new ConcurrentHashMap<>();

  /**
   * One port held by one connection.
   *
   * @param connection the connection name
   * @param requested the path the connection asked for
   * @param device the real device path, the key
   */
  public record Claim(String connection, String requested, String device) {}

  /**
   * Claims a port for a connection.
   *
   * @param connection the connection name
   * @param port the port path as configured
   * @return the claim, to {@link #release} when the port closes
   * @throws ConnectionException if another claim holds the same device; the message names it
   */
  public Claim claim(String connection, String port) {
    Objects.requireNonNull(connection, "connection");
    String device = devicePath(port);
    Claim claim = new Claim(connection, port, device);
    Claim held = claims.putIfAbsent(device, claim);
    if (held != null) {
      throw new ConnectionException(
          connection,
          "port "
              + describe(port, device)
              + " is already open by EQ-1 connection '"
              + held.connection()
              + "'");
    }
    return claim;
  }

  /**
   * Releases a claim; a claim already released is ignored.
   *
   * @param claim the claim from {@link #claim}
   */
  public void release(Claim claim) {
    claims.remove(claim.device(), claim);
  }

  /**
   * Tells which connection holds a port.
   *
   * @param port any path of the port
   * @return the connection name, or {@code null} if no EQ-1 connection holds it
   */
  public String heldBy(String port) {
    Claim claim = claims.get(devicePath(port));
    return claim == null ? null : claim.connection();
  }

  /**
   * Returns a port as it appears in messages: {@code /dev/ttyUSB0 (via /dev/serial/by-id/…)}.
   *
   * @param port the path as configured
   * @param device the real device path
   * @return the description
   */
  static String describe(String port, String device) {
    return port.equals(device) ? device : device + " (via " + port + ")";
  }

  /**
   * Resolves a port path to the real device path: symlinks followed, a bare name such as {@code
   * ttyUSB0} looked up in {@code /dev}. A path that does not exist (or a Windows {@code COM3}) is
   * returned as it is.
   *
   * @param port the path as configured
   * @return the real path, or {@code port} itself
   */
  public static String devicePath(String port) {
    Objects.requireNonNull(port, "port");
    try {
      Path path = Path.of(port);
      if (!path.isAbsolute() && !Files.exists(path) && Files.exists(Path.of("/dev", port))) {
        path = Path.of("/dev", port);
      }
      return path.toRealPath().toString();
    } catch (IOException | InvalidPathException | SecurityException e) {
      return port;
    }
  }
}
