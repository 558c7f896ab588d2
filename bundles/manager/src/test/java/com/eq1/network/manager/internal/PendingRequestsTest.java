package com.eq1.network.manager.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.MessageType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The table of requests waiting for replies, on a real timer. */
class PendingRequestsTest {

  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
  private final LongAdder timeouts = new LongAdder();
  private final List<String> completedOn = new CopyOnWriteArrayList<>();
  private final PendingRequests pending =
      new PendingRequests(
          "table",
          timer,
          completion -> {
            completedOn.add(Thread.currentThread().getName());
            completion.run();
          },
          timeouts);

  PendingRequestsTest() {
    timer.setRemoveOnCancelPolicy(true);
  }

  @AfterEach
  void stop() throws InterruptedException {
    timer.shutdownNow();
    assertTrue(timer.awaitTermination(5, TimeUnit.SECONDS));
  }

  private static Message reply(long id) {
    return Message.builder(MessageType.RESPONSE).correlationId(id).build();
  }

  @Test
  void idsCountUpFromOne() {
    assertEquals(1, pending.nextId());
    assertEquals(2, pending.nextId());
    assertEquals(3, pending.nextId());
  }

  @Test
  void aReplyCompletesItsRequestOnlyOnce() throws Exception {
    CompletableFuture<Message> future = pending.open(7, Duration.ofMinutes(1));
    assertEquals(1, pending.size());

    assertTrue(pending.complete(reply(7)));
    assertFalse(pending.complete(reply(7)), "a second reply is unmatched");
    assertFalse(pending.complete(reply(8)), "an unknown id is unmatched");

    assertEquals(7, future.get(5, TimeUnit.SECONDS).correlationId());
    assertEquals(0, pending.size());
    assertEquals(1, completedOn.size(), "completions go through the completer");
    assertTrue(timer.getQueue().isEmpty(), "the timeout was cancelled");
  }

  @Test
  void aRequestWithoutReplyTimesOutAndIsCounted() throws Exception {
    CompletableFuture<Message> future = pending.open(3, Duration.ofMillis(50));

    ExecutionException e =
        assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
    ProtocolTimeoutException timeout =
        assertInstanceOf(ProtocolTimeoutException.class, e.getCause());
    assertEquals("[table] no reply to request 3 within PT0.05S", timeout.getMessage());
    await().atMost(Duration.ofSeconds(5)).until(() -> timeouts.sum() == 1);
    assertEquals(0, pending.size());
    assertFalse(pending.complete(reply(3)), "a late reply is unmatched");
  }

  @Test
  void failingEndsOneRequestAndIgnoresUnknownIds() {
    CompletableFuture<Message> failed = pending.open(1, Duration.ofMinutes(1));
    CompletableFuture<Message> other = pending.open(2, Duration.ofMinutes(1));
    ConnectionException error = new ConnectionException("table", "send failed");

    pending.fail(1, error);
    pending.fail(99, error);

    assertTrue(failed.isCompletedExceptionally());
    ExecutionException e = assertThrows(ExecutionException.class, failed::get);
    assertSame(error, e.getCause());
    assertFalse(other.isDone());
    assertEquals(1, pending.size());
    assertEquals(0, timeouts.sum());
  }

  @Test
  void failAllEndsEveryRequestOnTheCallingThread() {
    List<CompletableFuture<Message>> futures =
        List.of(
            pending.open(1, Duration.ofMinutes(1)),
            pending.open(2, Duration.ofMinutes(1)),
            pending.open(3, Duration.ofMinutes(1)));
    ConnectionException closed = new ConnectionException("table", "handler closed");

    pending.failAll(closed);

    for (CompletableFuture<Message> future : futures) {
      assertTrue(future.isCompletedExceptionally());
    }
    assertEquals(0, pending.size());
    assertTrue(completedOn.isEmpty(), "not through the completer");
    assertTrue(timer.getQueue().isEmpty(), "every timeout was cancelled");
  }

  @Test
  void cancellingTheFutureRemovesTheRequestAndItsTimeout() {
    CompletableFuture<Message> future = pending.open(4, Duration.ofMinutes(1));

    future.cancel(false);

    assertEquals(0, pending.size());
    assertTrue(timer.getQueue().isEmpty());
    assertFalse(pending.complete(reply(4)));
  }

  @Test
  void openingOnAStoppedTimerIsRefused() {
    timer.shutdownNow();

    assertThrows(RejectedExecutionException.class, () -> pending.open(1, Duration.ofSeconds(1)));
    assertEquals(0, pending.size());
  }
}
