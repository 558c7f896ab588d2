package com.eq1.network.benchmarks.mqtt;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The driver's options, from {@code key=value} arguments after the broker URI.
 *
 * @param broker the broker URI, {@code tcp://127.0.0.1:<port>}
 * @param parts which parts run: {@code threads}, {@code throughput}, {@code latency}
 * @param qosLevels the QoS levels of the throughput part
 * @param iterations measured throughput iterations per implementation and QoS
 * @param messages messages per throughput iteration at QoS 0, 1 and 2
 * @param inflight the in-flight window of both implementations
 * @param pahoWindow how the raw Paho publisher keeps to the window: {@code semaphore} (its own,
 *     released as acknowledgements complete) or {@code paho} (Paho's refusal, retried, as EQ-1
 *     does)
 * @param rate the latency run's publish rate, messages per second
 * @param seconds the latency run's measured duration
 * @param warmupSeconds the latency run's warm-up at the same rate
 * @param spinMicros how long before each intended send time the paced publisher stops parking and
 *     spins
 */
record BenchOptions(
    String broker,
    Set<String> parts,
    int[] qosLevels,
    int iterations,
    int[] messages,
    int inflight,
    String pahoWindow,
    int rate,
    int seconds,
    int warmupSeconds,
    int spinMicros) {

  static final String USAGE =
      "usage: MqttBench tcp://127.0.0.1:<port> [parts=threads,throughput,latency] [qos=0,1,2]"
          + " [iterations=5] [qos0=200000] [qos1=100000] [qos2=50000] [inflight=1000] [pahoWindow=semaphore] [rate=5000] [seconds=20]"
          + " [warmup=5] [spin=50]";

  /**
   * Parses the arguments.
   *
   * @param args the broker URI, then {@code key=value} pairs
   * @return the options
   * @throws IllegalArgumentException on an unknown key or a missing broker
   */
  static BenchOptions parse(String[] args) {
    if (args.length == 0 || !args[0].startsWith("tcp://")) {
      throw new IllegalArgumentException(USAGE);
    }
    Map<String, String> given = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] pair = args[i].split("=", 2);
      if (pair.length != 2) {
        throw new IllegalArgumentException("not key=value: " + args[i] + "\n" + USAGE);
      }
      given.put(pair[0], pair[1]);
    }
    Map<String, String> all = new HashMap<>(given);
    BenchOptions options =
        new BenchOptions(
            args[0],
            Set.of(take(all, "parts", "threads,throughput,latency").split(",")),
            Arrays.stream(take(all, "qos", "0,1,2").split(","))
                .mapToInt(Integer::parseInt)
                .toArray(),
            Integer.parseInt(take(all, "iterations", "5")),
            new int[] {
              Integer.parseInt(take(all, "qos0", "200000")),
              Integer.parseInt(take(all, "qos1", "100000")),
              Integer.parseInt(take(all, "qos2", "50000"))
            },
            Integer.parseInt(take(all, "inflight", "1000")),
            take(all, "pahoWindow", "semaphore"),
            Integer.parseInt(take(all, "rate", "5000")),
            Integer.parseInt(take(all, "seconds", "20")),
            Integer.parseInt(take(all, "warmup", "5")),
            Integer.parseInt(take(all, "spin", "50")));
    if (!Set.of("semaphore", "paho").contains(options.pahoWindow())) {
      throw new IllegalArgumentException("pahoWindow is semaphore or paho\n" + USAGE);
    }
    if (!all.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + all.keySet() + "\n" + USAGE);
    }
    return options;
  }

  private static String take(Map<String, String> all, String key, String fallback) {
    String value = all.remove(key);
    return value == null ? fallback : value;
  }
}
