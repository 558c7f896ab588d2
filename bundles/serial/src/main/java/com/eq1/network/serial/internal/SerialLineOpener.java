package com.eq1.network.serial.internal;

import com.eq1.network.serial.LineSettings;

/**
 * Opens serial ports: {@code SerialPorts} in the bundle (jSerialComm, with port ownership), a
 * scripted line in unit tests of the connection's own logic.
 */
@FunctionalInterface
public interface SerialLineOpener {

  /**
   * Opens a port and applies the line settings.
   *
   * @param connection the connection name, for errors
   * @param port the port path ({@code /dev/ttyUSB0}, {@code /dev/serial/by-id/…}, {@code COM3})
   * @param line the line settings
   * @return the open port
   * @throws com.eq1.network.api.ConnectionException if the port does not exist, is held by another
   *     opener (the message says which, when it can be found) or cannot be opened
   * @throws com.eq1.network.api.ConfigurationException if the port refuses the line settings
   */
  SerialLine open(String connection, String port, LineSettings line);
}
