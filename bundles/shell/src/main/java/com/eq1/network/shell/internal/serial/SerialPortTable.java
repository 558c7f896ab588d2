package com.eq1.network.shell.internal.serial;

import com.eq1.network.serial.SerialPortDiscovery;
import com.eq1.network.serial.SerialPortInfo;
import java.io.PrintStream;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * Prints the serial ports a {@link SerialPortDiscovery} finds. The only class of the shell that
 * touches the serial bundle's types: it is loaded (through the bundle's dynamic import) only once a
 * discovery service exists, so the shell has no hard dependency on the serial bundle.
 */
public final class SerialPortTable {

  private SerialPortTable() {}

  /**
   * Prints the ports.
   *
   * @param service the discovery service, a {@link SerialPortDiscovery}
   * @param out where to print
   * @return the number of ports printed
   */
  public static int print(Object service, PrintStream out) {
    var ports = ((SerialPortDiscovery) service).ports();
    if (ports.isEmpty()) {
      out.println(
          "No serial ports found (pseudo-terminals are not listed; open them by path in a"
              + " serial connection's 'port' key)");
      return 0;
    }
    ShellTable table = new ShellTable();
    table.column("Port");
    table.column("Stable id");
    table.column("Description");
    table.column("Manufacturer");
    table.column("Serial number");
    table.column("VID:PID");
    table.column("Used by");
    for (SerialPortInfo p : ports) {
      table
          .addRow()
          .addContent(
              p.path(),
              p.stableId() == null ? "-" : p.stableId(),
              p.description(),
              p.manufacturer(),
              p.serialNumber(),
              p.vendorId() < 0 ? "-" : String.format("%04x:%04x", p.vendorId(), p.productId()),
              p.heldBy() == null ? "-" : p.heldBy());
    }
    table.print(out);
    return ports.size();
  }
}
