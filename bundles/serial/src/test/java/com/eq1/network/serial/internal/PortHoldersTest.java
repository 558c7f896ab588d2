package com.eq1.network.serial.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void manyHoldersAreNamedUpToFiveAndAMissingDeviceHasNone() throws Exception {
    Path file = Files.writeString(folder.resolve("ttyShared"), "");
    List<Process> holders = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        holders.add(
            new ProcessBuilder("flock", "--shared", file.toString(), "sleep", "60")
                .redirectErrorStream(true)
                .start());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> PortHolders.lockOwners(file).size() == 6);
      String described = PortHolders.describe(file);
      assertTrue(described.startsWith("held by processes "), described);
      assertTrue(described.endsWith(", …"), described);
      assertEquals(6, described.split(", ").length, described); // five named, then the ellipsis
    } finally {
      for (Process holder : holders) {
        holder.descendants().forEach(ProcessHandle::destroy);
        holder.destroy();
      }
    }
    Path missing = folder.resolve("ttyUSB9");
    assertEquals(List.of(), PortHolders.lockOwners(missing));
  }
}
