package com.eq1.network.serial.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.serial.FlowControl;
import com.eq1.network.serial.LineSettings;
import com.eq1.network.serial.Parity;
import com.eq1.network.serial.SocatPty;
import com.eq1.network.serial.StopBits;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every character format, flow control and RS-485 option is handed to the port at open. */
class JSerialCommLineSettingsTest {

  @TempDir Path folder;
  private SocatPty pty;

  @BeforeAll
  static void loadLibrary(@TempDir Path nativeDir) {
    new NativeLibrary(nativeDir).load();
  }

  @BeforeEach
  void plug() throws IOException {
    pty = new SocatPty(folder);
  }

  @AfterEach
  void unplug() throws IOException {
    pty.close();
  }

  @Test
  void everyParityAndFlowControlOpens() {
    for (Parity parity : Parity.values()) {
      for (FlowControl flow : FlowControl.values()) {
        LineSettings line =
            new LineSettings(19_200, 7, parity, StopBits.TWO, flow, LineSettings.Rs485.OFF);
        try (JSerialCommLine opened = JSerialCommLine.open("fmt", pty.port(), line)) {
          assertTrue(opened.isOpen(), line.describe());
        }
      }
    }
  }

  @Test
  void rs485SettingsOpenEvenWhereTheDriverIgnoresThem() {
    LineSettings line =
        new LineSettings(
            9600,
            8,
            Parity.EVEN,
            StopBits.ONE,
            FlowControl.NONE,
            new LineSettings.Rs485(true, true, 100, 100));
    // jSerialComm does not report a driver without RS-485 mode (a pty here): the port opens, and
    // the README tells operators to check the adapter
    try (JSerialCommLine opened = JSerialCommLine.open("bus", pty.port(), line)) {
      assertTrue(opened.isOpen());
    }
  }
}
