package com.eq1.network.serial;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Lists the serial ports of this machine, for consoles and configuration tools. */
@ProviderType
public interface SerialPortDiscovery {

  /**
   * Lists the serial ports the OS reports, each with its stable {@code /dev/serial/by-id/…} link
   * and the EQ-1 connection that holds it. Pseudo-terminals (socat, ssh ptys) are not listed: open
   * them by path. Blocks briefly while the OS is asked; does not open any port.
   *
   * @return the ports, sorted by path; empty if there are none
   * @throws com.eq1.network.api.ConnectionException if jSerialComm's native library cannot be
   *     loaded
   * @throws com.eq1.network.api.ConfigurationException if the native library directory cannot be
   *     used
   */
  List<SerialPortInfo> ports();
}
