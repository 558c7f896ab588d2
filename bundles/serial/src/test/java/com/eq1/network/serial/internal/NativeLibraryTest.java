package com.eq1.network.serial.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.fazecast.jSerialComm.SerialPort;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryTest {

  @TempDir Path folder;

  /** A class loader of its own, so that jSerialComm is initialised here, whatever ran before. */
  private static URLClassLoader isolatedJSerialComm() throws Exception {
    URL jar = SerialPort.class.getProtectionDomain().getCodeSource().getLocation();
    return new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
  }

  @Test
  void extractsWithOwnerOnlyPermissionsAndLoadsFromThere() throws Exception {
    Path dir = folder.resolve("native");
    try (URLClassLoader loader = isolatedJSerialComm()) {
      Class<?> serialPort = loader.loadClass(SerialPort.class.getName());
      NativeLibrary library = new NativeLibrary(dir, serialPort);
      Path loaded = library.load();
      assertEquals(loaded, library.load()); // idempotent
      assertTrue(loaded.startsWith(dir.resolve("2.11.4")), loaded.toString());
      assertEquals(
          System.getProperty("os.arch").contains("64") ? "x86_64" : "x86",
          loaded.getParent().getFileName().toString().replace("armv8_64", "x86_64"));
      assertTrue(
          Files.readString(Path.of("/proc/self/maps")).contains(loaded.toString()),
          "the library mapped is ours");
      assertEquals("rwx------", permissions(loaded));
      for (Path p = loaded.getParent(); !p.equals(dir); p = p.getParent()) {
        assertEquals("rwx------", permissions(p), p.toString());
      }
      try (Stream<Path> files = Files.walk(dir)) {
        assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")));
      }
      assertEquals(null, System.getProperty(NativeLibrary.LIBRARY_PATH_PROPERTY));
    }
  }

  @Test
  void anUnusableDirectoryIsOneClearErrorEveryTime() throws Exception {
    Path notADirectory = Files.writeString(folder.resolve("file"), "x");
    NativeLibrary library = new NativeLibrary(notADirectory);
    ConfigurationException first = assertThrows(ConfigurationException.class, library::load);
    assertTrue(first.getMessage().contains(notADirectory.toString()), first.getMessage());
    assertTrue(first.getMessage().contains("not a directory"), first.getMessage());
    ConfigurationException second = assertThrows(ConfigurationException.class, library::load);
    assertEquals(first.getMessage(), second.getMessage());
  }

  @Test
  void anArchitectureWithoutLibraryIsOneClearErrorEveryTime() throws Exception {
    String previous = System.getProperty("os.arch_full");
    System.setProperty("os.arch_full", "z80");
    try (URLClassLoader loader = isolatedJSerialComm()) {
      NativeLibrary library =
          new NativeLibrary(folder, loader.loadClass(SerialPort.class.getName()));
      ConnectionException first = assertThrows(ConnectionException.class, library::load);
      assertTrue(
          first.getMessage().contains("no native library for Linux/z80"), first.getMessage());
      assertTrue(first.getMessage().contains(folder.toString()), first.getMessage());
      ConnectionException second = assertThrows(ConnectionException.class, library::load);
      assertEquals(first.getMessage(), second.getMessage());
    } finally {
      if (previous == null) {
        System.clearProperty("os.arch_full");
      } else {
        System.setProperty("os.arch_full", previous);
      }
    }
  }

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
