package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.eq1.network.serial.SerialPortDiscovery;
import com.eq1.network.serial.SerialPortInfo;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code eq1:ports}: the serial ports, once the serial bundle offers its discovery service. */
class PortsCommandTest {

  private final Metatypes.Runtime runtime = new Metatypes.Runtime();
  private final ShellSession shell = new ShellSession();

  private String ports() {
    PortsCommand command = new PortsCommand();
    command.context = runtime.context;
    command.session = shell.session();
    assertNull(command.execute());
    return shell.output();
  }

  @Test
  void withoutTheSerialBundleItSaysWhichFeatureToInstall() {
    assertEquals("Serial support is not installed: feature:install eq1-serial\n", ports());
    assertEquals(List.of(), runtime.released());
  }

  @Test
  void listsThePortsTheDiscoveryServiceFinds() {
    SerialPortDiscovery discovery =
        () ->
            List.of(
                new SerialPortInfo(
                    "/dev/ttyUSB0",
                    "/dev/serial/by-id/usb-FTDI_FT232R-if00-port0",
                    "FT232R USB UART",
                    "FTDI",
                    "A10K5XYZ",
                    0x0403,
                    0x6001,
                    "plc1"),
                new SerialPortInfo("/dev/ttyS0", null, "Physical Port", "", "", -1, -1, null));
    runtime.register(PortsCommand.DISCOVERY, discovery);

    List<List<String>> rows =
        ports()
            .lines()
            .filter(l -> !l.startsWith("-"))
            .map(l -> Arrays.stream(l.split("\\|")).map(String::trim).toList())
            .toList();

    assertEquals(
        List.of(
            List.of(
                "Port",
                "Stable id",
                "Description",
                "Manufacturer",
                "Serial number",
                "VID:PID",
                "Used by"),
            List.of(
                "/dev/ttyUSB0",
                "/dev/serial/by-id/usb-FTDI_FT232R-if00-port0",
                "FT232R USB UART",
                "FTDI",
                "A10K5XYZ",
                "0403:6001",
                "plc1"),
            List.of("/dev/ttyS0", "-", "Physical Port", "", "", "-", "-")),
        rows);
    assertEquals(1, runtime.released().size(), "the service is given back");
  }

  @Test
  void noPortsFoundSaysSo() {
    runtime.register(PortsCommand.DISCOVERY, (SerialPortDiscovery) List::of);

    assertEquals(
        "No serial ports found (pseudo-terminals are not listed; open them by path in a serial"
            + " connection's 'port' key)\n",
        ports());
    assertEquals(1, runtime.released().size(), "the service is given back");
  }
}
