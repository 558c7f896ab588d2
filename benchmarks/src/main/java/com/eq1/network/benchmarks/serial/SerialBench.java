package com.eq1.network.benchmarks.serial;

import com.eq1.network.link.NamedThreadFactory;
import com.eq1.network.serial.SerialPorts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Serial end to end over a socat pty pair, EQ-1's {@code SerialProtocol} against the same port used
 * through jSerialComm directly and as a plain file. Run by {@code benchmarks/serial-bench.sh};
 * prints each run as it goes and a Markdown table at the end.
 *
 * <p>Throughput, one way at a time, each case sent as fast as the sender can:
 *
 * <ul>
 *   <li>{@code out} (host → device): the side under test sends {@code n} messages, one write each;
 *       the device (the pair's far end, a file read by one thread) counts bytes. Time from the
 *       first send to the device's last byte.
 *   <li>{@code in} (device → host): the device writes back-to-back frames in writes of about 4 KiB;
 *       the side under test reads until it has them all (EQ-1: {@code read(Duration)} on the
 *       calling thread; the baselines count bytes and decode nothing). Time from the device's first
 *       write to the last read.
 * </ul>
 *
 * <p>Cases: raw framing with 4 KiB messages; length framing with 16-byte and 1 KiB payloads (4
 * bytes of header each on the wire; rates count payload bytes). Warm-up runs, then {@code runs}
 * measured runs per side, the sides rotating which goes first; the median counts.
 *
 * <p>AT round trip: the device answers each line {@code AT} with {@code \r\nOK\r\n} (echo off).
 * EQ-1: {@code AtCommandClient.execute("AT")} on a {@code framing=delimited, delimiter=crlf}
 * connection. Baselines: write {@code AT\r\n}, read until {@code OK\r\n}. One command at a time
 * (closed loop), each timed with {@link System#nanoTime()} into an HdrHistogram.
 */
public final class SerialBench {

  private static final long STALL_MILLIS = 10_000;
  private static final long RUN_LIMIT_SECONDS = 300;
  private static final int DEVICE_WRITE = 4096;

  private final SerialBenchOptions options;
  private final PtyPair pair;
  private final PtyDevice device;
  private final SerialPorts ports;
  private final Map<String, String> table = new LinkedHashMap<>();
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(new NamedThreadFactory("bench-device-writer"));
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("bench-watchdog"));

  /**
   * One throughput case.
   *
   * @param name its name in the output
   * @param mode the framing
   * @param payload payload bytes per message
   * @param messages messages per run
   */
  private record Case(String name, HostSide.Mode mode, int payload, int messages) {
    int frame() {
      return mode == HostSide.Mode.LENGTH ? payload + 4 : payload;
    }

    /** Messages per device write in the {@code in} direction. */
    int perWrite() {
      return Math.max(1, DEVICE_WRITE / frame());
    }

    int runMessages() {
      return messages / perWrite() * perWrite();
    }
  }

  /**
   * One throughput run.
   *
   * @param messagesPerSecond messages per second
   * @param bytesPerSecond payload bytes per second
   */
  private record Run(double messagesPerSecond, double bytesPerSecond) {}

  private SerialBench(SerialBenchOptions options, Path folder) throws Exception {
    this.options = options;
    this.ports = new SerialPorts(folder.resolve("native"));
    ports.ports(); // loads jSerialComm's native library the EQ-1 way, for the baseline too
    this.pair = new PtyPair(folder);
    this.device = new PtyDevice(pair);
  }

  /**
   * Runs the benchmark.
   *
   * @param args {@code key=value} options ({@link SerialBenchOptions#USAGE})
   * @throws Exception if a port failed
   */
  public static void main(String[] args) throws Exception {
    SerialBenchOptions options = SerialBenchOptions.parse(args);
    Path folder = Files.createTempDirectory("eq1-serial-bench");
    SerialBench bench = new SerialBench(options, folder);
    try {
      bench.run();
    } finally {
      bench.pair.close(); // first: the device's blocked read ends with EIO
      bench.device.close();
      bench.writer.shutdownNow();
      bench.watchdog.shutdownNow();
      try (Stream<Path> paths = Files.walk(folder)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private void run() throws Exception {
    System.out.printf(
        "pty pair: %s <-> %s (socat pid %d)%n", pair.port(), pair.device(), pair.pid());
    List<Case> cases =
        List.of(
            new Case("raw, 4 KiB writes", HostSide.Mode.RAW, 4096, options.rawMiB() * 256),
            new Case("length, 16 B", HostSide.Mode.LENGTH, 16, options.small()),
            new Case("length, 1 KiB", HostSide.Mode.LENGTH, 1024, options.large()));
    if (options.parts().contains("out")) {
      for (Case c : cases) {
        throughput("out", c);
      }
    }
    if (options.parts().contains("in")) {
      for (Case c : cases) {
        throughput(
            "in", c.payload() == 16 ? new Case(c.name(), c.mode(), 16, options.smallIn()) : c);
      }
    }
    if (options.parts().contains("at")) {
      roundTrips();
    }
    System.out.println();
    System.out.println(
        "| metric | " + String.join(" | ", options.impls()) + " | EQ-1 / first baseline |");
    System.out.println("|---|" + "---|".repeat(options.impls().size()) + "---|");
    table.forEach((metric, row) -> System.out.println("| " + metric + " | " + row + " |"));
  }

  // --- throughput ------------------------------------------------------------------------------

  private void throughput(String direction, Case c) throws Exception {
    Map<String, List<Run>> runs = new LinkedHashMap<>();
    for (int w = 0; w < options.warmups(); w++) {
      for (String impl : options.impls()) {
        once(direction, c, impl, "warm-up");
      }
    }
    for (String impl : options.impls()) {
      runs.put(impl, new ArrayList<>());
    }
    for (int i = 0; i < options.runs(); i++) {
      for (String impl : rotated(i)) {
        runs.get(impl).add(once(direction, c, impl, "run " + (i + 1)));
      }
    }
    List<String> cells = new ArrayList<>();
    for (List<Run> list : runs.values()) {
      double messages = median(list.stream().mapToDouble(Run::messagesPerSecond).toArray());
      double bytes = median(list.stream().mapToDouble(Run::bytesPerSecond).toArray());
      cells.add(
          c.mode() == HostSide.Mode.RAW
              ? String.format(Locale.ROOT, "%.1f MB/s", bytes / 1e6)
              : String.format(Locale.ROOT, "%,.0f msgs/s (%.1f MB/s)", messages, bytes / 1e6));
    }
    String arrow = "out".equals(direction) ? "host → device" : "device → host";
    table.put(arrow + ", " + c.name(), String.join(" | ", cells) + " | " + ratio(runs));
  }

  private Run once(String direction, Case c, String impl, String what) throws Exception {
    Random random = new Random(c.payload());
    byte[] payload = new byte[c.payload()];
    random.nextBytes(payload);
    byte[] framed = frame(c, payload);
    int n = c.runMessages();
    long payloadBytes = (long) n * c.payload();
    long wireBytes = (long) n * c.frame();
    ScheduledFuture<?> limit =
        watchdog.schedule(SerialBench::stuck, RUN_LIMIT_SECONDS, TimeUnit.SECONDS);
    long start;
    long end;
    long pieces = n;
    try (HostSide host = open(impl, c.mode())) {
      if ("out".equals(direction)) {
        device.sink(wireBytes);
        start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          host.send(payload, framed);
        }
        end = device.awaitSunk(STALL_MILLIS);
      } else {
        byte[] chunk = new byte[framed.length * c.perWrite()];
        for (int i = 0; i < c.perWrite(); i++) {
          System.arraycopy(framed, 0, chunk, i * framed.length, framed.length);
        }
        int writes = n / c.perWrite();
        start = System.nanoTime();
        Future<?> sent =
            writer.submit(
                () -> {
                  for (int i = 0; i < writes; i++) {
                    device.write(chunk, 0, chunk.length);
                  }
                  return null;
                });
        pieces = host.receive(payloadBytes, wireBytes);
        end = System.nanoTime();
        sent.get();
      }
    } finally {
      limit.cancel(false);
    }
    double seconds = (end - start) / 1e9;
    Run run = new Run(n / seconds, payloadBytes / seconds);
    System.out.printf(
        Locale.ROOT,
        "%-3s %-18s %-11s %-7s %,11.0f msgs/s %8.1f MB/s  (%,d msgs in %,d ms; %,d %s)%n",
        direction,
        c.name(),
        impl,
        what,
        run.messagesPerSecond(),
        run.bytesPerSecond() / 1e6,
        n,
        TimeUnit.NANOSECONDS.toMillis(end - start),
        pieces,
        "out".equals(direction) ? "writes" : ("eq1".equals(impl) ? "messages read" : "reads"));
    return run;
  }

  private static byte[] frame(Case c, byte[] payload) {
    if (c.mode() != HostSide.Mode.LENGTH) {
      return payload.clone();
    }
    return ByteBuffer.allocate(payload.length + 4).putInt(payload.length).put(payload).array();
  }

  // --- AT round trip ---------------------------------------------------------------------------

  private void roundTrips() throws Exception {
    Map<String, Histogram> all = new LinkedHashMap<>();
    for (String impl : options.impls()) {
      all.put(impl, new Histogram(TimeUnit.SECONDS.toNanos(60), 3));
    }
    device.modem();
    for (int i = 0; i < options.runs(); i++) {
      for (String impl : rotated(i)) {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        ScheduledFuture<?> limit =
            watchdog.schedule(SerialBench::stuck, RUN_LIMIT_SECONDS, TimeUnit.SECONDS);
        try (HostSide host = open(impl, HostSide.Mode.AT)) {
          int warmup = i == 0 ? options.atWarmup() : options.atWarmup() / 10;
          for (int w = 0; w < warmup; w++) {
            host.at();
          }
          for (int k = 0; k < options.atCommands(); k++) {
            long start = System.nanoTime();
            host.at();
            histogram.recordValue(System.nanoTime() - start);
          }
        } finally {
          limit.cancel(false);
        }
        all.get(impl).add(histogram);
        System.out.printf(
            Locale.ROOT,
            "at  %-11s run %d  %,d round trips: p50 %.0f µs, p90 %.0f, p99 %.0f, p99.9 %.0f,"
                + " max %.0f µs%n",
            impl,
            i + 1,
            histogram.getTotalCount(),
            micros(histogram, 50),
            micros(histogram, 90),
            micros(histogram, 99),
            micros(histogram, 99.9),
            histogram.getMaxValue() / 1e3);
      }
    }
    for (double percentile : new double[] {50, 99, 99.9, 100}) {
      List<String> cells = new ArrayList<>();
      for (Histogram histogram : all.values()) {
        cells.add(String.format(Locale.ROOT, "%,.0f µs", micros(histogram, percentile)));
      }
      Histogram first = all.values().iterator().next();
      Histogram second = new ArrayList<>(all.values()).get(Math.min(1, all.size() - 1));
      String name =
          percentile == 100
              ? "max"
              : "p" + (percentile == 99.9 ? "99.9" : String.valueOf((int) percentile));
      table.put(
          "AT round trip " + name + " (" + all.get(options.impls().get(0)).getTotalCount() + ")",
          String.join(" | ", cells)
              + String.format(
                  Locale.ROOT, " | %.2f", micros(first, percentile) / micros(second, percentile)));
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private HostSide open(String impl, HostSide.Mode mode) throws IOException, InterruptedException {
    return switch (impl) {
      case "eq1" -> new Eq1Host(pair, ports, mode);
      case "jserialcomm" -> RawHost.jSerialComm(pair);
      default -> RawHost.file(pair);
    };
  }

  /** The sides in run {@code i}'s order: each goes first in turn. */
  private List<String> rotated(int i) {
    List<String> order = new ArrayList<>(options.impls());
    java.util.Collections.rotate(order, -(i % order.size()));
    return order;
  }

  private String ratio(Map<String, List<Run>> runs) {
    List<List<Run>> lists = new ArrayList<>(runs.values());
    if (lists.size() < 2) {
      return "—";
    }
    double a = median(lists.get(0).stream().mapToDouble(Run::messagesPerSecond).toArray());
    double b = median(lists.get(1).stream().mapToDouble(Run::messagesPerSecond).toArray());
    return String.format(Locale.ROOT, "%.2f", a / b);
  }

  private static void stuck() {
    System.err.printf("a run took over %d s: stopping%n", RUN_LIMIT_SECONDS);
    System.exit(2);
  }

  private static double micros(Histogram histogram, double percentile) {
    return (percentile >= 100
            ? histogram.getMaxValue()
            : histogram.getValueAtPercentile(percentile))
        / 1e3;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
