package com.eq1.network.serial;

import com.eq1.network.link.OverflowPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of one serial connection, factory PID {@code com.eq1.network.serial} (file {@code
 * etc/com.eq1.network.serial-<name>.cfg}).
 */
@ObjectClassDefinition(
    id = SerialProtocol.FACTORY_PID,
    name = "EQ-1 serial connection",
    description = "A request/response connection over a serial port.")
public @interface SerialConfig {

  /**
   * Unique name equipment code uses for this connection (eq1.name).
   *
   * @return the eq1.name value
   */
  @AttributeDefinition(
      name = "Connection name",
      description = "Unique name equipment code uses for this connection (eq1.name).")
  String eq1_name() default "";

  /**
   * Open the port when the configuration is activated.
   *
   * @return the autoConnect value
   */
  @AttributeDefinition(
      name = "Open on start",
      description = "Open the port when the configuration is activated.")
  boolean autoConnect() default true;

  /**
   * Port path (required): /dev/ttyUSB0, better a stable /dev/serial/by-id/… link, or COM3. No
   * default, so that the shell reports it missing; Declarative Services hands {@code null} for a
   * missing key, refused naming the key.
   *
   * @return the port value
   */
  @AttributeDefinition(
      name = "Port",
      description =
          "Port path (required): /dev/ttyUSB0, better a stable /dev/serial/by-id/... link, or COM3.")
  String port();

  /**
   * Bits per second; any rate the OS and adapter accept.
   *
   * @return the baudRate value
   */
  @AttributeDefinition(
      name = "Baud rate",
      description = "Bits per second; any rate the OS and adapter accept.",
      min = "1")
  int baudRate() default 9600;

  /**
   * Data bits per character: 5, 6, 7 or 8.
   *
   * @return the dataBits value
   */
  @AttributeDefinition(
      name = "Data bits",
      description = "Data bits per character: 5, 6, 7 or 8.",
      min = "5",
      max = "8")
  int dataBits() default 8;

  /**
   * none, odd, even, mark or space.
   *
   * @return the parity value
   */
  @AttributeDefinition(
      name = "Parity",
      description = "none, odd, even, mark or space.",
      options = {
        @Option(label = "none", value = "none"),
        @Option(label = "odd", value = "odd"),
        @Option(label = "even", value = "even"),
        @Option(label = "mark", value = "mark"),
        @Option(label = "space", value = "space")
      })
  String parity() default "none";

  /**
   * 1, 1.5 or 2.
   *
   * @return the stopBits value
   */
  @AttributeDefinition(
      name = "Stop bits",
      description = "1, 1.5 or 2.",
      options = {
        @Option(label = "1", value = "1"),
        @Option(label = "1.5", value = "1.5"),
        @Option(label = "2", value = "2")
      })
  String stopBits() default "1";

  /**
   * none, rts-cts or xon-xoff.
   *
   * @return the flowControl value
   */
  @AttributeDefinition(
      name = "Flow control",
      description = "none, rts-cts or xon-xoff.",
      options = {
        @Option(label = "none", value = "none"),
        @Option(label = "rts-cts", value = "rts-cts"),
        @Option(label = "xon-xoff", value = "xon-xoff")
      })
  String flowControl() default "none";

  /**
   * Drive the RS-485 transmitter enable line (where the driver supports it).
   *
   * @return the rs485 value
   */
  @AttributeDefinition(
      name = "RS-485 mode",
      description = "Drive the RS-485 transmitter enable line (where the driver supports it).")
  boolean rs485() default false;

  /**
   * RTS high while sending (else low).
   *
   * @return the rs485RtsActiveHigh value
   */
  @AttributeDefinition(
      name = "RS-485 RTS active high",
      description = "RTS high while sending (else low).")
  boolean rs485RtsActiveHigh() default true;

  /**
   * Delay between enabling the driver and the first bit.
   *
   * @return the rs485DelayBeforeSendMicros value
   */
  @AttributeDefinition(
      name = "RS-485 delay before send (us)",
      description = "Delay between enabling the driver and the first bit.",
      min = "0")
  int rs485DelayBeforeSendMicros() default 0;

  /**
   * Delay between the last bit and disabling the driver.
   *
   * @return the rs485DelayAfterSendMicros value
   */
  @AttributeDefinition(
      name = "RS-485 delay after send (us)",
      description = "Delay between the last bit and disabling the driver.",
      min = "0")
  int rs485DelayAfterSendMicros() default 0;

