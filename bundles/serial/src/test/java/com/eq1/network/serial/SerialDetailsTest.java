package com.eq1.network.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConnectionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code eq1:info} shows of a serial connection: the port (and the device a by-id link points
 * to), the line settings and the framing, and no TLS entry.
 */
class SerialDetailsTest {

  @TempDir Path dir;

  private static SerialProtocol connection(SerialSettings settings) {
    return new SerialProtocol(
        settings,
        (connection, port, line) -> {
          throw new ConnectionException(connection, "not opened in this test");
        });
  }

  @Test
  void theDefaultsReadAsTheUsualShortForm() {
    try (SerialProtocol serial = connection(SerialSettings.builder("d-ser", "COM3").build())) {
      Map<String, String> details = serial.details();

      assertEquals(
          List.of(BaseProtocol.DETAIL_PEER, "line", "flowControl", "rs485", "framing"),
          List.copyOf(details.keySet()));
      assertEquals(
          Map.of(
              "peer", "COM3",
              "line", "9600 8N1",
              "flowControl", "none",
              "rs485", "off",
              "framing", "raw"),
          details);
      assertFalse(details.containsKey(BaseProtocol.DETAIL_TLS), "a serial line has no TLS");
      assertThrows(UnsupportedOperationException.class, () -> details.put("tls", "off"));
    }
  }

  @Test
  void everyLineSettingAndTheFramingAreShown() {
    SerialSettings settings =
        SerialSettings.builder("d-rtu", "/dev/ttyS4")
            .line(
                new LineSettings(
                    19_200,
                    7,
                    Parity.EVEN,
                    StopBits.TWO,
                    FlowControl.RTS_CTS,
                    new LineSettings.Rs485(true, true, 0, 0)))
            .framing(SerialFraming.GAP)
            .frameGap(Duration.ofMillis(35))
            .build();
    try (SerialProtocol serial = connection(settings)) {
      assertEquals(
          Map.of(
              "peer", "/dev/ttyS4",
              "line", "19200 7E2",
              "flowControl", "rts-cts",
              "rs485", "on",
              "framing", "gap (35 ms)"),
          serial.details());
    }
    SerialSettings delimited =
        SerialSettings.builder("d-at", "/dev/ttyACM0")
            .framing(SerialFraming.DELIMITED)
            .delimiter("crlf")
            .build();
    try (SerialProtocol serial = connection(delimited)) {
      assertEquals("delimited (crlf)", serial.details().get("framing"));
    }
  }

  /** As /dev/serial/by-id/usb-… links to /dev/ttyUSB0, and to nothing while unplugged. */
  @Test
  void aSymbolicLinkShowsTheDeviceItPointsToAndADanglingOneShowsAlone() throws IOException {
    Path device = Files.createFile(dir.resolve("ttyUSB7"));
    Path byId = Files.createSymbolicLink(dir.resolve("usb-FTDI_FT232R_A10K-if00-port0"), device);

    assertEquals(byId + " (" + device.toRealPath() + ")", SerialDetails.peer(byId.toString()));

    Files.delete(device);
    assertEquals(byId.toString(), SerialDetails.peer(byId.toString()));
    assertEquals(device.toString(), SerialDetails.peer(device.toString()));
    assertEquals("nul\0path", SerialDetails.peer("nul\0path"));
  }
}
