package com.eq1.network.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.eq1.network.api.QueueFullException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

  private static final Duration TTL = Duration.ofSeconds(10);

  private final AtomicLong nanos = new AtomicLong(1_000_000L);

  private OutboundQueue<String> queue(int capacity, OverflowPolicy policy) {
    return new OutboundQueue<>("plc1", new QueueSettings(capacity, TTL, policy), nanos::get);
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void handsMessagesOutFirstInFirstOut() {
    OutboundQueue<String> queue = queue(10, OverflowPolicy.REJECT_NEWEST);
    queue.offer("a");
    queue.offer("b");
    queue.offer("c");

    assertEquals(3, queue.size());
    assertEquals(Optional.of("a"), queue.poll());
    assertEquals(Optional.of("b"), queue.poll());
    assertEquals(Optional.of("c"), queue.poll());
    assertEquals(Optional.empty(), queue.poll());
    assertEquals(0, queue.size());
  }

  @Test
  void keepsTheSettings() {
    QueueSettings settings = new QueueSettings(5, TTL, OverflowPolicy.DROP_OLDEST);

    assertSame(settings, new OutboundQueue<String>("plc1", settings, nanos::get).settings());
  }

  @Test
  void requiresSettingsClockAndItem() {
    QueueSettings settings = QueueSettings.DEFAULT;
    assertThrows(NullPointerException.class, () -> new OutboundQueue<String>("plc1", null));
    assertThrows(
        NullPointerException.class, () -> new OutboundQueue<String>("plc1", settings, null));
    OutboundQueue<String> queue = queue(1, OverflowPolicy.REJECT_NEWEST);
    assertThrows(NullPointerException.class, () -> queue.offer(null));
    assertEquals(0, queue.size());
  }

  @Test
  void worksWithTheSystemClock() {
    OutboundQueue<String> queue = new OutboundQueue<>("plc1", QueueSettings.DEFAULT);
    queue.offer("a");

    assertEquals(1, queue.size());
    assertEquals(Optional.of("a"), queue.poll());
  }

  @Test
  void messageExpiresWhenItsTimeToLiveRunsOut() {
    OutboundQueue<String> queue = queue(10, OverflowPolicy.REJECT_NEWEST);
    queue.offer("old");
    advance(Duration.ofSeconds(4));
    queue.offer("new");

    advance(TTL.minusSeconds(4).minusNanos(1));
    assertEquals(2, queue.size(), "one nanosecond before its deadline the message is alive");
    assertEquals(0, queue.expired());

    advance(Duration.ofNanos(1));
    assertEquals(1, queue.size(), "size counts only messages that have not expired");
    assertEquals(1, queue.expired());
    assertEquals(Optional.of("new"), queue.poll());
  }

  @Test
  void pollSkipsAndCountsExpiredMessages() {
    OutboundQueue<String> queue = queue(10, OverflowPolicy.REJECT_NEWEST);
    queue.offer("a");
    queue.offer("b");
    advance(Duration.ofSeconds(1));
    queue.offer("c");

    advance(TTL.minusMillis(500));

    assertEquals(Optional.of("c"), queue.poll());
    assertEquals(2, queue.expired());
    assertEquals(Optional.empty(), queue.poll());
  }

  @Test
  void expiryWorksAcrossTheNanoClockWrapAround() {
    nanos.set(Long.MAX_VALUE - Duration.ofSeconds(5).toNanos());
    OutboundQueue<String> queue = queue(10, OverflowPolicy.REJECT_NEWEST);
    queue.offer("a");

    advance(Duration.ofSeconds(9)); // the clock overflows to negative values
    assertTrue(nanos.get() < 0);
    assertEquals(1, queue.size());

    advance(Duration.ofSeconds(1));
    assertEquals(0, queue.size());
    assertEquals(1, queue.expired());
  }

  @Test
  void rejectNewestRefusesAndKeepsWhatWasQueued() {
    OutboundQueue<String> queue = queue(2, OverflowPolicy.REJECT_NEWEST);
    queue.offer("a");
    queue.offer("b");

    QueueFullException e = assertThrows(QueueFullException.class, () -> queue.offer("c"));

    assertEquals(2, e.capacity());
    assertEquals(Optional.of("plc1"), e.connectionName());
    assertEquals(1, queue.dropped());
    assertEquals(0, queue.expired());
    List<String> drained = new ArrayList<>();
    assertEquals(2, queue.drainTo(drained::add));
    assertEquals(List.of("a", "b"), drained);
  }

  @Test
  void aFullQueueNamesItselfInTheException() {
    OutboundQueue<String> queue =
        new OutboundQueue<>(
            "plc1",
            "hold queue",
            new QueueSettings(1, TTL, OverflowPolicy.REJECT_NEWEST),
            nanos::get);
    queue.offer("a");

    QueueFullException e = assertThrows(QueueFullException.class, () -> queue.offer("b"));

    assertEquals("[plc1] hold queue full (1 messages); message rejected", e.getMessage());
  }

  @Test
  void rejectNewestCountsEachRefusal() {
    OutboundQueue<String> queue = queue(1, OverflowPolicy.REJECT_NEWEST);
    queue.offer("a");

    assertThrows(QueueFullException.class, () -> queue.offer("b"));
    assertThrows(QueueFullException.class, () -> queue.offer("c"));

    assertEquals(2, queue.dropped());
    assertEquals(Optional.of("a"), queue.poll());
  }

  @Test
  void expiredMessagesMakeRoomBeforeTheQueueCountsAsFull() {
    OutboundQueue<String> queue = queue(2, OverflowPolicy.REJECT_NEWEST);
    queue.offer("a");
    queue.offer("b");
    advance(TTL);

    queue.offer("c");
    queue.offer("d");

    assertEquals(0, queue.dropped());
    assertEquals(2, queue.expired());
    assertEquals(Optional.of("c"), queue.poll());
    assertEquals(Optional.of("d"), queue.poll());
  }

  @Test
  void dropOldestDiscardsTheHeadAndCountsIt() {
    OutboundQueue<String> queue = queue(2, OverflowPolicy.DROP_OLDEST);
    queue.offer("a");
    queue.offer("b");

    queue.offer("c");
    queue.offer("d");

    assertEquals(2, queue.dropped());
    assertEquals(0, queue.expired());
    assertEquals(2, queue.size());
    assertEquals(Optional.of("c"), queue.poll());
    assertEquals(Optional.of("d"), queue.poll());
  }

  @Test
  void drainHandsOnEveryUnexpiredMessageOldestFirst() {
    OutboundQueue<String> queue = queue(10, OverflowPolicy.REJECT_NEWEST);
    queue.offer("expired");
    advance(Duration.ofSeconds(5));
    queue.offer("x");
    queue.offer("y");
    queue.offer("z");
    advance(Duration.ofSeconds(5));

    List<String> drained = new ArrayList<>();
    int count = queue.drainTo(drained::add);

    assertEquals(3, count);
    assertEquals(List.of("x", "y", "z"), drained);
    assertEquals(1, queue.expired());
    assertEquals(0, queue.size());
  }

  @Test
  void drainOfAnEmptyQueueHandsOnNothing() {
    OutboundQueue<String> queue = queue(10, OverflowPolicy.REJECT_NEWEST);

    assertEquals(0, queue.drainTo(item -> fail("nothing to drain")));
  }

  @Test
  void drainStopsAtAFailingSinkAndKeepsTheRest() {
    OutboundQueue<String> queue = queue(10, OverflowPolicy.REJECT_NEWEST);
    queue.offer("a");
    queue.offer("b");
    queue.offer("c");
    List<String> accepted = new ArrayList<>();

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                queue.drainTo(
                    item -> {
                      if (item.equals("b")) {
                        throw new IllegalStateException("write failed");
                      }
                      accepted.add(item);
                    }));

    assertEquals("write failed", e.getMessage());
    assertEquals(List.of("a"), accepted);
    assertEquals(1, queue.size(), "the message handed to the failing sink is gone");
    assertEquals(Optional.of("c"), queue.poll());
    assertEquals(0, queue.dropped());
    assertEquals(0, queue.expired());
  }

  @Test
  void sinkMayOfferBackWithoutDeadlock() {
    OutboundQueue<String> queue = queue(10, OverflowPolicy.REJECT_NEWEST);
    queue.offer("a");
    List<String> drained = new ArrayList<>();

    queue.drainTo(
        item -> {
          drained.add(item);
          if (item.equals("a")) {
            queue.offer("again");
          }
        });

    assertEquals(List.of("a", "again"), drained);
  }

  @Test
  void expireAllDiscardsAndCountsEverything() {
    OutboundQueue<String> queue = queue(10, OverflowPolicy.REJECT_NEWEST);
    queue.offer("a");
    queue.offer("b");
    queue.offer("c");

    assertEquals(3, queue.expireAll());

    assertEquals(3, queue.expired());
    assertEquals(0, queue.size());
    assertEquals(Optional.empty(), queue.poll());
    assertEquals(0, queue.expireAll());
    assertEquals(3, queue.expired());
  }

  @Test
  void concurrentOffersLoseNothing() throws Exception {
    OutboundQueue<Integer> queue =
        new OutboundQueue<>(
            "plc1", new QueueSettings(100_000, TTL, OverflowPolicy.REJECT_NEWEST), nanos::get);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int base = t * 10_000;
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10_000; i++) {
                    queue.offer(base + i);
                  }
                }));
      }
      for (Future<?> writer : writers) {
        writer.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(40_000, queue.size());
    List<Integer> drained = new ArrayList<>();
    queue.drainTo(drained::add);
    assertEquals(40_000, drained.stream().distinct().count());
  }
}