  /**
   * raw, length (4-byte big-endian length header), delimited or gap (a silence ends a message).
   *
   * @return the framing value
   */
  @AttributeDefinition(
      name = "Framing",
      description =
          "raw, length (4-byte big-endian length header), delimited or gap (a silence ends a message).",
      options = {
        @Option(label = "raw", value = "raw"),
        @Option(label = "length", value = "length"),
        @Option(label = "delimited", value = "delimited"),
        @Option(label = "gap", value = "gap")
      })
  String framing() default "raw";

  /**
   * For framing=delimited: lines (\n), crlf (\r\n, for AT commands) or dollar ($…$).
   *
   * @return the delimiter value
   */
  @AttributeDefinition(
      name = "Delimiter",
      description =
          "For framing=delimited: lines (\\n), crlf (\\r\\n, for AT commands) or dollar ($...$).",
      options = {
        @Option(label = "lines", value = "lines"),
        @Option(label = "crlf", value = "crlf"),
        @Option(label = "dollar", value = "dollar")
      })
  String delimiter() default "lines";

  /**
   * For framing=gap: the silence after which the bytes received form one message.
   *
   * @return the frameGapMillis value
   */
  @AttributeDefinition(
      name = "Frame gap (ms)",
      description = "For framing=gap: the silence after which the bytes received form one message.",
      min = "1",
      max = "10000")
  long frameGapMillis() default 20;

  /**
   * Largest message; at most 1048576.
   *
   * @return the maxFrameBytes value
   */
  @AttributeDefinition(
      name = "Maximum message size (bytes)",
      description = "Largest message; at most 1048576.",
      min = "1",
      max = "1048576")
  int maxFrameBytes() default 1_048_576;

  /**
   * How long a send waits for the driver (flow control holding it back) before it fails.
   *
   * @return the writeTimeoutMillis value
   */
  @AttributeDefinition(
      name = "Write timeout (ms)",
      description =
          "How long a send waits for the driver (flow control holding it back) before it fails.",
      min = "1")
  long writeTimeoutMillis() default 5_000;

  /**
   * Reopen the port after this long without a byte received; 0 = never (devices that only answer).
   *
   * @return the readTimeoutMillis value
   */
  @AttributeDefinition(
      name = "Read timeout (ms)",
      description =
          "Reopen the port after this long without a byte received; 0 = never (devices that only answer).",
      min = "0")
  long readTimeoutMillis() default 0;

  /**
   * Most sends held while the port is away.
   *
   * @return the queueCapacity value
   */
  @AttributeDefinition(
      name = "Outbound queue capacity",
      description = "Most sends held while the port is away.",
      min = "1")
  int queueCapacity() default 10_000;

  /**
   * How long a send may wait while the port is away; older ones are counted as expired, not sent.
   *
   * @return the queueTtlSeconds value
   */
  @AttributeDefinition(
      name = "Outbound queue time to live (s)",
      description =
          "How long a send may wait while the port is away; older ones are counted as expired, not sent.",
      min = "1")
  long queueTtlSeconds() default 30;

  /**
   * What a full queue does with one more send.
   *
   * @return the queueOverflow value
   */
  @AttributeDefinition(
      name = "Outbound queue overflow policy",
      description = "What a full queue does with one more send.")
  OverflowPolicy queueOverflow() default OverflowPolicy.REJECT_NEWEST;

  /**
   * Ceiling of the first jittered delay before reopening a lost port.
   *
   * @return the reconnectInitialMillis value
   */
  @AttributeDefinition(
      name = "Reopen initial delay (ms)",
      description = "Ceiling of the first jittered delay before reopening a lost port.",
      min = "1")
  long reconnectInitialMillis() default 100;

  /**
   * Largest ceiling of the jittered delay; keeps a replugged adapter back within seconds.
   *
   * @return the reconnectMaxMillis value
   */
  @AttributeDefinition(
      name = "Reopen maximum delay (ms)",
      description =
          "Largest ceiling of the jittered delay; keeps a replugged adapter back within seconds.",
      min = "1")
  long reconnectMaxMillis() default 3_000;

  /**
   * Time open after which the backoff starts over.
   *
   * @return the reconnectStableMillis value
   */
  @AttributeDefinition(
      name = "Reopen stable time (ms)",
      description = "Time open after which the backoff starts over.",
      min = "0")
  long reconnectStableMillis() default 10_000;

  /**
   * Received messages waiting to be read; beyond it the port is not read until readers catch up.
   *
   * @return the inboundCapacity value
   */
  @AttributeDefinition(
      name = "Receive buffer (messages)",
      description =
          "Received messages waiting to be read; beyond it the port is not read until readers catch up.",
      min = "1")
  int inboundCapacity() default 10_000;
}
