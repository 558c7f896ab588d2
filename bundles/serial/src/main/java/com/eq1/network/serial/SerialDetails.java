package com.eq1.network.serial;

import com.eq1.network.api.BaseProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link BaseProtocol#details()} shows of a serial connection: the port, the line settings and
 * the framing. A serial line has no TLS, so there is no {@link BaseProtocol#DETAIL_TLS} entry
 * rather than a value that would mean nothing.
 */
final class SerialDetails {

  private SerialDetails() {}

  /**
   * Describes a connection: {@code peer} (the port path, and the device it links to if it is a
   * symbolic link such as {@code /dev/serial/by-id/…}), {@code line} (such as {@code 9600 8N1}),
   * {@code flowControl}, {@code rs485} ({@code on}/{@code off}) and {@code framing}.
   *
   * @param settings the connection's settings
   * @return the details, unmodifiable
   */
  static Map<String, String> of(SerialSettings settings) {
    LineSettings line = settings.line();
    Map<String, String> details = new LinkedHashMap<>();
    details.put(BaseProtocol.DETAIL_PEER, peer(settings.port()));
    details.put(
        "line",
        line.baudRate()
            + " "
            + line.dataBits()
            + line.parity().name().charAt(0)
            + line.stopBits().text());
    details.put(
        "flowControl", line.flowControl().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    details.put("rs485", line.rs485().enabled() ? "on" : "off");
    details.put("framing", framing(settings));
    return Collections.unmodifiableMap(details);
  }

  /**
   * Names the port and, for a symbolic link, the device it points to now, as {@code
   * /dev/serial/by-id/usb-FTDI… (/dev/ttyUSB0)}. A dangling link, a name such as {@code COM3} or a
   * plain device path is shown as it is.
   */
  static String peer(String port) {
    try {
      Path path = Path.of(port);
      if (path.isAbsolute() && Files.isSymbolicLink(path)) {
        return port + " (" + path.toRealPath() + ")";
      }
    } catch (IOException | InvalidPathException e) {
      // a link to nothing (the adapter is unplugged) or no path at all: the port as configured
    }
    return port;
  }

  private static String framing(SerialSettings settings) {
    return switch (settings.framing()) {
      case RAW -> "raw";
      case LENGTH -> "length";
      case DELIMITED -> "delimited (" + settings.delimiter() + ")";
      case GAP -> "gap (" + settings.frameGap().toMillis() + " ms)";
    };
  }
}
