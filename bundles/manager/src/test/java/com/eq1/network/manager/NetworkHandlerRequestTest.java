package com.eq1.network.manager;

import static com.eq1.network.manager.Fixture.failure;
import static com.eq1.network.manager.Fixture.textOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.packet.IntData;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.MessageType;
import com.eq1.network.packet.TextData;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests from a client handler to a server handler on the other cable end. The server only
 * records what it gets; each test decides when (and whether) it answers.
 */
class NetworkHandlerRequestTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final Fixture fx = new Fixture();
  private final Recorder atClient = new Recorder();
  private final Recorder atServer = new Recorder();
  private NetworkHandler client;
  private NetworkHandler server;

  @BeforeEach
  void connect() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("req-client", "req-server", 1000);
    server = fx.handler(cable.b(), atServer, HandlerSettings.DEFAULT.withSource("server"));
    client = fx.handler(cable.a(), atClient, HandlerSettings.DEFAULT.withSource("client"));
  }

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  private Message nextRequest(int count) {
    await().atMost(DEADLINE).until(() -> atServer.messages.size() >= count);
    return atServer.message(count - 1);
  }

  @Test
  void aReplyCompletesTheFutureOnTheCallbackThread() throws Exception {
    CompletableFuture<Message> reply = client.request(new IntData(21), Duration.ofSeconds(30));
    AtomicReference<String> completedOn = new AtomicReference<>();
    CompletableFuture<Message> observed =
        reply.whenComplete((r, e) -> completedOn.set(Thread.currentThread().getName()));
    assertEquals(1, client.pendingRequests());

    Message request = nextRequest(1);
    assertEquals(MessageType.COMMAND, request.type());
    assertEquals("client", request.source());
    assertNotEquals(0, request.correlationId());
    server.reply(request, new IntData(42));

    Message answer = observed.get(5, TimeUnit.SECONDS);
    assertEquals(MessageType.RESPONSE, answer.type());
    assertEquals(42, IntData.fromBytes(answer.body()).value());
    assertEquals(request.correlationId(), answer.correlationId());
    assertEquals("server", answer.source());
    assertEquals("client", answer.destination());
    assertEquals("eq1-handler-req-client-callback-1", completedOn.get());
    assertEquals(0, client.pendingRequests());
    assertTrue(atClient.messages.isEmpty(), "a matched reply is not an onMessage");
  }

  @Test
  void requestsGetTheirOwnCorrelationIdsReplacingTheCallersOne() throws Exception {
    Message withId = Message.builder(MessageType.COMMAND).correlationId(999).build();
    CompletableFuture<Message> first = client.request(withId, Duration.ofSeconds(30));
    CompletableFuture<Message> second = client.request(withId, Duration.ofSeconds(30));
    assertEquals(2, client.pendingRequests());

    Message one = nextRequest(1);
    Message two = nextRequest(2);
    assertEquals(1, one.correlationId());
    assertEquals(2, two.correlationId());

    server.reply(two, new TextData("to two"));
    server.reply(one, new TextData("to one"));
    assertEquals("to one", textOf(first.get(5, TimeUnit.SECONDS)));
    assertEquals("to two", textOf(second.get(5, TimeUnit.SECONDS)));
    assertEquals(0, client.statistics().unmatchedReplies());
  }

  @Test
  void timeoutFailsTheFutureAndALateReplyIsCountedNotDelivered() throws Exception {
    CompletableFuture<Message> reply = client.request(new TextData("ping"), Duration.ofMillis(200));
    Message request = nextRequest(1);

    ProtocolTimeoutException timeout =
        assertInstanceOf(ProtocolTimeoutException.class, failure(reply));
    assertEquals(Optional.of("req-client"), timeout.connectionName());
    assertTrue(
        timeout.getMessage().contains("no reply to request " + request.correlationId()),
        timeout.getMessage());
    assertEquals(1, client.statistics().requestTimeouts());
    assertEquals(0, client.pendingRequests());

    server.reply(request, new TextData("pong, too late"));
    await().atMost(DEADLINE).until(() -> client.statistics().unmatchedReplies() == 1);
    server.send(new TextData("marker"));

    await().atMost(DEADLINE).until(() -> !atClient.messages.isEmpty());
    assertEquals(List.of("marker"), atClient.texts());
    assertEquals(1, client.statistics().requestTimeouts());
    assertEquals(2, client.statistics().received());
  }

  @Test
  void anErrorReplyCompletesTheFutureNormally() throws Exception {
    CompletableFuture<Message> reply = client.request(new TextData("start"), DEADLINE);
    Message request = nextRequest(1);

    server.replyError(request, new TextData("refused: door open"));

    Message answer = reply.get(5, TimeUnit.SECONDS);
    assertEquals(MessageType.ERROR, answer.type());
    assertEquals("refused: door open", textOf(answer));
    assertEquals(request.correlationId(), answer.correlationId());
    assertEquals("client", answer.destination());
    assertEquals(0, client.pendingRequests());
    assertEquals(0, client.statistics().unmatchedReplies());
    assertTrue(atClient.messages.isEmpty());
  }

  @Test
  void cancellingARequestFreesItsEntryAndItsReplyIsUnmatched() {
    CompletableFuture<Message> reply = client.request(new TextData("x"), Duration.ofSeconds(30));
    assertEquals(1, client.pendingRequests());

    assertTrue(reply.cancel(true));
    assertEquals(0, client.pendingRequests());

    server.reply(nextRequest(1), new TextData("y"));
    await().atMost(DEADLINE).until(() -> client.statistics().unmatchedReplies() == 1);
    assertEquals(0, client.statistics().requestTimeouts());
    assertTrue(atClient.messages.isEmpty());
  }

  @Test
  void aReplyWithoutCorrelationIdIsAnOrdinaryMessage() {
    server.send(Message.builder(MessageType.RESPONSE).data(new TextData("unsolicited")).build());

    await().atMost(DEADLINE).until(() -> !atClient.messages.isEmpty());
    assertEquals(List.of("unsolicited"), atClient.texts());
    assertEquals(MessageType.RESPONSE, atClient.message(0).type());
    assertEquals(0, client.statistics().unmatchedReplies());
  }
}
