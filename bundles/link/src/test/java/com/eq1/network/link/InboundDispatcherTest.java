package com.eq1.network.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InboundDispatcherTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String PREFIX = "eq1-test-inbound-plc1";

  private final List<String> delivered = new CopyOnWriteArrayList<>();
  private final CountDownLatch gate = new CountDownLatch(1);
  private final CountDownLatch blocking = new CountDownLatch(1);
  private final List<InboundDispatcher> dispatchers = new ArrayList<>();

  @AfterEach
  void closeAll() {
    gate.countDown();
    dispatchers.forEach(d -> d.close(WAIT));
  }

  private InboundDispatcher dispatcher(int capacity) {
    InboundDispatcher dispatcher = new InboundDispatcher("plc1", PREFIX, capacity);
    dispatchers.add(dispatcher);
    return dispatcher;
  }

  private Runnable deliver(String message) {
    return () -> delivered.add(message);
  }

  /** A delivery that holds the delivery thread until {@link #gate} opens. */
  private Runnable blocker() {
    return () -> {
      blocking.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      delivered.add("blocker");
    };
  }

  /** Occupies the delivery thread so that what is offered next stays queued. */
  private void holdDeliveryThread(InboundDispatcher dispatcher) throws InterruptedException {
    assertTrue(dispatcher.offer(blocker(), Duration.ZERO));
    assertTrue(blocking.await(10, TimeUnit.SECONDS));
  }

  @Test
  void deliversInTheOrderOffered() {
    InboundDispatcher dispatcher = dispatcher(1_000);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      expected.add("m" + i);
      assertTrue(dispatcher.offer(deliver("m" + i), WAIT));
    }

    await().atMost(WAIT).until(() -> delivered.size() == 500);
    assertEquals(expected, delivered);
    assertEquals(0, dispatcher.refused());
  }

  @Test
  void deliversOnItsOwnNamedThread() throws Exception {
    InboundDispatcher dispatcher = dispatcher(10);
    AtomicReference<Thread> thread = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);

    dispatcher.offer(
        () -> {
          thread.set(Thread.currentThread());
          ran.countDown();
        },
        Duration.ZERO);

    assertTrue(ran.await(10, TimeUnit.SECONDS));
    assertEquals(PREFIX + "-1", thread.get().getName());
    assertTrue(thread.get().isDaemon());
    assertNotSame(Thread.currentThread(), thread.get());
  }

  @Test
  void aThrowingDeliveryDoesNotStopTheNextOnes() {
    InboundDispatcher dispatcher = dispatcher(10);

    dispatcher.offer(deliver("before"), Duration.ZERO);
    dispatcher.offer(
        () -> {
          throw new IllegalStateException("listener bug, expected by the test");
        },
        Duration.ZERO);
    dispatcher.offer(deliver("after"), Duration.ZERO);

    await().atMost(WAIT).until(() -> delivered.size() == 2);
    assertEquals(List.of("before", "after"), delivered);
  }

  @Test
  void aDeliveryThatThrowsAnErrorDoesNotEndTheThread() {
    InboundDispatcher dispatcher = dispatcher(10);

    dispatcher.offer(deliver("before"), Duration.ZERO);
    dispatcher.offer(
        () -> {
          throw new AssertionError("failed check in a listener, expected by the test");
        },
        Duration.ZERO);
    dispatcher.offer(deliver("after"), Duration.ZERO);

    await().atMost(WAIT).until(() -> delivered.size() == 2);
    assertEquals(List.of("before", "after"), delivered);
  }

  @Test
  void fullQueueRefusesAtOnceWithZeroWaitAndCountsIt() throws Exception {
    InboundDispatcher dispatcher = dispatcher(2);
    holdDeliveryThread(dispatcher);
    assertTrue(dispatcher.offer(deliver("a"), Duration.ZERO));
    assertTrue(dispatcher.offer(deliver("b"), Duration.ZERO));

    assertFalse(dispatcher.offer(deliver("c"), Duration.ZERO));
    assertFalse(dispatcher.offer(deliver("d"), Duration.ZERO));

    assertEquals(2, dispatcher.refused());
    assertEquals(2, dispatcher.pending());
    gate.countDown();
    await().atMost(WAIT).until(() -> delivered.size() == 3);
    assertEquals(List.of("blocker", "a", "b"), delivered);
    assertEquals(0, dispatcher.pending());
  }

  @Test
  void offerWithAWaitSucceedsOnceRoomAppears() throws Exception {
    InboundDispatcher dispatcher = dispatcher(1);
    holdDeliveryThread(dispatcher);
    assertTrue(dispatcher.offer(deliver("a"), Duration.ZERO));

    CompletableFuture<Boolean> waiting =
        CompletableFuture.supplyAsync(() -> dispatcher.offer(deliver("b"), WAIT));
    assertFalse(waiting.isDone(), "no room while the delivery thread is held");
    gate.countDown();

    assertTrue(waiting.get(10, TimeUnit.SECONDS));
    await().atMost(WAIT).until(() -> delivered.size() == 3);
    assertEquals(List.of("blocker", "a", "b"), delivered);
    assertEquals(0, dispatcher.refused());
  }

  @Test
  void offerWithAWaitGivesUpWhenNoRoomAppears() throws Exception {
    InboundDispatcher dispatcher = dispatcher(1);
    holdDeliveryThread(dispatcher);
    assertTrue(dispatcher.offer(deliver("a"), Duration.ZERO));

    assertFalse(dispatcher.offer(deliver("b"), Duration.ofMillis(20)));

    assertEquals(1, dispatcher.refused());
  }

  @Test
  void interruptedCallerIsRefusedAndKeepsItsInterruptFlag() throws Exception {
    InboundDispatcher dispatcher = dispatcher(1);
    holdDeliveryThread(dispatcher);
    assertTrue(dispatcher.offer(deliver("a"), Duration.ZERO));

    Thread.currentThread().interrupt();
    boolean queued = dispatcher.offer(deliver("b"), WAIT);
    boolean flagKept = Thread.interrupted();

    assertFalse(queued);
    assertTrue(flagKept);
    assertEquals(1, dispatcher.refused());
  }

  @Test
  void closeDeliversWhatWasQueuedThenStopsTheThread() throws Exception {
    InboundDispatcher dispatcher = dispatcher(10);
    AtomicReference<Thread> thread = new AtomicReference<>();
    assertTrue(dispatcher.offer(() -> thread.set(Thread.currentThread()), Duration.ZERO));
    holdDeliveryThread(dispatcher);
    assertTrue(dispatcher.offer(deliver("a"), Duration.ZERO));
    assertTrue(dispatcher.offer(deliver("b"), Duration.ZERO));

    CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> dispatcher.close(WAIT));
    // once closing, new deliveries are refused; only then let the queued ones run
    await().atMost(WAIT).until(() -> !dispatcher.offer(deliver("late"), Duration.ZERO));
    gate.countDown();

    assertTrue(closed.get(20, TimeUnit.SECONDS));
    assertEquals(List.of("blocker", "a", "b"), delivered);
    assertEquals(0, dispatcher.pending());
    thread.get().join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(thread.get().isAlive(), "the delivery thread is gone");
    assertEquals(PREFIX + "-1", thread.get().getName());
  }

  @Test
  void closeOfAFullQueueWaitsForRoomAndStopsAsSoonAsItDrained() throws Exception {
    InboundDispatcher dispatcher = dispatcher(1);
    holdDeliveryThread(dispatcher);
    assertTrue(dispatcher.offer(deliver("a"), Duration.ZERO));

    CompletableFuture<Boolean> closed = new CompletableFuture<>();
    Thread closer = new Thread(() -> closed.complete(dispatcher.close(Duration.ofMinutes(5))));
    closer.start();
    // the queue is full, so close() waits for room for its stop marker
    await().atMost(WAIT).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
    gate.countDown();

    // drained long before the five minutes: the thread stopped gracefully, not by interrupt
    assertTrue(closed.get(20, TimeUnit.SECONDS));
    assertEquals(List.of("blocker", "a"), delivered);
    assertEquals(0, dispatcher.pending());
  }

  @Test
  void offerAfterCloseIsRefusedAndCounted() {
    InboundDispatcher dispatcher = dispatcher(10);
    assertTrue(dispatcher.close(WAIT));

    assertFalse(dispatcher.offer(deliver("late"), Duration.ZERO));
    assertFalse(dispatcher.offer(deliver("later"), WAIT));

    assertEquals(2, dispatcher.refused());
    assertTrue(delivered.isEmpty());
  }

  @Test
  void closeWithoutTimeoutStopsTheThread() throws Exception {
    AtomicReference<Thread> thread = new AtomicReference<>();
    try (InboundDispatcher dispatcher = new InboundDispatcher("plc1", PREFIX, 4)) {
      dispatcher.offer(() -> thread.set(Thread.currentThread()), Duration.ZERO);
      dispatcher.offer(deliver("a"), Duration.ZERO);
    }

    assertEquals(List.of("a"), delivered, "queued before close, so delivered");
    thread.get().join(TimeUnit.SECONDS.toMillis(10));
    assertFalse(thread.get().isAlive());
  }

  @Test
  void closingTwiceRefusesNothing() {
    InboundDispatcher dispatcher = dispatcher(10);
    dispatcher.offer(deliver("a"), Duration.ZERO);

    assertTrue(dispatcher.close(WAIT));
    assertTrue(dispatcher.close(WAIT));

    assertEquals(List.of("a"), delivered);
    assertEquals(0, dispatcher.refused());
    assertEquals(0, dispatcher.pending());
  }

  @Test
  void closeCountsWhatItCouldNotDeliverInTime() throws Exception {
    InboundDispatcher dispatcher = dispatcher(10);
    holdDeliveryThread(dispatcher); // gives up only when interrupted
    assertTrue(dispatcher.offer(deliver("a"), Duration.ZERO));
    assertTrue(dispatcher.offer(deliver("b"), Duration.ZERO));

    assertTrue(dispatcher.close(Duration.ofSeconds(1)));

    assertEquals(List.of("blocker"), delivered, "the held delivery was interrupted");
    assertEquals(2, dispatcher.refused(), "a and b were never delivered");
    assertEquals(0, dispatcher.pending());
  }

  @Test
  void closeCountsWhatItCouldNotDeliverWhenTheQueueStaysFull() throws Exception {
    InboundDispatcher dispatcher = dispatcher(1);
    holdDeliveryThread(dispatcher);
    assertTrue(dispatcher.offer(deliver("a"), Duration.ZERO));

    assertTrue(dispatcher.close(Duration.ofMillis(500)));

    assertEquals(List.of("blocker"), delivered);
    assertEquals(1, dispatcher.refused(), "a was never delivered");
    assertEquals(0, dispatcher.pending());
  }

  @Test
  void interruptedCloseStopsTheThreadCountsTheRestAndKeepsTheFlag() throws Exception {
    InboundDispatcher dispatcher = dispatcher(1);
    holdDeliveryThread(dispatcher); // gives up only when interrupted
    assertTrue(dispatcher.offer(deliver("a"), Duration.ZERO));

    Thread.currentThread().interrupt();
    dispatcher.close(WAIT);
    boolean flagKept = Thread.interrupted();

    assertTrue(flagKept, "the caller's interrupt flag is set again");
    assertEquals(1, dispatcher.refused(), "a was never delivered");
    assertEquals(0, dispatcher.pending());
    await().atMost(WAIT).until(() -> delivered.contains("blocker"));
    assertEquals(List.of("blocker"), delivered);
  }
}
