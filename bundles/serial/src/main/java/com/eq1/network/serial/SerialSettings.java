package com.eq1.network.serial;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import com.eq1.network.packet.DelimitedPacketStructure;
import com.eq1.network.packet.NetworkPacketStructure;
import com.eq1.network.packet.StreamingPacketStructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The settings of one serial connection, each named by its configuration key. Build them with
 * {@link #builder(String, String)}.
 *
 * @param name the connection name ({@code eq1.name})
 * @param port the port: a path such as {@code /dev/ttyUSB0}, better a stable {@code
 *     /dev/serial/by-id/…} link that survives replugging into another USB socket, or {@code COM3}
 *     ({@code port})
 * @param line speed, character format, flow control, RS-485 ({@code baudRate}, {@code dataBits},
 *     {@code parity}, {@code stopBits}, {@code flowControl}, {@code rs485*})
 * @param framing how the stream is cut into messages ({@code framing})
 * @param delimiter for {@link SerialFraming#DELIMITED}: {@code lines} ({@code \n}), {@code crlf}
 *     ({@code \r\n}) or {@code dollar} ({@code $…$}) ({@code delimiter})
 * @param frameGap for {@link SerialFraming#GAP}: the silence that ends a message ({@code
 *     frameGapMillis})
 * @param maxFrameBytes the largest message; at most 1 MiB ({@code maxFrameBytes})
 * @param writeTimeout how long {@code send} waits for the driver to take the bytes (a device
 *     holding CTS low, an XOFF) before it throws {@link
 *     com.eq1.network.api.ProtocolTimeoutException} ({@code writeTimeoutMillis})
 * @param readTimeout a port that receives nothing for this long is closed and reopened, for devices
 *     that send all the time; zero turns it off ({@code readTimeoutMillis})
 * @param reconnect how a lost port is reopened ({@code reconnect*})
 * @param queue the outbound queue while the port is away ({@code queue*})
 * @param inboundCapacity how many received messages may wait to be read; beyond it the port is not
 *     read until readers catch up ({@code inboundCapacity})
 */
public record SerialSettings(
    String name,
    String port,
    LineSettings line,
    SerialFraming framing,
    String delimiter,
    Duration frameGap,
    int maxFrameBytes,
    Duration writeTimeout,
    Duration readTimeout,
    ReconnectSettings reconnect,
    QueueSettings queue,
    int inboundCapacity) {

  /**
   * Reopening a local port is cheap, and a replugged adapter should be back within seconds: 100 ms
   * doubling up to 3 s, stable after 10 s.
   */
  public static final ReconnectSettings RECONNECT =
      new ReconnectSettings(Duration.ofMillis(100), Duration.ofSeconds(3), Duration.ofSeconds(10));

  /**
   * Checks the settings.
   *
   * @throws ConfigurationException naming the configuration key of the first bad value
   */
  public SerialSettings {
    if (name == null || name.isBlank()) {
      throw new ConfigurationException(null, "eq1.name is required");
    }
    if (port == null || port.isBlank()) {
      throw new ConfigurationException(name, "port is required, e.g. /dev/ttyUSB0");
    }
    port = port.trim();
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(framing, "framing");
    delimiter = delimiter == null ? "lines" : delimiter.trim().toLowerCase(Locale.ROOT);
    if (!delimiter.equals("lines") && !delimiter.equals("crlf") && !delimiter.equals("dollar")) {
      throw new ConfigurationException(
          name, "delimiter '" + delimiter + "' is not known; use lines, crlf or dollar");
    }
    Objects.requireNonNull(frameGap, "frameGap");
    if (framing == SerialFraming.GAP && (frameGap.toMillis() < 1 || frameGap.toMillis() > 10_000)) {
      throw new ConfigurationException(
          name, "frameGapMillis must be between 1 and 10000, not " + frameGap.toMillis());
    }
    if (maxFrameBytes < 1 || maxFrameBytes > NetworkPacketStructure.MAX_PAYLOAD) {
      throw new ConfigurationException(
          name,
          "maxFrameBytes must be between 1 and "
              + NetworkPacketStructure.MAX_PAYLOAD
              + ", not "
              + maxFrameBytes);
    }
    positive(name, writeTimeout, "writeTimeoutMillis");
    Objects.requireNonNull(readTimeout, "readTimeout");
    if (readTimeout.isNegative()) {
      throw new ConfigurationException(name, "readTimeoutMillis must not be negative");
    }
    Objects.requireNonNull(reconnect, "reconnect");
    Objects.requireNonNull(queue, "queue");
    if (inboundCapacity < 1) {
      throw new ConfigurationException(
          name, "inboundCapacity must be at least 1, not " + inboundCapacity);
    }
  }

  /**
   * Starts settings with the defaults: 9600 8N1, raw framing, 20 ms gap, 1 MiB messages, 5 s write
   * timeout, no read timeout, {@link #RECONNECT}, the default queue, 10,000 inbound messages.
   *
   * @param name the connection name
   * @param port the port path
   * @return a builder
   */
  public static Builder builder(String name, String port) {
    return new Builder(name, port);
  }

  /**
   * Returns the packet structure of the framing.
   *
   * @return the structure, or {@code null} for {@link SerialFraming#RAW} and {@link
   *     SerialFraming#GAP}
   */
  public StreamingPacketStructure structure() {
    return switch (framing) {
      case LENGTH -> new NetworkPacketStructure(maxFrameBytes);
      case DELIMITED ->
          switch (delimiter) {
            case "dollar" -> new DelimitedPacketStructure(dollar(), dollar(), maxFrameBytes);
            case "crlf" ->
                new DelimitedPacketStructure(
                    new byte[0], "\r\n".getBytes(StandardCharsets.US_ASCII), maxFrameBytes);
            default -> new DelimitedPacketStructure(new byte[0], new byte[] {'\n'}, maxFrameBytes);
          };
      case RAW, GAP -> null;
    };
  }

  private static byte[] dollar() {
    return new byte[] {'$'};
  }

  private static void positive(String name, Duration value, String key) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new ConfigurationException(name, key + " must be positive");
    }
  }

  /** Builds {@link SerialSettings}; every setter names its configuration key. */
  public static final class Builder {
    private final String name;
    private final String port;
    private LineSettings line = LineSettings.DEFAULT;
    private SerialFraming framing = SerialFraming.RAW;
    private String delimiter = "lines";
    private Duration frameGap = Duration.ofMillis(20);
    private int maxFrameBytes = NetworkPacketStructure.MAX_PAYLOAD;
    private Duration writeTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ZERO;
    private ReconnectSettings reconnect = RECONNECT;
    private QueueSettings queue = QueueSettings.DEFAULT;
    private int inboundCapacity = 10_000;

    private Builder(String name, String port) {
      this.name = name;
      this.port = port;
    }

    /**
     * Sets the line settings.
     *
     * @param value the settings
     * @return this builder
     */
    public Builder line(LineSettings value) {
      this.line = value;
      return this;
    }

    /**
     * Sets the framing ({@code framing}).
     *
     * @param value the framing
     * @return this builder
     */
    public Builder framing(SerialFraming value) {
      this.framing = value;
      return this;
    }

    /**
     * Sets the delimiter of delimited framing ({@code delimiter}).
     *
     * @param value {@code lines}, {@code crlf} or {@code dollar}
     * @return this builder
     */
    public Builder delimiter(String value) {
      this.delimiter = value;
      return this;
    }

    /**
     * Sets the silence that ends a message in gap framing ({@code frameGapMillis}).
     *
     * @param value the gap
     * @return this builder
     */
    public Builder frameGap(Duration value) {
      this.frameGap = value;
      return this;
    }

    /**
     * Sets the largest message ({@code maxFrameBytes}).
     *
     * @param value the size in bytes
     * @return this builder
     */
    public Builder maxFrameBytes(int value) {
      this.maxFrameBytes = value;
      return this;
    }

    /**
     * Sets the write timeout ({@code writeTimeoutMillis}).
     *
     * @param value the timeout
     * @return this builder
     */
    public Builder writeTimeout(Duration value) {
      this.writeTimeout = value;
      return this;
    }

    /**
     * Sets the silence after which the port is reopened ({@code readTimeoutMillis}).
     *
     * @param value the timeout, zero for none
     * @return this builder
     */
    public Builder readTimeout(Duration value) {
      this.readTimeout = value;
      return this;
    }

    /**
     * Sets the reconnect policy ({@code reconnect*}).
     *
     * @param value the policy
     * @return this builder
     */
    public Builder reconnect(ReconnectSettings value) {
      this.reconnect = value;
      return this;
    }

    /**
     * Sets the outbound queue ({@code queue*}).
     *
     * @param value the queue settings
     * @return this builder
     */
    public Builder queue(QueueSettings value) {
      this.queue = value;
      return this;
    }

    /**
     * Sets how many received messages may wait ({@code inboundCapacity}).
     *
     * @param value the capacity
     * @return this builder
     */
    public Builder inboundCapacity(int value) {
      this.inboundCapacity = value;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     * @throws ConfigurationException naming the first bad value
     */
    public SerialSettings build() {
      return new SerialSettings(
          name,
          port,
          line,
          framing,
          delimiter,
          frameGap,
          maxFrameBytes,
          writeTimeout,
          readTimeout,
          reconnect,
          queue,
          inboundCapacity);
    }
  }
}
