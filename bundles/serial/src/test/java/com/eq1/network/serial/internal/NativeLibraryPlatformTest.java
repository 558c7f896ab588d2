package com.eq1.network.serial.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder of the library chosen as jSerialComm itself would choose it on each OS and CPU an
 * industrial PC may have, and the folders of ended processes cleaned up.
 */
class NativeLibraryPlatformTest {

  @Test
  void choosesJSerialCommsFolderForEachPlatform() {
    assertEquals("Linux/x86_64", folder("Linux", "amd64"));
    assertEquals("Linux/armv8_64", folder("Linux", "aarch64"));
    assertEquals("Linux/armv7hf", folder("Linux", "arm"));
    assertEquals("Linux/x86", folder("Linux", "i386"));
    assertEquals("Windows/x86_64", folder("Windows 11", "amd64"));
    assertEquals("Windows/armv7", folder("Windows 10", "arm"));
    assertEquals("Windows/aarch64", folder("Windows 11", "aarch64"));
    assertEquals("OSX/aarch64", folder("Mac OS X", "aarch64"));
    assertEquals("FreeBSD/arm64", folder("FreeBSD", "aarch64"));
    assertEquals("OpenBSD/amd64", folder("OpenBSD", "amd64"));
    assertEquals("Solaris/x86_64", folder("SunOS", "x86_64"));
    assertEquals("Linux/ppc64le", folder("Linux", "ppc64le"));
    Map<String, String> saved = save("os.arch_full");
    try {
      System.setProperty("os.arch_full", "ARMv6hf");
      assertEquals("armv6hf", NativeLibrary.archFolder("Linux"));
    } finally {
      restore(saved);
    }
  }

  @Test
  void foldersOfEndedProcessesAreRemoved(@TempDir Path directory) throws Exception {
    new NativeLibrary(directory).load(); // extracts into <directory>/<version>/pid<this>-<loader>
    Path versionDir;
    try (var versions = Files.list(directory)) {
      versionDir = versions.findFirst().orElseThrow();
    }
    Path stale = versionDir.resolve("pid2147483646-cafe");
    Files.createDirectories(stale.resolve("Linux/x86_64"));
    Files.writeString(stale.resolve("Linux/x86_64/libjSerialComm.so"), "left by a dead process");
    new NativeLibrary(directory).load();
    assertFalse(Files.exists(stale), "the folder of an ended process stays");
    try (var folders = Files.list(versionDir)) {
      assertTrue(
          folders.anyMatch(
              f -> f.getFileName().toString().startsWith("pid" + ProcessHandle.current().pid())),
          "this process's folder is kept");
    }
  }

  private static String folder(String os, String arch) {
    Map<String, String> saved = save("os.name", "os.arch", "os.arch_full");
    try {
      System.setProperty("os.name", os);
      System.setProperty("os.arch", arch);
      System.clearProperty("os.arch_full");
      String osFolder = NativeLibrary.osFolder();
      return osFolder + "/" + NativeLibrary.archFolder(osFolder);
    } finally {
      restore(saved);
    }
  }

  private static Map<String, String> save(String... keys) {
    Map<String, String> saved = new HashMap<>();
    for (String key : keys) {
      saved.put(key, System.getProperty(key));
    }
    return saved;
  }

  private static void restore(Map<String, String> saved) {
    saved.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }
}
