package com.eq1.network.serial;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.ConfigurationSources;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns serial configurations into settings, logging what it rejects and in which file. */
final class SerialConfigs {

  private static final Logger LOG = LoggerFactory.getLogger(SerialConfigs.class);

  private SerialConfigs() {}

  static SerialSettings settings(SerialConfig c, Map<String, Object> properties) {
    try {
      return SerialSettings.builder(c.eq1_name(), c.port())
          .line(
              new LineSettings(
                  c.baudRate(),
                  c.dataBits(),
                  parse(Parity.class, c.parity(), "parity", "none, odd, even, mark or space"),
                  StopBits.parse(c.stopBits()),
                  parse(
                      FlowControl.class,
                      c.flowControl(),
                      "flowControl",
                      "none, rts-cts or xon-xoff"),
                  new LineSettings.Rs485(
                      c.rs485(),
                      c.rs485RtsActiveHigh(),
                      c.rs485DelayBeforeSendMicros(),
                      c.rs485DelayAfterSendMicros())))
          .framing(
              parse(SerialFraming.class, c.framing(), "framing", "raw, length, delimited or gap"))
          .delimiter(delimiter(c.delimiter()))
          .frameGap(Duration.ofMillis(c.frameGapMillis()))
          .maxFrameBytes(c.maxFrameBytes())
          .writeTimeout(Duration.ofMillis(c.writeTimeoutMillis()))
          .readTimeout(Duration.ofMillis(c.readTimeoutMillis()))
          .reconnect(
              new ReconnectSettings(
                  Duration.ofMillis(c.reconnectInitialMillis()),
                  Duration.ofMillis(c.reconnectMaxMillis()),
                  Duration.ofMillis(c.reconnectStableMillis())))
          .queue(
              new QueueSettings(
                  c.queueCapacity(), Duration.ofSeconds(c.queueTtlSeconds()), c.queueOverflow()))
          .inboundCapacity(c.inboundCapacity())
          .build();
    } catch (ConfigurationException | IllegalArgumentException e) {
      LOG.error(
          "Serial connection '{}' not started, configuration {} rejected: {}",
          c.eq1_name(),
          ConfigurationSources.describe(properties),
          e.getMessage());
      throw e instanceof ConfigurationException ce
          ? ce
          : new ConfigurationException(c.eq1_name(), e.getMessage());
    }
  }

  /**
   * Reads an enumerated key the way the metatype's options check it, so that what {@code
   * eq1:create} accepts and what the connection accepts are the same: the name in lower case with
   * {@code -} for {@code _} ({@code rts-cts} is {@code RTS_CTS}), nothing else; spaces around it
   * are ignored, as the metatype's validation ignores them.
   */
  static <E extends Enum<E>> E parse(Class<E> type, String value, String key, String choices) {
    String given = value == null ? "" : value.trim();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(given)) {
        return constant;
      }
    }
    throw new ConfigurationException(null, key + " '" + value + "' is not known; use " + choices);
  }

  /** Reads {@code delimiter}: exactly {@code lines}, {@code crlf} or {@code dollar}. */
  static String delimiter(String value) {
    String given = value == null ? "" : value.trim();
    if (!given.equals("lines") && !given.equals("crlf") && !given.equals("dollar")) {
      throw new ConfigurationException(
          null, "delimiter '" + value + "' is not known; use lines, crlf or dollar");
    }
    return given;
  }
}
