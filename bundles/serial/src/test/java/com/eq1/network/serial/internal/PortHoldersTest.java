package com.eq1.network.serial.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortHoldersTest {

  @TempDir Path folder;

  @Test
  void nobodyVisibleSaysSo() throws Exception {
    Path file = Files.writeString(folder.resolve("ttyFake"), "");
    assertEquals("held by another process (not visible to this user)", PortHolders.describe(file));
  }

  @Test
  void anOpenerInThisProcessIsFoundInProcFd() throws Exception {
    Path file = Files.writeString(folder.resolve("ttyFake"), "");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) { // a POSIX lock, not a FLOCK: found through /proc/*/fd
      String text = PortHolders.describe(file.toRealPath());
      assertTrue(text.startsWith("held by process " + ProcessHandle.current().pid()), text);
      assertTrue(text.endsWith(", this process"), text);
      assertTrue(lock.isValid());
    }
  }
}
