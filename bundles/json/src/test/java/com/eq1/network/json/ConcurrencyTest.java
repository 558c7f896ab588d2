package com.eq1.network.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.eq1.network.api.PacketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared Jackson configuration is used from many threads at once. */
class ConcurrencyTest {

  /** Threads working at once. */
  private static final int THREADS = 8;

  /** Round trips per thread. */
  private static final int ROUNDS = 500;

  /**
   * A value each thread encodes and decodes.
   *
   * @param thread the thread number
   * @param round the round
   * @param text some non-ASCII text
   * @param values some numbers
   */
  record Sample(int thread, int round, String text, List<Double> values) {}

  /**
   * Eight threads encode, decode, bind and reject at once through the shared reader and writer;
   * every result is right.
   *
   * @throws Exception if a thread fails or does not finish in time
   */
  @Test
  void encodesDecodesAndRejectsConcurrently() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        tasks.add(
            () -> {
              start.await();
              int checked = 0;
              for (int round = 0; round < ROUNDS; round++) {
                Sample sample =
                    new Sample(thread, round, "t" + thread + "é😀" + round, List.of(round * 0.5));
                byte[] payload = JsonSendData.of(sample).toBytes();
                JsonReceivedData received = JsonReceivedData.DECODER.fromBytes(payload);
                assertEquals(sample, received.as(Sample.class));
                assertEquals(
                    received,
                    JsonReceivedData.fromBytes(JsonSendData.parse(received.toString()).toBytes()));
                byte[] broken = ("{\"thread\":" + thread + ",}").getBytes(UTF_8);
                assertThrows(PacketException.class, () -> JsonReceivedData.fromBytes(broken));
                assertThrows(
                    PacketException.class,
                    () ->
                        received.as(
                            new com.fasterxml.jackson.core.type.TypeReference<Integer>() {}));
                checked++;
              }
              return checked;
            });
      }
      List<Future<Integer>> results = new ArrayList<>();
      for (Callable<Integer> task : tasks) {
        results.add(pool.submit(task));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        assertEquals(ROUNDS, result.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
