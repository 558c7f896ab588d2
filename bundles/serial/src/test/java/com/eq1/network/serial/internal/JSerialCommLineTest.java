package com.eq1.network.serial.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.link.NamedThreadFactory;
import com.eq1.network.serial.FlowControl;
import com.eq1.network.serial.LineSettings;
import com.eq1.network.serial.Parity;
import com.eq1.network.serial.SocatPty;
import com.eq1.network.serial.StopBits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JSerialCommLineTest {

  private static final LineSettings LINE = LineSettings.DEFAULT.withBaudRate(115_200);
  private static ExecutorService executor;

  @TempDir Path folder;
  private SocatPty pty;

  @BeforeAll
  static void loadLibrary(@TempDir Path nativeDir) {
    new NativeLibrary(nativeDir).load();
    executor = Executors.newCachedThreadPool(new NamedThreadFactory("line-test"));
  }

  @AfterAll
  static void stopExecutor() {
    executor.shutdownNow();
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
  void bytesGoBothWaysByteExact() throws Exception {
    byte[] toDevice = new byte[3000];
    new Random(7).nextBytes(toDevice);
    byte[] toPort = new byte[256];
    for (int i = 0; i < toPort.length; i++) {
      toPort[i] = (byte) i;
    }
    try (JSerialCommLine line = JSerialCommLine.open("test", pty.port(), LINE);
        RandomAccessFile device = new RandomAccessFile(pty.device(), "rw")) {
      assertEquals(toDevice.length, line.write(toDevice, Duration.ofSeconds(5)));
      byte[] got = new byte[toDevice.length];
      device.readFully(got);
      assertArrayEquals(toDevice, got);

      device.write(toPort);
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      byte[] buffer = new byte[64];
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                int n = line.read(buffer, 200);
                received.write(buffer, 0, n);
                return received.size() >= toPort.length;
              });
      assertArrayEquals(toPort, received.toByteArray());
    }
  }

  @Test
  void readTimesOutWithZero() throws Exception {
    try (JSerialCommLine line = JSerialCommLine.open("test", pty.port(), LINE)) {
      long start = System.nanoTime();
      assertEquals(0, line.read(new byte[16], 250));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(tookMillis >= 240 && tookMillis < 400, "took " + tookMillis + " ms");
      start = System.nanoTime();
      assertEquals(0, line.read(new byte[16], 20));
      tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(tookMillis >= 19 && tookMillis < 60, "short timeout took " + tookMillis + " ms");
      assertTrue(line.isOpen());
    }
  }

  @Test
  void unplugMakesBlockedReadThrowPromptly() throws Exception {
    try (JSerialCommLine line = JSerialCommLine.open("test", pty.port(), LINE)) {
      Future<Integer> read = executor.submit(() -> line.read(new byte[16], 30_000));
      await().pollDelay(Duration.ofMillis(150)).until(() -> !read.isDone());
      long start = System.nanoTime();
      pty.unplug();
      Exception e = assertThrows(Exception.class, () -> read.get(1, TimeUnit.SECONDS));
      assertTrue(e.getCause() instanceof IOException, "cause: " + e.getCause());
      assertTrue(e.getCause().getMessage().contains("went away"), e.getCause().getMessage());
      assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000);
      assertFalse(line.isOpen());
      assertThrows(IOException.class, () -> line.write(new byte[] {1}, Duration.ofSeconds(1)));
    }
  }

  @Test
  void isOpenNoticesUnplugWithoutARead() throws Exception {
    try (JSerialCommLine line = JSerialCommLine.open("test", pty.port(), LINE)) {
      assertTrue(line.isOpen());
      pty.unplug();
      assertFalse(line.isOpen());
    }
  }

  @Test
  void closeUnblocksARead() throws Exception {
    JSerialCommLine line = JSerialCommLine.open("test", pty.port(), LINE);
    Future<Integer> read = executor.submit(() -> line.read(new byte[16], 30_000));
    await().pollDelay(Duration.ofMillis(150)).until(() -> !read.isDone());
    CompletableFuture.runAsync(line::close, executor).get(1, TimeUnit.SECONDS);
    Exception e = assertThrows(Exception.class, () -> read.get(500, TimeUnit.MILLISECONDS));
    assertTrue(e.getCause() instanceof IOException, "cause: " + e.getCause());
    assertFalse(line.isOpen());
    line.close(); // idempotent
  }

  @Test
  void missingPortIsNamed() {
    String missing = folder.resolve("nothing").toString();
    ConnectionException e =
        assertThrows(ConnectionException.class, () -> JSerialCommLine.open("scale", missing, LINE));
    assertEquals("[scale] port " + missing + " does not exist", e.getMessage());
  }

  @Test
  void oneAndAHalfStopBitsAreRefused() {
    LineSettings line =
        new LineSettings(
            9600,
            5,
            Parity.NONE,
            StopBits.ONE_POINT_FIVE,
            FlowControl.NONE,
            LineSettings.Rs485.OFF);
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class, () -> JSerialCommLine.open("x", pty.port(), line));
    assertTrue(e.getMessage().contains("stopBits 1.5"), e.getMessage());
  }

  @Test
  void markParityTwoStopBitsAndFlowControlAreAccepted() throws Exception {
    for (FlowControl flow : FlowControl.values()) {
      LineSettings line =
          new LineSettings(19_200, 7, Parity.MARK, StopBits.TWO, flow, LineSettings.Rs485.OFF);
      try (JSerialCommLine opened = JSerialCommLine.open("x", pty.port(), line)) {
        assertTrue(opened.isOpen(), flow.name());
      }
    }
  }

  @Test
  void secondOpenInThisProcessFailsClearly() throws Exception {
    try (JSerialCommLine first = JSerialCommLine.open("a", pty.port(), LINE)) {
      ConnectionException e =
          assertThrows(
              ConnectionException.class, () -> JSerialCommLine.open("b", pty.port(), LINE));
      assertTrue(e.getMessage().contains("already open in this process"), e.getMessage());
      assertTrue(first.isOpen());
    }
  }

  @Test
  void portHeldByAnotherProcessNamesIt() throws Exception {
    Path device = Path.of(pty.port()).toRealPath();
    Process flock =
        new ProcessBuilder("flock", "--exclusive", "--nonblock", device.toString(), "sleep", "60")
            .redirectErrorStream(true)
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> PortHolders.lockOwners(device).contains(flock.pid()));
      ConnectionException e =
          assertThrows(
              ConnectionException.class, () -> JSerialCommLine.open("scale", pty.port(), LINE));
      assertEquals(
          "[scale] port "
              + device
              + " (via "
              + pty.port()
              + ") cannot be opened: held by process "
              + flock.pid()
              + " (flock)",
          e.getMessage());
    } finally {
      flock.descendants().forEach(ProcessHandle::destroy);
      flock.destroy();
      flock.waitFor(5, TimeUnit.SECONDS);
    }
    try (JSerialCommLine line = JSerialCommLine.open("scale", pty.port(), LINE)) {
      assertTrue(line.isOpen());
    }
  }

  @Test
  void noFileDescriptorsLeakOverTwentyUnplugs() throws Exception {
    long before = openDescriptors();
    for (int i = 0; i < 20; i++) {
      JSerialCommLine line = JSerialCommLine.open("test", pty.port(), LINE);
      pty.unplug();
      assertThrows(IOException.class, () -> line.read(new byte[8], 2000));
      line.close();
      pty.replug();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> openDescriptors() <= before + 2);
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
