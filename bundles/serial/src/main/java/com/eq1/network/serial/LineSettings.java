package com.eq1.network.serial;

import com.eq1.network.api.ConfigurationException;
import java.util.Locale;
import java.util.Objects;

/**
 * The line settings of a serial port: speed, character format, flow control and RS-485 mode.
 *
 * @param baudRate bits per second; any positive value the OS and adapter accept (checked when the
 *     port opens)
 * @param dataBits data bits per character, 5 to 8
 * @param parity the parity bit
 * @param stopBits the stop bits
 * @param flowControl the flow control
 * @param rs485 the RS-485 driver-enable options; {@link Rs485#OFF} for RS-232
 */
public record LineSettings(
    int baudRate,
    int dataBits,
    Parity parity,
    StopBits stopBits,
    FlowControl flowControl,
    Rs485 rs485) {

  /** 9600 baud, 8N1, no flow control, RS-232. */
  public static final LineSettings DEFAULT =
      new LineSettings(9600, 8, Parity.NONE, StopBits.ONE, FlowControl.NONE, Rs485.OFF);

  /**
   * Checks the values.
   *
   * @throws ConfigurationException if the baud rate is not positive, the data bits are not 5 to 8,
   *     or a setting is {@code null}
   */
  public LineSettings {
    if (baudRate <= 0) {
      throw new ConfigurationException(null, "baudRate must be positive, not " + baudRate);
    }
    if (dataBits < 5 || dataBits > 8) {
      throw new ConfigurationException(null, "dataBits must be 5, 6, 7 or 8, not " + dataBits);
    }
    Objects.requireNonNull(parity, "parity");
    Objects.requireNonNull(stopBits, "stopBits");
    Objects.requireNonNull(flowControl, "flowControl");
    Objects.requireNonNull(rs485, "rs485");
  }

  /**
   * Returns these settings at another speed.
   *
   * @param baud the baud rate
   * @return the new settings
   */
  public LineSettings withBaudRate(int baud) {
    return new LineSettings(baud, dataBits, parity, stopBits, flowControl, rs485);
  }

  /**
   * Returns the settings in the usual short form, e.g. {@code 9600 8N1}.
   *
   * @return the description
   */
  public String describe() {
    return baudRate
        + " "
        + dataBits
        + parity.name().charAt(0)
        + stopBits.text()
        + (flowControl == FlowControl.NONE
            ? ""
            : " " + flowControl.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        + (rs485.enabled() ? " rs485" : "");
  }

  /**
   * RS-485 half-duplex options, where the adapter's driver supports them (Linux {@code
   * TIOCSRS485}).
   *
   * @param enabled drive the transmitter enable line
   * @param rtsActiveHigh RTS high while sending (else low)
   * @param delayBeforeSendMicros delay between enabling the driver and the first bit
   * @param delayAfterSendMicros delay between the last bit and disabling the driver
   */
  public record Rs485(
      boolean enabled, boolean rtsActiveHigh, int delayBeforeSendMicros, int delayAfterSendMicros) {

    /** RS-485 off: an RS-232 or USB-CDC line. */
    public static final Rs485 OFF = new Rs485(false, true, 0, 0);

    /**
     * Checks the delays.
     *
     * @throws ConfigurationException if a delay is negative
     */
    public Rs485 {
      if (delayBeforeSendMicros < 0 || delayAfterSendMicros < 0) {
        throw new ConfigurationException(null, "rs485 delays must not be negative");
      }
    }
  }
}
