package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.loopback.LoopbackReqResProtocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code eq1:request}: send, then print the answer. */
class RequestCommandTest {

  private final Network network = new Network();
  private final ShellSession shell = new ShellSession();
  @TempDir Path dir;

  @AfterEach
  void close() throws Exception {
    network.close();
  }

  private RequestCommand request(String name, String data) {
    RequestCommand command = new RequestCommand();
    command.name = name;
    command.data = data;
    command.protocols = network.protocols;
    command.reqRes = network.reqRes;
    command.session = shell.session();
    return command;
  }

  @Test
  void printsTheAnswer() {
    network.echo("echo");

    assertNull(request("echo", "PING").execute());

    assertEquals("PING\n", shell.output());
  }

  @Test
  void hexGoesOutAndComesBackAsHex() {
    network.echo("echo");
    RequestCommand command = request("echo", "0x41 0x42");
    command.hex = true;

    command.execute();

    assertEquals("41 42\n", shell.output(), "the answer is text, but --hex prints it as hex");
  }

  @Test
  void aFileIsSent() throws IOException {
    network.echo("echo");
    Path file = Files.writeString(dir.resolve("request.txt"), "GET /status");
    RequestCommand command = request("echo", file.toString());
    command.file = true;

    command.execute();

    assertEquals("GET /status\n", shell.output());
  }

  @Test
  void saysSoWhenNoAnswerComesInTime() {
    LoopbackReqResProtocol peer = network.cable("plc1", "plc1-peer").b();
    RequestCommand command = request("plc1", "PING");
    command.timeout = "200ms";

    command.execute();

    assertEquals("No answer from 'plc1' within 200 ms\n", shell.output());
    assertArrayEquals(
        "PING".getBytes(StandardCharsets.UTF_8),
        peer.read(Network.DEADLINE).orElseThrow(),
        "the request reached the peer");
  }

  @Test
  void aBadTimeoutIsRefusedBeforeAnythingIsSent() {
    LoopbackReqResProtocol peer = network.cable("plc1", "plc1-peer").b();
    RequestCommand command = request("plc1", "PING");
    command.timeout = "0";

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::execute);

    assertTrue(e.getMessage().startsWith("--timeout '0' is not a duration"), e.getMessage());
    assertTrue(peer.read().isEmpty(), "nothing was sent");
  }

  @Test
  void aPublishSubscribeConnectionIsRefusedWithTheCommandsToUse() {
    network.bus("bus");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, request("bus", "PING")::execute);

    assertEquals(
        "connection 'bus' is publish/subscribe (loopback-pubsub): use eq1:publish or"
            + " eq1:subscribe",
        e.getMessage());
    assertEquals("", shell.output());
  }
}
