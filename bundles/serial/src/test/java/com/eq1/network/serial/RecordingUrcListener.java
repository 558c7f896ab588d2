package com.eq1.network.serial;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects the unsolicited lines it is given, and the names of the threads it ran on. */
final class RecordingUrcListener implements AtUnsolicitedListener {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<String> threads = new CopyOnWriteArrayList<>();

  @Override
  public void unsolicited(String line) {
    threads.add(Thread.currentThread().getName());
    lines.add(line);
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  List<String> threads() {
    return List.copyOf(threads);
  }

  /** Waits up to 10 s until {@code line} has come, and returns all lines so far. */
  List<String> awaitLine(String line) {
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains(line));
    return lines();
  }
}
