package com.eq1.network.serial;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.ProtocolTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on a real pseudo-terminal: a missing port, a port held elsewhere, line settings the
 * port cannot do, a device that streams garbage or never answers. Each gives a clear error, nothing
 * blocks for ever, and the connection stays usable.
 */
class SerialBadInputTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path folder;
  private SocatPty pty;
  private DevicePeer device;
  private SerialPorts ports;
  private SerialProtocol serial;
  private SerialProtocol other;

  @BeforeEach
  void plug() throws Exception {
    pty = new SocatPty(folder);
    ports = new SerialPorts(folder.resolve("native"));
  }

  @AfterEach
  void unplug() throws Exception {
    for (SerialProtocol protocol : new SerialProtocol[] {serial, other}) {
      if (protocol != null) {
        protocol.close();
      }
    }
    pty.close();
    if (device != null) {
      device.close();
    }
  }

  private SerialProtocol protocol(String name, SerialSettings.Builder settings) {
    return new SerialProtocol(settings.build(), ports);
  }

  @Test
  void aMissingPortSaysSoAndOpensOnceTheAdapterAppears() throws Exception {
    Path later = folder.resolve("later");
    serial = protocol("late", SerialSettings.builder("late", later.toString()));
    ConnectionException e = assertThrows(ConnectionException.class, serial::connect);
    assertTrue(e.getMessage().contains("[late]"), e.getMessage());
    assertTrue(e.getMessage().contains(later + " does not exist"), e.getMessage());
    assertEquals(ConnectionState.RECONNECTING, serial.state());
    Files.createSymbolicLink(later, Path.of(pty.port()).toRealPath()); // the adapter is plugged in
    await().atMost(WAIT).until(() -> serial.state() == ConnectionState.CONNECTED);
  }

  @Test
  void aPortAnotherConnectionHoldsNamesThatConnection() {
    serial = protocol("scale", SerialSettings.builder("scale", pty.port()));
    serial.connect();
    other = protocol("printer", SerialSettings.builder("printer", pty.port()));
    ConnectionException e = assertThrows(ConnectionException.class, other::connect);
    assertTrue(e.getMessage().contains("[printer]"), e.getMessage());
    assertTrue(e.getMessage().contains("already open by EQ-1 connection 'scale'"), e.getMessage());
    assertEquals(ConnectionState.CONNECTED, serial.state());
    serial.disconnect(); // the port is free again: the waiting connection takes it
    await().atMost(WAIT).until(() -> other.state() == ConnectionState.CONNECTED);
  }

  @Test
  void aPortAnotherProcessLocksNamesTheProcess() throws Exception {
    Path real = Path.of(pty.port()).toRealPath();
    Process flock =
        new ProcessBuilder("flock", "--exclusive", "--nonblock", real.toString(), "sleep", "60")
            .redirectErrorStream(true)
            .start();
    try {
      serial = protocol("scale", SerialSettings.builder("scale", pty.port()));
      await()
          .atMost(WAIT)
          .ignoreExceptionsInstanceOf(ConnectionException.class)
          .until(
              () -> {
                try {
                  serial.connect();
                  return false; // flock has not locked it yet: let go and try again
                } catch (ConnectionException e) {
                  if (e.getMessage().contains("held by process " + flock.pid() + " (flock)")) {
                    return true;
                  }
                  throw e;
                } finally {
                  serial.disconnect();
                }
              });
    } finally {
      flock.descendants().forEach(ProcessHandle::destroy);
      flock.destroy();
      flock.waitFor(5, TimeUnit.SECONDS);
    }
    // flock's child may hold the lock a moment longer: the port opens once it has gone
    await()
        .atMost(WAIT)
        .ignoreExceptionsInstanceOf(ConnectionException.class)
        .until(
            () -> {
              serial.connect();
              return serial.state() == ConnectionState.CONNECTED;
            });
  }

  @Test
  void lineSettingsThePortCannotDoAreRefusedAndNotRetried() {
    serial =
        protocol(
            "odd",
            SerialSettings.builder("odd", pty.port())
                .line(
                    new LineSettings(
                        9600,
                        8,
                        Parity.NONE,
                        StopBits.ONE_POINT_FIVE,
                        FlowControl.NONE,
                        LineSettings.Rs485.OFF)));
    ConfigurationException e = assertThrows(ConfigurationException.class, serial::connect);
    assertTrue(e.getMessage().contains("stopBits 1.5"), e.getMessage());
    assertEquals(ConnectionState.DISCONNECTED, serial.state()); // a retry could not help
    assertEquals(1, serial.statistics().errors());
    assertThrows(
        ConfigurationException.class,
        () -> new LineSettings(9600, 9, Parity.NONE, StopBits.ONE, FlowControl.NONE, null));
  }

  @Test
  void aDeviceStreamingGarbageIsCountedAndTheNextGoodMessageGetsThrough() throws Exception {
    device = DevicePeer.silent(pty);
    serial =
        protocol(
            "garbage", SerialSettings.builder("garbage", pty.port()).framing(SerialFraming.LENGTH));
    serial.connect();
    byte[] garbage = new byte[64 * 1024];
    Arrays.fill(garbage, (byte) 0xFF); // every header announces 4 GiB
    device.send(garbage);
    await().atMost(WAIT).until(() -> serial.statistics().errors() > 0);
    assertEquals(ConnectionState.CONNECTED, serial.state());
    assertEquals(Optional.empty(), serial.read());
    // garbage still in flight may swallow a good frame that shares its read: offer it until one
    // arrives alone, as a device repeating its answer would
    byte[] ok = {0, 0, 0, 3, 'o', 'k', '!'};
    await()
        .atMost(WAIT)
        .until(
            () -> {
              device.send(ok);
              return serial
                  .read(Duration.ofMillis(200))
                  .map(m -> Arrays.equals(m, new byte[] {'o', 'k', '!'}))
                  .orElse(false);
            });
    assertEquals(ConnectionState.CONNECTED, serial.state());
  }

  @Test
  void anEndlessLineIsCutAtTheLimitAndTheNextLineArrives() throws Exception {
    device = DevicePeer.silent(pty);
    serial =
        protocol(
            "scanner",
            SerialSettings.builder("scanner", pty.port())
                .framing(SerialFraming.DELIMITED)
                .maxFrameBytes(1_024));
    serial.connect();
    byte[] noise = new byte[10_000];
    Arrays.fill(noise, (byte) 'x');
    device.send(noise);
    device.send("\nEAN 4006381333931\n".getBytes(StandardCharsets.US_ASCII));
    Optional<byte[]> line = serial.read(WAIT);
    assertTrue(line.isPresent());
    assertEquals("EAN 4006381333931", new String(line.get(), StandardCharsets.US_ASCII));
    assertTrue(serial.statistics().errors() > 0);
    OversizedPacketException e =
        assertThrows(OversizedPacketException.class, () -> serial.send(new byte[1_025]));
    assertTrue(e.getMessage().contains("[scanner]"), e.getMessage());
    assertEquals(0, serial.statistics().queued()); // refused, not queued
  }

  @Test
  void aDeviceThatStopsReadingMakesSendsTimeOutNotHang() throws Exception {
    // nobody reads the far end: once the pair's buffers are full the port takes nothing more
    serial =
        protocol(
            "stuck",
            SerialSettings.builder("stuck", pty.port()).writeTimeout(Duration.ofMillis(300)));
    serial.connect();
    long start = System.nanoTime();
    ProtocolTimeoutException e =
        assertThrows(ProtocolTimeoutException.class, () -> serial.send(new byte[1_048_576]));
    assertTrue(e.getMessage().contains("[stuck]"), e.getMessage());
    assertTrue(e.getMessage().contains("the device is not reading"), e.getMessage());
    ProtocolTimeoutException next =
        assertThrows(ProtocolTimeoutException.class, () -> serial.send(new byte[] {1}));
    assertTrue(next.getMessage().contains("took 0 of 1 bytes"), next.getMessage());
    assertTrue(
        System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "sends must not hang for ever");
    assertEquals(ConnectionState.CONNECTED, serial.state());
    serial.close(); // ends the write still waiting for the device
    await()
        .atMost(WAIT)
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("eq1-serial-write-stuck")));
  }

  @Test
  void aDeviceThatNeverAnswersOnlyMakesReadsComeBackEmpty() throws Exception {
    device = DevicePeer.silent(pty);
    serial =
        protocol("mute", SerialSettings.builder("mute", pty.port()).framing(SerialFraming.LENGTH));
    serial.connect();
    serial.send(new byte[] {1, 2, 3});
    long start = System.nanoTime();
    assertEquals(Optional.empty(), serial.read(Duration.ofMillis(300)));
    assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300));
    await().atMost(WAIT).until(() -> device.received().length == 7);
    assertEquals(ConnectionState.CONNECTED, serial.state());
  }
}
