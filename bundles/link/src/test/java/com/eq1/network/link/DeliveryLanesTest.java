package com.eq1.network.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeliveryLanesTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  @Test
  void eachLaneDeliversInOrderAndNeverTwoAtOnce() {
    DeliveryLanes lanes = new DeliveryLanes("plant", "test-lanes", 100_000);
    List<Integer> a = new CopyOnWriteArrayList<>();
    List<Integer> b = new CopyOnWriteArrayList<>();
    int[] concurrent = {0};
    int[] maxConcurrent = {0};
    for (int i = 0; i < 20_000; i++) {
      int n = i;
      assertTrue(
          lanes.offer(
              "a",
              () -> {
                synchronized (concurrent) { // only lane a's deliveries touch these
                  maxConcurrent[0] = Math.max(maxConcurrent[0], ++concurrent[0]);
                }
                a.add(n);
                synchronized (concurrent) {
                  concurrent[0]--;
                }
              }));
      assertTrue(lanes.offer("b", () -> b.add(n)));
    }
    await().atMost(DEADLINE).until(() -> a.size() == 20_000 && b.size() == 20_000);
    List<Integer> expected = IntStream.range(0, 20_000).boxed().toList();
    assertEquals(expected, a);
    assertEquals(expected, b);
    assertEquals(1, maxConcurrent[0]);
    assertTrue(lanes.close(DEADLINE));
    assertEquals(0, lanes.threads());
  }

  @Test
  void aBlockedLaneDoesNotHoldUpAnotherAndAFullOneRefusesAlone() throws Exception {
    DeliveryLanes lanes = new DeliveryLanes("plant", "test-lanes", 3);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    List<String> done = new CopyOnWriteArrayList<>();
    assertTrue(
        lanes.offer(
            "slow",
            () -> {
              entered.countDown();
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              done.add("slow");
            }));
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    for (int i = 0; i < 3; i++) {
      assertTrue(lanes.offer("slow", () -> done.add("slow")));
    }
    assertFalse(lanes.offer("slow", () -> done.add("never")), "fourth waiting: refused");
    assertEquals(1, lanes.refused());

    for (int i = 0; i < 100; i++) {
      int n = i;
      lanes.offer("fast", () -> done.add("fast" + n));
      await().atMost(DEADLINE).until(() -> done.contains("fast" + n)); // each while slow hangs
    }
    assertEquals(3, lanes.pending());
    release.countDown();
    await().atMost(DEADLINE).until(() -> done.stream().filter("slow"::equals).count() == 4);
    assertFalse(done.contains("never"));
    assertTrue(lanes.close(DEADLINE));
  }

  @Test
  void aThrowingDeliveryIsLoggedAndTheLaneGoesOn() {
    DeliveryLanes lanes = new DeliveryLanes("plant", "test-lanes", 10);
    List<Integer> done = new CopyOnWriteArrayList<>();
    lanes.offer("l", () -> done.add(1));
    lanes.offer(
        "l",
        () -> {
          throw new AssertionError("listener bug");
        });
    lanes.offer("l", () -> done.add(3));
    await().atMost(DEADLINE).until(() -> done.equals(List.of(1, 3)));
    lanes.close();
  }

  @Test
  void closeDeliversWhatWaitsThenRefusesAndCountsWhatCouldNotRun() throws Exception {
    DeliveryLanes lanes = new DeliveryLanes("plant", "test-lanes", 10);
    List<Integer> done = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      lanes.offer("l", () -> done.add(n));
    }
    assertTrue(lanes.close(DEADLINE));
    assertEquals(List.of(0, 1, 2, 3, 4), done);
    assertFalse(lanes.offer("l", () -> done.add(9)));
    assertEquals(1, lanes.refused());

    DeliveryLanes stuck = new DeliveryLanes("plant", "test-stuck", 10);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    stuck.offer(
        "l",
        () -> {
          entered.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutdownNow interrupts the stuck delivery
          }
        });
    assertTrue(entered.await(10, TimeUnit.SECONDS));
    stuck.offer("l", () -> done.add(99));
    stuck.close(Duration.ofMillis(200));
    assertEquals(1, stuck.refused(), "the one still queued is counted");
    assertFalse(done.contains(99));
    release.countDown();
  }

  @Test
  void aLaneIsForgottenOnlyOnceIdle() {
    DeliveryLanes lanes = new DeliveryLanes("plant", "test-lanes", 10);
    List<Integer> done = new CopyOnWriteArrayList<>();
    lanes.offer("l", () -> done.add(1));
    lanes.remove("l");
    await().atMost(DEADLINE).until(() -> done.size() == 1);
    lanes.remove("l");
    assertEquals(0, lanes.pending());
    assertThrows(IllegalArgumentException.class, () -> new DeliveryLanes("p", "t", 0));
    lanes.close();
  }
}
