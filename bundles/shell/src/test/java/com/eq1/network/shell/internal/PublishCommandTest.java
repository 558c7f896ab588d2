package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.InvalidTopicException;
import com.eq1.network.api.MessageListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code eq1:publish} through the real manager onto the in-JVM loopback broker. */
class PublishCommandTest {

  private record Received(String topic, byte[] payload) {}

  private final Network network = new Network();
  private final ShellSession shell = new ShellSession();
  private final BlockingQueue<Received> watched = new LinkedBlockingQueue<>();
  private final MessageListener watcher =
      (topic, payload) -> watched.add(new Received(topic, payload));

  @BeforeEach
  void start() {
    network.bus("bus");
    network.bus("watcher");
    network.echo("echo");
    network.pubSub.subscribe("watcher", "cell/#", 1, watcher);
  }

  @AfterEach
  void close() throws Exception {
    network.close();
  }

  private PublishCommand publish(String name, String topic, String message) {
    PublishCommand command = new PublishCommand();
    command.name = name;
    command.topic = topic;
    command.message = message;
    command.protocols = network.protocols;
    command.pubSub = network.pubSub;
    command.session = shell.session();
    return command;
  }

  private Received next() throws InterruptedException {
    Received received = watched.poll(Network.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(received != null, "nothing was delivered");
    return received;
  }

  private void nothingPublished() {
    assertEquals(0, network.protocols.getProtocol("bus").orElseThrow().statistics().messagesOut());
    assertEquals("", shell.output());
  }

  @Test
  void publishesTextAndRemembersTheTopic() throws Exception {
    assertNull(publish("bus", "cell/1/status", "running").execute());

    Received received = next();
    assertEquals("cell/1/status", received.topic());
    assertArrayEquals("running".getBytes(StandardCharsets.UTF_8), received.payload());
    assertEquals("Published 7 bytes to 'cell/1/status' on 'bus' (QoS 1)\n", shell.output());
    assertEquals(0, network.broker.retainedMessages());
    assertEquals(Set.of("cell/1/status"), Set.copyOf(Connections.topics(shell.session())));
  }

  @Test
  void theRetainFlagReachesTheBroker() throws Exception {
    PublishCommand command = publish("bus", "cell/2/status", "stopped");
    command.retain = true;
    command.qos = 2;

    command.execute();

    assertEquals(
        "Published 7 bytes to 'cell/2/status' on 'bus' (QoS 2, retained)\n", shell.output());
    assertEquals("cell/2/status", next().topic());
    assertEquals(1, network.broker.retainedMessages());
    BlockingQueue<Received> late = new LinkedBlockingQueue<>();
    network.pubSub.subscribe("watcher", "cell/2/#", 0, (t, p) -> late.add(new Received(t, p)));
    Received retained = late.poll(Network.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(retained != null, "a later subscriber gets the retained message");
    assertArrayEquals("stopped".getBytes(StandardCharsets.UTF_8), retained.payload());
  }

  @Test
  void hexIsPublishedAsBytesAtQos0() throws Exception {
    PublishCommand command = publish("bus", "cell/3/raw", "00 ff");
    command.hex = true;
    command.qos = 0;

    command.execute();

    assertArrayEquals(new byte[] {0, (byte) 0xff}, next().payload());
    assertEquals("Published 2 bytes to 'cell/3/raw' on 'bus' (QoS 0)\n", shell.output());
  }

  @Test
  void aQosOutsideZeroToTwoIsRefused() {
    for (int qos : List.of(3, -1)) {
      PublishCommand command = publish("bus", "cell/1/status", "x");
      command.qos = qos;

      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::execute);

      assertEquals("--qos " + qos + " is not 0, 1 or 2", e.getMessage());
    }
    nothingPublished();
    assertTrue(Connections.topics(shell.session()).isEmpty());
  }

  @Test
  void aTopicWithWildcardsIsRefusedAndNotRemembered() {
    assertThrows(InvalidTopicException.class, publish("bus", "cell/+/status", "x")::execute);

    nothingPublished();
    assertTrue(Connections.topics(shell.session()).isEmpty());
  }

  @Test
  void aRequestResponseConnectionIsRefusedWithTheCommandsToUse() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, publish("echo", "cell/1", "x")::execute);

    assertEquals(
        "connection 'echo' is request/response (loopback-reqres): use eq1:send, eq1:read or"
            + " eq1:request",
        e.getMessage());
    nothingPublished();
  }
}
