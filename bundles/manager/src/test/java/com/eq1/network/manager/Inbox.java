package com.eq1.network.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.eq1.network.api.MessageListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that records "topic=payload" lines, with waits that have a deadline. */
final class Inbox implements MessageListener {

  private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

  @Override
  public void onMessage(String topic, byte[] payload) {
    received.add(topic + "=" + new String(payload, StandardCharsets.UTF_8));
  }

  /** Waits up to five seconds for the next message and checks it. */
  void expect(String line) throws InterruptedException {
    assertEquals(line, received.poll(5, TimeUnit.SECONDS));
  }

  /** Waits up to {@code seconds} for {@code count} messages and returns them in arrival order. */
  List<String> take(int count, int seconds) throws InterruptedException {
    List<String> lines = new ArrayList<>(count);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (lines.size() < count) {
      String line = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null) {
        break;
      }
      lines.add(line);
    }
    return lines;
  }

  /** Checks that nothing arrives within {@code millis}. */
  void expectNothing(long millis) throws InterruptedException {
    assertNull(received.poll(millis, TimeUnit.MILLISECONDS));
  }
}
