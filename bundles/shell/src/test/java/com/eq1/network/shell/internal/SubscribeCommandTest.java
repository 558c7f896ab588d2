package com.eq1.network.shell.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.loopback.LoopbackPubSubProtocol;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code eq1:subscribe}: prints what arrives until {@code --count}, {@code --timeout} or Ctrl-C,
 * then removes its subscription.
 */
class SubscribeCommandTest {

  private final Network network = new Network();
  private final ShellSession shell = new ShellSession();
  private LoopbackPubSubProtocol bus;

  @BeforeEach
  void start() {
    bus = network.bus("bus");
    network.bus("sensor");
    network.echo("echo");
  }

  @AfterEach
  void close() throws Exception {
    network.close();
  }

  private SubscribeCommand subscribe(String name, String filter) {
    SubscribeCommand command = new SubscribeCommand();
    command.name = name;
    command.filter = filter;
    command.protocols = network.protocols;
    command.pubSub = network.pubSub;
    command.session = shell.session();
    return command;
  }

  private void awaitSubscribed() {
    await().atMost(Network.DEADLINE).until(() -> shell.output().contains("Subscribed to"));
  }

  private void publish(String topic, String text) {
    network.pubSub.publish("sensor", topic, text.getBytes(StandardCharsets.UTF_8), 1, false);
  }

  private void unsubscribed() {
    assertEquals(0, network.info("bus").subscriptions(), "the manager keeps no subscription");
    assertEquals(List.of(), bus.subscriptions(), "the protocol holds no subscription");
  }

  @Test
  void endsAfterCountMessages() throws Exception {
    SubscribeCommand command = subscribe("bus", "cell/+/status");
    command.count = 3;
    CompletableFuture<Object> running = CompletableFuture.supplyAsync(command::execute);
    awaitSubscribed();
    assertEquals(1, network.info("bus").subscriptions());

    publish("cell/1/status", "running");
    publish("cell/2/other", "not matched");
    publish("cell/2/status", "stopped");
    publish("cell/3/status", "fault");

    assertNull(running.get(Network.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(
        List.of(
            "Subscribed to 'cell/+/status' on 'bus', 3 messages; Ctrl-C stops",
            "cell/1/status running",
            "cell/2/status stopped",
            "cell/3/status fault",
            "3 messages"),
        shell.lines());
    unsubscribed();
    assertEquals(
        Set.of("cell/+/status", "cell/1/status", "cell/2/status", "cell/3/status"),
        Set.copyOf(Connections.topics(shell.session())));
  }

  @Test
  void endsAfterTheTimeoutWithNoMessages() {
    SubscribeCommand command = subscribe("bus", "cell/#");
    command.timeout = "200ms";

    assertNull(command.execute());

    assertEquals(
        List.of("Subscribed to 'cell/#' on 'bus', for 200 ms; Ctrl-C stops", "0 messages"),
        shell.lines());
    unsubscribed();
  }

  @Test
  void printsHexOnRequest() throws Exception {
    SubscribeCommand command = subscribe("bus", "raw");
    command.count = 1;
    command.hex = true;
    command.timeout = "10s";
    CompletableFuture<Object> running = CompletableFuture.supplyAsync(command::execute);
    awaitSubscribed();

    publish("raw", "AB");

    running.get(Network.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    assertEquals(
        List.of(
            "Subscribed to 'raw' on 'bus', 1 messages, for 10000 ms; Ctrl-C stops",
            "raw 41 42",
            "1 messages"),
        shell.lines());
  }

  @Test
  void anInterruptEndsItAndTheInterruptIsKept() throws Exception {
    SubscribeCommand command = subscribe("bus", "cell/#");
    AtomicBoolean interruptedAfterwards = new AtomicBoolean();
    Thread console =
        new Thread(
            () -> {
              command.execute();
              interruptedAfterwards.set(Thread.currentThread().isInterrupted());
            },
            "console");
    console.start();
    awaitSubscribed();
    assertEquals(1, network.info("bus").subscriptions());

    console.interrupt();
    console.join(Network.DEADLINE.toMillis());

    assertFalse(console.isAlive());
    assertTrue(interruptedAfterwards.get(), "the interrupt flag is restored");
    assertEquals(
        List.of("Subscribed to 'cell/#' on 'bus'; Ctrl-C stops", "0 messages"), shell.lines());
    unsubscribed();
  }

  @Test
  void wrongOptionsAreRefusedBeforeSubscribing() {
    SubscribeCommand qos = subscribe("bus", "cell/#");
    qos.qos = 3;
    SubscribeCommand count = subscribe("bus", "cell/#");
    count.count = -1;
    SubscribeCommand timeout = subscribe("bus", "cell/#");
    timeout.timeout = "forever";

    assertEquals(
        "--qos 3 is not 0, 1 or 2",
        assertThrows(IllegalArgumentException.class, qos::execute).getMessage());
    assertEquals(
        "--count -1 is negative",
        assertThrows(IllegalArgumentException.class, count::execute).getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, timeout::execute)
            .getMessage()
            .startsWith("--timeout 'forever' is not a duration"));
    unsubscribed();
    assertEquals("", shell.output());
  }

  @Test
  void aRequestResponseConnectionIsRefusedWithTheCommandsToUse() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, subscribe("echo", "cell/#")::execute);

    assertEquals(
        "connection 'echo' is request/response (loopback-reqres): use eq1:send, eq1:read or"
            + " eq1:request",
        e.getMessage());
    assertEquals("", shell.output());
  }
}
