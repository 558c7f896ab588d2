package com.eq1.network.shell.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code eq1:read}: the next message received on a request/response connection. */
class ReadCommandTest {

  private final Network network = new Network();
  private final ShellSession shell = new ShellSession();

  @BeforeEach
  void start() {
    network.echo("echo");
    network.bus("bus");
  }

  @AfterEach
  void close() throws Exception {
    network.close();
  }

  private ReadCommand read(String name) {
    ReadCommand command = new ReadCommand();
    command.name = name;
    command.protocols = network.protocols;
    command.reqRes = network.reqRes;
    command.session = shell.session();
    return command;
  }

  @Test
  void printsTheNextMessageAsText() {
    network.reqRes.send("echo", "status ok".getBytes(StandardCharsets.UTF_8));
    network.reqRes.send("echo", new byte[] {1, 2});

    assertNull(read("echo").execute());
    assertEquals("status ok\n", shell.output());
    shell.clear();

    read("echo").execute();
    assertEquals("01 02\n", shell.output(), "binary is printed as hex");
  }

  @Test
  void printsTextAsHexOnRequest() {
    network.reqRes.send("echo", "ok".getBytes(StandardCharsets.UTF_8));
    ReadCommand command = read("echo");
    command.hex = true;

    command.execute();

    assertEquals("6f 6b\n", shell.output());
  }

  @Test
  void waitsForAMessageThatArrivesLater() {
    ReadCommand command = read("echo");
    command.timeout = "10s";
    Thread reader = Thread.currentThread();
    CompletableFuture<Void> sender =
        CompletableFuture.runAsync(
            () -> {
              await()
                  .atMost(Network.DEADLINE)
                  .until(() -> reader.getState() == Thread.State.TIMED_WAITING);
              network.reqRes.send("echo", "late".getBytes(StandardCharsets.UTF_8));
            });

    command.execute();

    assertEquals("late\n", shell.output());
    sender.join();
  }

  @Test
  void saysSoWhenNothingArrivesInTime() {
    ReadCommand command = read("echo");
    command.timeout = "200ms";
    long start = System.nanoTime();

    command.execute();

    assertTrue(
        Duration.ofNanos(System.nanoTime() - start).toMillis() >= 190, "waited for the timeout");
    assertEquals("Nothing received on 'echo' within 200 ms\n", shell.output());
  }

  @Test
  void aBadTimeoutIsRefused() {
    ReadCommand command = read("echo");
    command.timeout = "soon";

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::execute);

    assertTrue(e.getMessage().startsWith("--timeout 'soon' is not a duration"), e.getMessage());
  }

  @Test
  void aPublishSubscribeConnectionIsRefusedWithTheCommandsToUse() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, read("bus")::execute);

    assertEquals(
        "connection 'bus' is publish/subscribe (loopback-pubsub): use eq1:publish or"
            + " eq1:subscribe",
        e.getMessage());
  }
}
