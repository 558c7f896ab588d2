package com.eq1.network.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.ConfigProxy;
import com.eq1.network.link.OverflowPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Configurations as an operator writes them, turned into settings or refused with a clear error.
 */
class SerialConfigsTest {

  private static final Map<String, Object> PROPERTIES =
      Map.of("felix.fileinstall.filename", "file:/opt/eq1/etc/com.eq1.network.serial-scale.cfg");

  private static SerialConfig config(Object... pairs) {
    Map<String, Object> values = new HashMap<>();
    values.put("eq1.name", "scale");
    values.put("port", "/dev/serial/by-id/usb-FTDI_FT232R-if00-port0");
    for (int i = 0; i < pairs.length; i += 2) {
      values.put((String) pairs[i], pairs[i + 1]);
    }
    return ConfigProxy.of(SerialConfig.class, values);
  }

  @Test
  void aMinimalConfigurationGetsTheDocumentedDefaults() {
    SerialSettings settings = SerialConfigs.settings(config(), PROPERTIES);
    assertEquals("scale", settings.name());
    assertEquals("/dev/serial/by-id/usb-FTDI_FT232R-if00-port0", settings.port());
    assertEquals(LineSettings.DEFAULT, settings.line());
    assertEquals("9600 8N1", settings.line().describe());
    assertEquals(SerialFraming.RAW, settings.framing());
    assertEquals(Duration.ofMillis(20), settings.frameGap());
    assertEquals(1_048_576, settings.maxFrameBytes());
    assertEquals(Duration.ofSeconds(5), settings.writeTimeout());
    assertEquals(Duration.ZERO, settings.readTimeout());
    assertEquals(SerialSettings.RECONNECT, settings.reconnect());
    assertEquals(10_000, settings.queue().capacity());
    assertEquals(10_000, settings.inboundCapacity());
  }

  @Test
  void everyKeyReachesTheSettings() {
    SerialSettings settings =
        SerialConfigs.settings(
            config(
                "baudRate",
                115_200,
                "dataBits",
                7,
                "parity",
                " even ",
                "stopBits",
                "2",
                "flowControl",
                "rts-cts",
                "rs485",
                true,
                "rs485RtsActiveHigh",
                false,
                "rs485DelayBeforeSendMicros",
                100,
                "rs485DelayAfterSendMicros",
                200,
                "framing",
                "delimited",
                "delimiter",
                "crlf",
                "frameGapMillis",
                35L,
                "maxFrameBytes",
                512,
                "writeTimeoutMillis",
                750L,
                "readTimeoutMillis",
                60_000L,
                "queueCapacity",
                50,
                "queueTtlSeconds",
                5L,
                "queueOverflow",
                OverflowPolicy.DROP_OLDEST,
                "reconnectInitialMillis",
                50L,
                "reconnectMaxMillis",
                1_000L,
                "reconnectStableMillis",
                2_000L,
                "inboundCapacity",
                7),
            PROPERTIES);
    assertEquals(
        new LineSettings(
            115_200,
            7,
            Parity.EVEN,
            StopBits.TWO,
            FlowControl.RTS_CTS,
            new LineSettings.Rs485(true, false, 100, 200)),
        settings.line());
    assertEquals("115200 7E2 rts-cts rs485", settings.line().describe());
    assertEquals(SerialFraming.DELIMITED, settings.framing());
    assertEquals("crlf", settings.delimiter());
    assertEquals(Duration.ofMillis(35), settings.frameGap());
    assertEquals(512, settings.maxFrameBytes());
    assertEquals(Duration.ofMillis(750), settings.writeTimeout());
    assertEquals(Duration.ofMinutes(1), settings.readTimeout());
    assertEquals(50, settings.queue().capacity());
    assertEquals(Duration.ofSeconds(5), settings.queue().timeToLive());
    assertEquals(OverflowPolicy.DROP_OLDEST, settings.queue().overflowPolicy());
    assertEquals(Duration.ofMillis(50), settings.reconnect().initialDelay());
    assertEquals(Duration.ofSeconds(1), settings.reconnect().maxDelay());
    assertEquals(7, settings.inboundCapacity());
    assertEquals(StopBits.ONE_POINT_FIVE, StopBits.parse("1.5"));
  }

  @Test
  void badValuesAreRefusedNamingTheKey() {
    Map<String, Object[]> cases = new HashMap<>();
    cases.put("port is required", new Object[] {"port", " "});
    cases.put("eq1.name is required", new Object[] {"eq1.name", ""});
    cases.put("baudRate must be positive, not 0", new Object[] {"baudRate", 0});
    cases.put("dataBits must be 5, 6, 7 or 8, not 9", new Object[] {"dataBits", 9});
    cases.put("parity 'odd-ish' is not known", new Object[] {"parity", "odd-ish"});
    cases.put("parity 'Even' is not known; use none, odd, even", new Object[] {"parity", "Even"});
    cases.put("stopBits 'TWO' is not known; use 1, 1.5 or 2", new Object[] {"stopBits", "TWO"});
    cases.put("flowControl 'RTS_CTS' is not known", new Object[] {"flowControl", "RTS_CTS"});
    cases.put("framing 'GAP' is not known", new Object[] {"framing", "GAP"});
    cases.put("delimiter 'CRLF' is not known; use lines, crlf", new Object[] {"delimiter", "CRLF"});
    cases.put("stopBits '3' is not known", new Object[] {"stopBits", "3"});
    cases.put("flowControl 'dtr' is not known", new Object[] {"flowControl", "dtr"});
    cases.put("framing 'slip' is not known", new Object[] {"framing", "slip"});
    cases.put("delimiter 'tab' is not known", new Object[] {"delimiter", "tab"});
    cases.put("maxFrameBytes must be between 1 and 1048576", new Object[] {"maxFrameBytes", 0});
    cases.put("writeTimeoutMillis must be positive", new Object[] {"writeTimeoutMillis", 0L});
    cases.put("readTimeoutMillis must not be negative", new Object[] {"readTimeoutMillis", -1L});
    cases.put("inboundCapacity must be at least 1", new Object[] {"inboundCapacity", 0});
    cases.put("rs485 delays must not be negative", new Object[] {"rs485DelayAfterSendMicros", -5});
    cases.forEach(
        (message, pair) -> {
          ConfigurationException e =
              assertThrows(
                  ConfigurationException.class,
                  () -> SerialConfigs.settings(config(pair), PROPERTIES),
                  message);
          assertTrue(e.getMessage().contains(message), e.getMessage() + " lacks: " + message);
        });
    Map<String, Object> noPort = new HashMap<>(Map.of("eq1.name", "scale"));
    ConfigurationException missing =
        assertThrows(
            ConfigurationException.class,
            () -> SerialConfigs.settings(ConfigProxy.of(SerialConfig.class, noPort), PROPERTIES),
            "port has no default: Declarative Services hands null for it");
    assertEquals("[scale] port is required, e.g. /dev/ttyUSB0", missing.getMessage());
    ConfigurationException gap =
        assertThrows(
            ConfigurationException.class,
            () ->
                SerialConfigs.settings(config("framing", "gap", "frameGapMillis", 0L), PROPERTIES));
    assertTrue(gap.getMessage().contains("frameGapMillis must be between 1 and 10000, not 0"));
  }
}
