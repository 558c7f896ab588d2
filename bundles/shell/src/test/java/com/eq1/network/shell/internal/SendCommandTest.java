package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eq1:send} through the real manager to a real loopback echo. */
class SendCommandTest {

  private final Network network = new Network();
  private final ShellSession shell = new ShellSession();
  @TempDir Path dir;

  @BeforeEach
  void start() {
    network.echo("echo");
    network.bus("bus");
  }

  @AfterEach
  void close() throws Exception {
    network.close();
  }

  private SendCommand send(String name, String data) {
    SendCommand command = new SendCommand();
    command.name = name;
    command.data = data;
    command.protocols = network.protocols;
    command.reqRes = network.reqRes;
    command.session = shell.session();
    return command;
  }

  private byte[] echoed() {
    return network.reqRes.read("echo", Network.DEADLINE).orElseThrow();
  }

  private void nothingSent() {
    assertTrue(network.reqRes.read("echo", Duration.ofMillis(50)).isEmpty(), "nothing was sent");
    assertEquals("", shell.output());
  }

  @Test
  void textIsSentAsUtf8() {
    SendCommand command = send("echo", "hé");
    command.text = true;

    assertNull(command.execute());

    assertArrayEquals("hé".getBytes(StandardCharsets.UTF_8), echoed());
    assertEquals("Sent 3 bytes to 'echo'\n", shell.output());
  }

  @Test
  void hexIsSentAsBytes() {
    SendCommand command = send("echo", "01 03 00 00 ff");
    command.hex = true;

    assertEquals(5, command.send());

    assertArrayEquals(new byte[] {1, 3, 0, 0, (byte) 0xff}, echoed());
    assertEquals("Sent 5 bytes to 'echo'\n", shell.output());
  }

  @Test
  void aFileIsSentAsItsBytes() throws IOException {
    byte[] content = new byte[300];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) i;
    }
    Path file = Files.write(dir.resolve("frame.bin"), content);
    SendCommand command = send("echo", file.toString());
    command.file = true;

    command.execute();

    assertArrayEquals(content, echoed());
    assertEquals("Sent 300 bytes to 'echo'\n", shell.output());
  }

  @Test
  void aMissingFileIsRefused() {
    SendCommand command = send("echo", dir.resolve("nope.bin").toString());
    command.file = true;

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::execute);

    assertTrue(e.getMessage().endsWith("nope.bin does not exist"), e.getMessage());
    nothingSent();
  }

  @Test
  void malformedHexIsRefused() {
    SendCommand command = send("echo", "01 0");
    command.hex = true;

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::execute);

    assertTrue(e.getMessage().startsWith("'01 0' is not hex"), e.getMessage());
    nothingSent();
  }

  @Test
  void textWithHexOrFileIsRefused() {
    SendCommand hex = send("echo", "01");
    hex.text = true;
    hex.hex = true;
    SendCommand file = send("echo", "x.bin");
    file.text = true;
    file.file = true;

    assertEquals(
        "use one of --text, --hex and --file",
        assertThrows(IllegalArgumentException.class, hex::execute).getMessage());
    assertEquals(
        "use one of --text, --hex and --file",
        assertThrows(IllegalArgumentException.class, file::execute).getMessage());
    nothingSent();
  }

  @Test
  void aPublishSubscribeConnectionIsRefusedWithTheCommandsToUse() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, send("bus", "hello")::execute);

    assertEquals(
        "connection 'bus' is publish/subscribe (loopback-pubsub): use eq1:publish or"
            + " eq1:subscribe",
        e.getMessage());
    assertEquals(0, network.protocols.getProtocol("bus").orElseThrow().statistics().messagesOut());
    nothingSent();
  }

  @Test
  void anUnknownConnectionIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, send("plc1", "hello")::execute);

    assertEquals(
        "no connection 'plc1' (known: bus, echo); eq1:create makes one, eq1:list shows them",
        e.getMessage());
  }
}
