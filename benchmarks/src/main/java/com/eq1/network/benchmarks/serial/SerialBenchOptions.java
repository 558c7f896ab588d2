package com.eq1.network.benchmarks.serial;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The serial driver's options, from {@code key=value} arguments.
 *
 * @param parts which parts run: {@code out} (EQ-1 → device), {@code in} (device → EQ-1), {@code at}
 * @param impls which sides run, in this order: {@code eq1}, {@code jserialcomm}, {@code file}
 * @param runs measured runs per implementation and case
 * @param warmups warm-up runs per implementation and case before the first measured one
 * @param rawMiB MiB per raw-framing run, sent in 4 KiB writes
 * @param small messages per length-framing run of 16-byte payloads, host to device
 * @param smallIn the same, device to host (which runs ten times faster)
 * @param large messages per length-framing run of 1 KiB payloads
 * @param atCommands measured AT round trips per implementation and run
 * @param atWarmup AT round trips per implementation before the first measured run
 */
record SerialBenchOptions(
    Set<String> parts,
    List<String> impls,
    int runs,
    int warmups,
    int rawMiB,
    int small,
    int smallIn,
    int large,
    int atCommands,
    int atWarmup) {

  static final String USAGE =
      "usage: SerialBench [parts=out,in,at] [impls=eq1,jserialcomm,file] [runs=5] [warmups=1]"
          + " [rawMiB=64] [small=200000] [smallIn=2000000] [large=50000] [at=10000] [atWarmup=2000]";

  /**
   * Parses the arguments.
   *
   * @param args {@code key=value} pairs
   * @return the options
   * @throws IllegalArgumentException on an unknown key or value
   */
  static SerialBenchOptions parse(String[] args) {
    Map<String, String> all = new HashMap<>();
    for (String arg : args) {
      String[] pair = arg.split("=", 2);
      if (pair.length != 2) {
        throw new IllegalArgumentException("not key=value: " + arg + "\n" + USAGE);
      }
      all.put(pair[0], pair[1]);
    }
    SerialBenchOptions options =
        new SerialBenchOptions(
            Set.of(take(all, "parts", "out,in,at").split(",")),
            List.of(take(all, "impls", "eq1,jserialcomm,file").split(",")),
            Integer.parseInt(take(all, "runs", "5")),
            Integer.parseInt(take(all, "warmups", "1")),
            Integer.parseInt(take(all, "rawMiB", "64")),
            Integer.parseInt(take(all, "small", "200000")),
            Integer.parseInt(take(all, "smallIn", "2000000")),
            Integer.parseInt(take(all, "large", "50000")),
            Integer.parseInt(take(all, "at", "10000")),
            Integer.parseInt(take(all, "atWarmup", "2000")));
    if (!all.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + all.keySet() + "\n" + USAGE);
    }
    if (!Set.of("out", "in", "at").containsAll(options.parts())
        || !Set.of("eq1", "jserialcomm", "file").containsAll(options.impls())) {
      throw new IllegalArgumentException(USAGE);
    }
    return options;
  }

  private static String take(Map<String, String> all, String key, String fallback) {
    String value = all.remove(key);
    return value == null ? fallback : value;
  }
}
