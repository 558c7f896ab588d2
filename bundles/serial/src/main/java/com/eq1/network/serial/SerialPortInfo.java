package com.eq1.network.serial;

/**
 * A serial port found on this machine.
 *
 * @param path the device path to open, e.g. {@code /dev/ttyUSB0} or {@code COM3}
 * @param stableId the {@code /dev/serial/by-id/…} link that points at the port, which survives
 *     replugging into another USB socket; {@code null} if there is none (built-in ports, other
 *     OSes)
 * @param description the port's description as the driver reports it, e.g. {@code FT232R USB UART};
 *     empty if unknown
 * @param manufacturer the USB manufacturer string; empty if unknown
 * @param serialNumber the USB serial number; empty if unknown
 * @param vendorId the USB vendor id, -1 if unknown
 * @param productId the USB product id, -1 if unknown
 * @param heldBy the name of the EQ-1 connection that has the port open, or {@code null}
 */
public record SerialPortInfo(
    String path,
    String stableId,
    String description,
    String manufacturer,
    String serialNumber,
    int vendorId,
    int productId,
    String heldBy) {}
