package com.eq1.network.mqtt.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.TopicFilter;
import com.eq1.network.link.ConnectionCounters;
import com.eq1.network.link.ConnectionStateMachine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The waiting room for messages that arrive before anyone subscribed, with a clock we move. */
class InboundTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final AtomicLong now = new AtomicLong();
  private final ConnectionCounters counters = new ConnectionCounters();
  private final List<String> got = new CopyOnWriteArrayList<>();

  private static byte[] text(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private String lastError() {
    return counters.snapshot(new ConnectionStateMachine("plant"), null).lastError();
  }

  @Test
  void unclaimedMessagesExpireAndAreCountedNotDelivered() {
    try (Inbound inbound = new Inbound("plant", 10, counters, now::get)) {
      inbound.arrived("a/b", text("old"));
      now.addAndGet(Inbound.UNCLAIMED_TTL.toNanos() + 1);
      inbound.arrived("a/b", text("new"));
      assertTrue(lastError().contains("1 received messages no listener took"), lastError());

      inbound.subscribe(TopicFilter.of("a/#"), 1, (topic, payload) -> got.add(new String(payload)));
      await().atMost(DEADLINE).until(() -> got.size() == 1);
      assertEquals(List.of("new"), got);
    }
  }

  @Test
  void theWaitingRoomKeepsTheNewestUpToItsCapacity() {
    try (Inbound inbound = new Inbound("plant", 3, counters, now::get)) {
      for (int i = 0; i < 5; i++) {
        inbound.arrived("a", text(Integer.toString(i)));
      }
      assertEquals(3, inbound.unclaimed());
      assertTrue(lastError().contains("more than inboundCapacity waiting"), lastError());
      inbound.subscribe(TopicFilter.of("a"), 0, (topic, payload) -> got.add(new String(payload)));
      await().atMost(DEADLINE).until(() -> got.size() == 3);
      assertEquals(List.of("2", "3", "4"), got);
    }
  }

  @Test
  void closingCountsWhatNobodyTook() {
    Inbound inbound = new Inbound("plant", 3, counters, now::get);
    inbound.arrived("a", text("x"));
    inbound.close();
    assertTrue(lastError().contains("closed"), lastError());
  }
}
