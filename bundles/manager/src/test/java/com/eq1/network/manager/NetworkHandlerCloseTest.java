package com.eq1.network.manager;

import static com.eq1.network.manager.Fixture.failedAlready;
import static com.eq1.network.manager.Fixture.threadsStartingWith;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.packet.DataPackage;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.MessageType;
import com.eq1.network.packet.TextData;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link NetworkHandler#close()}: threads end, requests fail, the protocol is left alone. */
class NetworkHandlerCloseTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final Fixture fx = new Fixture();

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  @Test
  void closeEndsEveryThreadAndFailsPendingRequests() throws Exception {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("close-a", "close-b", 100);
    Recorder atB = new Recorder();
    fx.handler(cable.b(), atB, HandlerSettings.DEFAULT);
    NetworkHandler handler = fx.handler(cable.a(), new Recorder(), HandlerSettings.DEFAULT);
    String prefix = "eq1-handler-close-a-";
    assertTrue(
        threadsStartingWith(prefix)
            .containsAll(
                Set.of(
                    prefix + "requester-1",
                    prefix + "listener-1",
                    prefix + "callback-1",
                    prefix + "timer-1")),
        threadsStartingWith(prefix).toString());
    CompletableFuture<Message> request =
        handler.request(new TextData("never answered"), Duration.ofMinutes(1));
    await().atMost(DEADLINE).until(() -> !atB.messages.isEmpty());
    assertEquals(1, handler.pendingRequests());

    assertTimeoutPreemptively(Duration.ofSeconds(5), handler::close);

    ConnectionException failed = failedAlready(request, ConnectionException.class);
    assertEquals(Optional.of("close-a"), failed.connectionName());
    assertTrue(failed.getMessage().contains("handler closed"), failed.getMessage());
    assertEquals(0, handler.pendingRequests());
    assertTrue(threadsStartingWith(prefix).isEmpty(), "left: " + threadsStartingWith(prefix));
    assertEquals(ConnectionState.CONNECTED, cable.a().state(), "the protocol is left connected");
  }

  @Test
  void aClosedHandlerRefusesWorkAndClosesOnlyOnce() throws Exception {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("closed-a", "closed-b", 100);
    Recorder atB = new Recorder();
    fx.handler(cable.b(), atB, HandlerSettings.DEFAULT);
    NetworkHandler handler =
        new NetworkHandler(cable.a(), DataPackage.TEXT_PACKAGE, new Recorder());
    handler.close();

    ConnectionException send =
        assertThrows(ConnectionException.class, () -> handler.send(new TextData("late")));
    assertEquals(Optional.of("closed-a"), send.connectionName());
    assertThrows(
        ConnectionException.class, () -> handler.send(Message.builder(MessageType.STATUS).build()));
    Message someRequest = Message.builder(MessageType.COMMAND).correlationId(5).build();
    assertThrows(ConnectionException.class, () -> handler.reply(someRequest, new TextData("late")));
    assertThrows(
        ConnectionException.class, () -> handler.replyError(someRequest, new TextData("late")));
    CompletableFuture<Message> request = handler.request(new TextData("late"), DEADLINE);
    assertEquals(
        Optional.of("closed-a"),
        failedAlready(request, ConnectionException.class).connectionName());
    assertEquals(0, handler.pendingRequests());

    assertDoesNotThrow(handler::close);
    assertEquals(0, handler.statistics().sent());
    assertEquals(ConnectionState.CONNECTED, cable.a().state());
    // the protocol still works for others: raw bytes still reach the peer's handler
    cable.a().send(Fixture.frame(Fixture.text("raw after close")));
    await().atMost(DEADLINE).until(() -> !atB.messages.isEmpty());
    assertEquals("raw after close", atB.messages.get(0).text());
  }

  @Test
  void closeDiscardsWhatIsQueuedAsExpiredAndHandsNothingToTheProtocol() {
    LoopbackReqResProtocol.Cable cable = fx.cable("discard-a", "discard-b", 100);
    Recorder events = new Recorder();
    NetworkHandler handler = fx.handler(cable.a(), events, HandlerSettings.DEFAULT);
    for (int i = 0; i < 3; i++) {
      handler.send(new TextData("queued-" + i));
    }
    assertEquals(3, handler.statistics().queued());

    handler.close();

    assertEquals(0, handler.statistics().queued());
    assertEquals(3, handler.statistics().expired());
    assertEquals(ConnectionState.DISCONNECTED, cable.a().state());
    cable.a().connect();
    cable.b().connect();
    assertEquals(Optional.empty(), cable.b().read(Duration.ofMillis(50)));
    assertTrue(events.events.isEmpty(), "a closed handler no longer follows the protocol");
  }
}
