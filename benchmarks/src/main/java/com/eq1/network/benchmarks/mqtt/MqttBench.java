package com.eq1.network.benchmarks.mqtt;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * MQTT end to end against one broker, EQ-1 ({@link Eq1Pair}) and raw Paho ({@link PahoPair}) side
 * by side in one JVM: threads per connection, pub-to-sub throughput at QoS 0, 1 and 2, and latency
 * at a fixed rate. Run by {@code benchmarks/mqtt-bench.sh}, which starts its own Mosquitto; prints
 * each run as it goes and a Markdown table at the end.
 *
 * <p>Throughput: the publisher sends {@code n} 100-byte messages as fast as its in-flight window
 * lets it; the rate is the messages the subscriber counted over the time from the first publish to
 * the last delivery. One warm-up run per implementation and QoS, then {@code iterations} measured
 * runs, the two implementations alternating which goes first; the median counts. A run in which a
 * publish is refused stops publishing there; its rate is what was delivered of what was accepted,
 * and the table says how many runs were cut short.
 *
 * <p>Latency: QoS 1 at a fixed rate, each payload carrying its intended send time; the publisher
 * parks until shortly before that time and spins the rest, and latency is taken from the intended
 * time, so a publisher that falls behind is charged for it (no coordinated omission).
 */
public final class MqttBench {

  private static final int PAYLOAD = 100;
  private static final long STALL_MILLIS = 10_000;

  private final BenchOptions options;
  private final Map<String, String> table = new LinkedHashMap<>();
  private byte nextTag = 1;

  private MqttBench(BenchOptions options) {
    this.options = options;
  }

  /**
   * Runs the benchmark.
   *
   * @param args the broker URI, then {@code key=value} options ({@link BenchOptions#USAGE})
   * @throws Exception if a connection failed
   */
  public static void main(String[] args) throws Exception {
    new MqttBench(BenchOptions.parse(args)).run();
  }

  private void run() throws Exception {
    String id = "bench-" + ProcessHandle.current().pid();
    if (options.parts().contains("threads")) {
      threads(id);
    }
    if (options.parts().contains("throughput") || options.parts().contains("latency")) {
      try (PubSubPair eq1 = new Eq1Pair(options.broker(), id + "-eq1", options.inflight());
          PahoPair paho =
              new PahoPair(
                  options.broker(),
                  id + "-paho",
                  options.inflight(),
                  "semaphore".equals(options.pahoWindow()))) {
        List<PubSubPair> pairs = List.of(eq1, paho);
        if (options.parts().contains("throughput")) {
          for (int qos : options.qosLevels()) {
            throughput(pairs, qos);
          }
        }
        if (options.parts().contains("latency")) {
          latency(pairs);
        }
        System.out.printf(
            "raw Paho publishes retried on a full window: %d%n", paho.windowRetries());
      }
    }
    System.out.println();
    System.out.println("| metric | EQ-1 | raw Paho | EQ-1 / Paho |");
    System.out.println("|---|---|---|---|");
    table.forEach((metric, row) -> System.out.println("| " + metric + " | " + row + " |"));
  }

  private void threads(String id) throws Exception {
    ThreadCensus.Result paho = ThreadCensus.paho(options.broker(), id + "-tp", options.inflight());
    ThreadCensus.Result eq1 = ThreadCensus.eq1(options.broker(), id + "-te", options.inflight());
    for (ThreadCensus.Result result : List.of(eq1, paho)) {
      System.out.printf(
          "threads: %s first connection +%d %s; third +%d %s%n",
          result == eq1 ? "eq1" : "paho",
          result.first(),
          result.firstNames(),
          result.further(),
          result.furtherNames());
    }
    table.put(
        "threads added by the first connection (EQ-1: with its manager)",
        "+" + eq1.first() + " | +" + paho.first() + " | " + diff(eq1.first(), paho.first()));
    table.put(
        "threads added by each further connection",
        "+"
            + eq1.further()
            + " | +"
            + paho.further()
            + " | "
            + diff(eq1.further(), paho.further()));
  }

  private static String diff(int eq1, int paho) {
    return (eq1 - paho >= 0 ? "+" : "") + (eq1 - paho);
  }

  // --- throughput ------------------------------------------------------------------------------

  private void throughput(List<PubSubPair> pairs, int qos) throws Exception {
    int n = options.messages()[qos];
    Map<PubSubPair, Receiver> receivers = new LinkedHashMap<>();
    for (PubSubPair pair : pairs) {
      receivers.put(pair, subscribe(pair, topic(pair, "qos" + qos), qos));
    }
    Map<PubSubPair, List<Run>> runs = new LinkedHashMap<>();
    for (PubSubPair pair : pairs) {
      once(pair, receivers.get(pair), qos, n, "warm-up");
      runs.put(pair, new ArrayList<>());
    }
    for (int i = 0; i < options.iterations(); i++) {
      List<PubSubPair> order = new ArrayList<>(pairs);
      if (i % 2 == 1) {
        java.util.Collections.reverse(order);
      }
      for (PubSubPair pair : order) {
        runs.get(pair).add(once(pair, receivers.get(pair), qos, n, "run " + (i + 1)));
      }
    }
    List<Run> eq1 = runs.get(pairs.get(0));
    List<Run> paho = runs.get(pairs.get(1));
    System.out.printf(
        "QoS %d medians: eq1 %.0f, paho %.0f msgs/s; all runs eq1 %s, paho %s%n",
        qos, median(eq1), median(paho), kilo(eq1), kilo(paho));
    table.put(
        "QoS "
            + qos
            + " pub→sub throughput, median of "
            + options.iterations()
            + " ("
            + n
            + " msgs)",
        cell(eq1)
            + " | "
            + cell(paho)
            + String.format(Locale.ROOT, " | %.2f", median(eq1) / median(paho)));
  }

