package com.eq1.network.serial;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages through a real pseudo-terminal pair, in every framing, byte-exact and in order. */
class SerialRoundTripTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path folder;
  private SocatPty pty;
  private DevicePeer device;
  private SerialPorts ports;
  private SerialProtocol serial;

  @BeforeEach
  void plug() throws Exception {
    pty = new SocatPty(folder);
    ports = new SerialPorts(folder.resolve("native"));
  }

  @AfterEach
  void unplug() throws Exception {
    if (serial != null) {
      serial.close();
    }
    pty.close();
    if (device != null) {
      device.close();
    }
  }

  private SerialProtocol open(SerialSettings.Builder settings) {
    serial = new SerialProtocol(settings.build(), ports);
    serial.connect();
    assertEquals(ConnectionState.CONNECTED, serial.state());
    return serial;
  }

  private byte[] next() {
    Optional<byte[]> message = serial.read(WAIT);
    assertTrue(message.isPresent(), "nothing received within " + WAIT);
    return message.get();
  }

  @Test
  void lengthFramedMessagesComeBackByteExactAndInOrder() throws Exception {
    device = DevicePeer.echo(pty);
    open(SerialSettings.builder("echo", pty.port()).framing(SerialFraming.LENGTH));
    Random random = new Random(6);
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      byte[] message = new byte[random.nextInt(300)];
      random.nextBytes(message);
      sent.add(message);
      serial.send(message);
    }
    for (byte[] message : sent) {
      assertArrayEquals(message, next());
    }
    assertEquals(1_000, serial.statistics().messagesIn());
    assertEquals(1_000, serial.statistics().messagesOut());
  }

  @Test
  void aMessageOfTheFullMebibyteGoesThrough() throws Exception {
    device = DevicePeer.echo(pty);
    open(SerialSettings.builder("big", pty.port()).framing(SerialFraming.LENGTH));
    byte[] message = new byte[1_048_576];
    new Random(7).nextBytes(message);
    serial.send(message);
    assertArrayEquals(message, next());
  }

  @Test
  void linesAreCutAtTheDelimiter() throws Exception {
    device = DevicePeer.silent(pty);
    open(
        SerialSettings.builder("scanner", pty.port())
            .framing(SerialFraming.DELIMITED)
            .delimiter("crlf"));
    device.send("4006381333931\r\n9780201633610\r\nhalf".getBytes(StandardCharsets.US_ASCII));
    assertEquals("4006381333931", new String(next(), StandardCharsets.US_ASCII));
    assertEquals("9780201633610", new String(next(), StandardCharsets.US_ASCII));
    device.send("\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals("half", new String(next(), StandardCharsets.US_ASCII));
    serial.send("PING".getBytes(StandardCharsets.US_ASCII));
    await()
        .atMost(WAIT)
        .until(() -> new String(device.received(), StandardCharsets.US_ASCII).equals("PING\r\n"));
  }

  @Test
  void dollarFramingWrapsEachMessage() throws Exception {
    device = DevicePeer.echo(pty);
    open(
        SerialSettings.builder("lights", pty.port())
            .framing(SerialFraming.DELIMITED)
            .delimiter("dollar"));
    serial.send("ZONE1=ON".getBytes(StandardCharsets.US_ASCII));
    await()
        .atMost(WAIT)
        .until(() -> new String(device.received(), StandardCharsets.US_ASCII).equals("$ZONE1=ON$"));
    assertEquals("ZONE1=ON", new String(next(), StandardCharsets.US_ASCII));
  }

  @Test
  void rawFramingKeepsEveryByte() throws Exception {
    device = DevicePeer.echo(pty);
    open(SerialSettings.builder("raw", pty.port()));
    byte[] all = new byte[256];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    serial.send(all);
    ByteArrayOutputStream back = new ByteArrayOutputStream();
    while (back.size() < all.length) {
      back.write(next());
    }
    assertArrayEquals(all, back.toByteArray());
  }

  @Test
  void aSilenceEndsAMessageInGapFraming() throws Exception {
    device = DevicePeer.silent(pty);
    open(
        SerialSettings.builder("scale", pty.port())
            .framing(SerialFraming.GAP)
            .frameGap(Duration.ofMillis(100)));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      device.send("ST,GS,+00012.5kg".getBytes(StandardCharsets.US_ASCII));
      // the second reading follows well after the gap, as a scale's next line does
      timer.schedule(
          () -> {
            device.send("ST,GS,+00013.0kg".getBytes(StandardCharsets.US_ASCII));
            return null;
          },
          600,
          TimeUnit.MILLISECONDS);
      assertEquals("ST,GS,+00012.5kg", new String(next(), StandardCharsets.US_ASCII));
      assertEquals("ST,GS,+00013.0kg", new String(next(), StandardCharsets.US_ASCII));
      assertEquals(Optional.empty(), serial.read());
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void disconnectClosesThePortAndConnectOpensItAgain() throws Exception {
    device = DevicePeer.echo(pty);
    open(SerialSettings.builder("again", pty.port()).framing(SerialFraming.LENGTH));
    serial.disconnect();
    assertEquals(ConnectionState.DISCONNECTED, serial.state());
    serial.send(new byte[] {1}); // queued while closed
    serial.connect();
    assertArrayEquals(new byte[] {1}, next());
    serial.send(new byte[] {2});
    assertArrayEquals(new byte[] {2}, next());
  }
}
