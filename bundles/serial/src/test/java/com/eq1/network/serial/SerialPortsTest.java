package com.eq1.network.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.link.ConfigProxy;
import com.eq1.network.serial.internal.SerialLine;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SerialPortsTest {

  @TempDir Path folder;
  @TempDir Path nativeDir;
  private SocatPty pty;
  private SerialPorts ports;

  @BeforeEach
  void plug() throws Exception {
    pty = new SocatPty(folder);
    ports = new SerialPorts(nativeDir);
  }

  @AfterEach
  void unplug() throws Exception {
    pty.close();
  }

  @Test
  void secondConnectionOnTheSamePortNamesTheFirst() throws Exception {
    Path alias = Files.createSymbolicLink(folder.resolve("alias"), Path.of(pty.port()));
    String device = Path.of(pty.port()).toRealPath().toString();
    try (SerialLine scale = ports.open("scale", pty.port(), LineSettings.DEFAULT)) {
      assertEquals("scale", ports.heldBy(alias.toString()));
      ConnectionException e =
          assertThrows(
              ConnectionException.class,
              () -> ports.open("printer", alias.toString(), LineSettings.DEFAULT));
      assertEquals(
          "[printer] port "
              + device
              + " (via "
              + alias
              + ") is already open by EQ-1 connection 'scale'",
          e.getMessage());
      assertTrue(scale.isOpen());
      try (RandomAccessFile peer = new RandomAccessFile(pty.device(), "rw")) {
        assertEquals(2, scale.write(new byte[] {0x41, 0x0a}, Duration.ofSeconds(1)));
        assertEquals(0x41, peer.read());
      }
    }
    assertNull(ports.heldBy(device));
    try (SerialLine printer = ports.open("printer", alias.toString(), LineSettings.DEFAULT)) {
      assertEquals("printer", ports.heldBy(pty.port()));
      assertTrue(printer.isOpen());
    }
  }

  @Test
  void aFailedOpenReleasesTheClaim() {
    LineSettings oneAndAHalf =
        new LineSettings(
            9600,
            5,
            Parity.NONE,
            StopBits.ONE_POINT_FIVE,
            FlowControl.NONE,
            LineSettings.Rs485.OFF);
    assertThrows(ConfigurationException.class, () -> ports.open("scale", pty.port(), oneAndAHalf));
    assertNull(ports.heldBy(pty.port()));
    String missing = folder.resolve("missing").toString();
    ConnectionException e =
        assertThrows(
            ConnectionException.class, () -> ports.open("scale", missing, LineSettings.DEFAULT));
    assertEquals("[scale] port " + missing + " does not exist", e.getMessage());
    assertNull(ports.heldBy(missing));
  }

  @Test
  void portsAreListedWellFormed() throws Exception {
    Path byId = Files.createDirectories(folder.resolve("by-id"));
    Path link =
        Files.createSymbolicLink(byId.resolve("usb-FTDI_FT232R-if00-port0"), Path.of(pty.port()));
    SerialPorts withLinks = new SerialPorts(nativeDir, byId);
    String device = Path.of(pty.port()).toRealPath().toString();
    try (SerialLine line = withLinks.open("scale", pty.port(), LineSettings.DEFAULT)) {
      List<SerialPortInfo> list = withLinks.ports();
      for (SerialPortInfo info : list) {
        assertNotNull(info.path());
        assertFalse(info.path().isBlank());
        assertNotNull(info.description());
        assertNotNull(info.manufacturer());
        assertNotNull(info.serialNumber());
        assertTrue(info.vendorId() >= -1 && info.productId() >= -1, info.toString());
      }
      SerialPortInfo linked =
          list.stream().filter(p -> p.path().equals(device)).findFirst().orElseThrow();
      assertEquals(link.toString(), linked.stableId());
      assertEquals("scale", linked.heldBy());
    }
    assertTrue(ports.ports().stream().noneMatch(p -> p.path().startsWith("/dev/pts/")));
  }

  @Test
  void configuredNativeDirectoryIsUsed() {
    assertEquals(nativeDir.toAbsolutePath(), ports.nativeLibraryDirectory());
    ports.ports();
    assertTrue(Files.isDirectory(nativeDir.resolve("2.11.4")));
  }

  @Test
  void theNativeLibraryGoesUnderKarafDataOrTheUsersHomeNeverTmp() {
    String saved = System.getProperty("karaf.data");
    try {
      System.setProperty("karaf.data", "/opt/eq1/data");
      assertEquals(
          Path.of("/opt/eq1/data/eq1/serial/native"), new SerialPorts().nativeLibraryDirectory());
      System.clearProperty("karaf.data");
      assertEquals(
          Path.of(System.getProperty("user.home"), ".eq1", "serial", "native"),
          new SerialPorts(ConfigProxy.of(SerialPortsConfig.class, Map.of()))
              .nativeLibraryDirectory());
    } finally {
      if (saved == null) {
        System.clearProperty("karaf.data");
      } else {
        System.setProperty("karaf.data", saved);
      }
    }
  }
}