  private static String cell(List<Run> runs) {
    long refused = runs.stream().filter(run -> run.refusal() != null).count();
    return String.format(Locale.ROOT, "%,.0f msgs/s", median(runs))
        + (refused == 0
            ? ""
            : " (" + refused + " of " + runs.size() + " runs cut short: publish refused)");
  }

  /**
   * One throughput run.
   *
   * @param rate messages delivered per second
   * @param refusal why a publish was refused and the run cut short, or {@code null}
   */
  private record Run(double rate, String refusal) {}

  private Run once(PubSubPair pair, Receiver receiver, int qos, int n, String what)
      throws Exception {
    byte tag = tag();
    byte[] payload = new byte[PAYLOAD];
    payload[0] = tag;
    receiver.expect(tag, null);
    String topic = topic(pair, "qos" + qos);
    String refusal = null;
    int sent = 0;
    long start = System.nanoTime();
    try {
      for (; sent < n; sent++) {
        pair.publish(topic, payload, qos);
      }
    } catch (RuntimeException | MqttException e) {
      refusal = e.getMessage(); // what the application would see
    }
    long published = System.nanoTime() - start;
    long delivered = receiver.await(sent, STALL_MILLIS);
    long took = receiver.lastNanos() - start;
    double rate = delivered * 1e9 / took;
    System.out.printf(
        "QoS %d %-4s %-7s %,9.0f msgs/s  (%d of %d delivered in %d ms; published in %d ms)%s%n",
        qos,
        pair.label(),
        what,
        rate,
        delivered,
        n,
        TimeUnit.NANOSECONDS.toMillis(took),
        TimeUnit.NANOSECONDS.toMillis(published),
        refusal == null ? "" : "\n    publish " + (sent + 1) + " refused: " + refusal);
    return new Run(rate, refusal);
  }

  // --- latency ---------------------------------------------------------------------------------

  private void latency(List<PubSubPair> pairs) throws Exception {
    Map<PubSubPair, Histogram> results = new LinkedHashMap<>();
    for (PubSubPair pair : pairs) {
      Receiver receiver = subscribe(pair, topic(pair, "latency"), 1);
      paced(pair, receiver, options.warmupSeconds(), null);
      Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
      paced(pair, receiver, options.seconds(), histogram);
      results.put(pair, histogram);
      System.out.printf(
          "latency %-4s QoS 1 at %d msgs/s: %d messages, p50 %.0f µs, p90 %.0f, p99 %.0f,"
              + " p99.9 %.0f, max %.0f µs%n",
          pair.label(),
          options.rate(),
          histogram.getTotalCount(),
          micros(histogram, 50),
          micros(histogram, 90),
          micros(histogram, 99),
          micros(histogram, 99.9),
          histogram.getMaxValue() / 1e3);
    }
    Histogram eq1 = results.get(pairs.get(0));
    Histogram paho = results.get(pairs.get(1));
    for (double percentile : new double[] {50, 99, 99.9}) {
      double a = micros(eq1, percentile);
      double b = micros(paho, percentile);
      table.put(
          "latency p"
              + (percentile == 99.9 ? "99.9" : String.valueOf((int) percentile))
              + ", QoS 1 at "
              + options.rate()
              + " msgs/s",
          String.format(Locale.ROOT, "%.0f µs | %.0f µs | %.2f", a, b, a / b));
    }
  }

  private void paced(PubSubPair pair, Receiver receiver, int seconds, Histogram histogram)
      throws Exception {
    byte tag = tag();
    receiver.expect(tag, histogram);
    long n = (long) options.rate() * seconds;
    long period = TimeUnit.SECONDS.toNanos(1) / options.rate();
    long spin = TimeUnit.MICROSECONDS.toNanos(options.spinMicros());
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
    String topic = topic(pair, "latency");
    for (long i = 0; i < n; i++) {
      long intended = start + i * period;
      long remaining;
      while ((remaining = intended - System.nanoTime()) > spin) {
        LockSupport.parkNanos(remaining - spin);
      }
      while (intended - System.nanoTime() > 0) {
        Thread.onSpinWait();
      }
      byte[] payload = new byte[PAYLOAD];
      payload[0] = tag;
      ByteBuffer.wrap(payload, 1, 8).putLong(intended);
      pair.publish(topic, payload, 1);
    }
    long delivered = receiver.await(n, STALL_MILLIS);
    if (delivered < n) {
      System.out.printf("latency %s: only %d of %d delivered%n", pair.label(), delivered, n);
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private Receiver subscribe(PubSubPair pair, String topic, int qos) throws Exception {
    Receiver receiver = new Receiver();
    pair.subscribe(topic, qos, receiver);
    receiver.awaitProbe(payload -> pair.publish(topic, payload, 1), 10_000);
    return receiver;
  }

  private static String topic(PubSubPair pair, String what) {
    return "bench/" + pair.label() + "/" + what;
  }

  private byte tag() {
    byte tag = nextTag;
    nextTag = (byte) (nextTag == 100 ? 1 : nextTag + 1);
    return tag;
  }

  private static double micros(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1e3;
  }

  private static double median(List<Run> runs) {
    double[] sorted = runs.stream().mapToDouble(Run::rate).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static String kilo(List<Run> runs) {
    return Arrays.toString(
        runs.stream().mapToLong(run -> Math.round(run.rate() / 100) * 100).toArray());
  }
}
