package com.eq1.network.manager;

import static com.eq1.network.manager.Fixture.failedAlready;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.QueueFullException;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.TextData;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Requester's bounded queue: time to live while the link is down, and overflow. */
class NetworkHandlerQueueTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final Fixture fx = new Fixture();

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  @Test
  void staleMessagesExpireInsteadOfBurstingOutAfterConnect() {
    LoopbackReqResProtocol.Cable cable = fx.cable("ttl-a", "ttl-b", 100);
    cable.b().connect();
    Recorder atB = new Recorder();
    fx.handler(cable.b(), atB, HandlerSettings.DEFAULT);
    Recorder atA = new Recorder();
    NetworkHandler a =
        fx.handler(
            cable.a(),
            atA,
            HandlerSettings.DEFAULT.withQueue(
                new QueueSettings(100, Duration.ofMillis(200), OverflowPolicy.REJECT_NEWEST)));

    for (int i = 0; i < 5; i++) {
      a.send(new TextData("stale-" + i));
    }
    HandlerStatistics before = a.statistics();
    assertEquals(5, before.queued() + before.expired());
    assertFalse(a.isConnected());

    await().atMost(DEADLINE).until(() -> a.statistics().expired() == 5);
    assertEquals(0, a.statistics().queued());
    assertEquals(0, a.statistics().sent());

    cable.a().connect();
    await().atMost(DEADLINE).until(() -> atA.events.contains("connected"));
    a.send(new TextData("fresh"));

    await().atMost(DEADLINE).until(() -> !atB.messages.isEmpty());
    assertEquals(List.of("fresh"), atB.texts());
    HandlerStatistics after = a.statistics();
    assertEquals(1, after.sent());
    assertEquals(5, after.expired());
    assertEquals(0, after.dropped());
    assertEquals(1, cable.b().statistics().messagesIn());
  }

  @Test
  void rejectNewestRefusesWithQueueFullExceptionAndCountsIt() throws Exception {
    LoopbackReqResProtocol.Cable cable = fx.cable("full-a", "full-b", 100);
    NetworkHandler a =
        fx.handler(
            cable.a(),
            new Recorder(),
            HandlerSettings.DEFAULT.withQueue(
                new QueueSettings(3, Duration.ofMinutes(1), OverflowPolicy.REJECT_NEWEST)));
    for (int i = 0; i < 3; i++) {
      a.send(new TextData("m-" + i));
    }

    QueueFullException full =
        assertThrows(QueueFullException.class, () -> a.send(new TextData("m-3")));
    assertEquals(Optional.of("full-a"), full.connectionName());
    assertEquals(3, full.capacity());
    assertTrue(full.getMessage().contains("handler queue"), full.getMessage());
    assertEquals(1, a.statistics().dropped());

    CompletableFuture<Message> request = a.request(new TextData("req"), Duration.ofMinutes(1));
    failedAlready(request, QueueFullException.class);
    assertEquals(0, a.pendingRequests());
    HandlerStatistics stats = a.statistics();
    assertEquals(2, stats.dropped());
    assertEquals(3, stats.queued());

    cable.b().connect();
    Recorder atB = new Recorder();
    fx.handler(cable.b(), atB, HandlerSettings.DEFAULT);
    cable.a().connect();

    await().atMost(DEADLINE).until(() -> atB.messages.size() >= 3);
    assertEquals(List.of("m-0", "m-1", "m-2"), atB.texts());
    await().atMost(DEADLINE).until(() -> a.statistics().sent() == 3);
    assertEquals(0, a.statistics().queued());
  }

  @Test
  void dropOldestDiscardsTheOldestAndSendsTheNewestInOrder() {
    LoopbackReqResProtocol.Cable cable = fx.cable("drop-a", "drop-b", 100);
    cable.b().connect();
    Recorder atB = new Recorder();
    fx.handler(cable.b(), atB, HandlerSettings.DEFAULT);
    NetworkHandler a =
        fx.handler(
            cable.a(),
            new Recorder(),
            HandlerSettings.DEFAULT.withQueue(
                new QueueSettings(3, Duration.ofMinutes(1), OverflowPolicy.DROP_OLDEST)));

    for (int i = 0; i < 5; i++) {
      a.send(new TextData("m-" + i));
    }
    assertEquals(2, a.statistics().dropped());
    assertEquals(3, a.statistics().queued());

    cable.a().connect();

    await().atMost(DEADLINE).until(() -> atB.messages.size() >= 3);
    assertEquals(List.of("m-2", "m-3", "m-4"), atB.texts());
    await().atMost(DEADLINE).until(() -> a.statistics().sent() == 3);
    assertEquals(2, a.statistics().dropped());
    assertEquals(0, a.statistics().expired());
  }
}
