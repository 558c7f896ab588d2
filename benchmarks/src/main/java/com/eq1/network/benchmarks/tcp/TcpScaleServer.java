package com.eq1.network.benchmarks.tcp;

import com.eq1.network.tcp.TcpServer;
import com.eq1.network.tcp.TcpServerSettings;
import com.eq1.network.tcp.TcpSession;
import com.eq1.network.tcp.TcpSessionListener;
import com.eq1.network.tcp.TcpTransport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Connection scale: one server holding many concurrent loopback clients. The clients are plain
 * Netty channels in a second JVM ({@link TcpScaleClients}, started by this one), so this JVM's heap
 * holds only the server. It reports:
 *
 * <ul>
 *   <li>the time from the clients' first connect until the server has accepted all of them (for
 *       EQ-1: until its {@link TcpSessionListener} has heard every session open);
 *   <li>the server's heap per connection: used heap after {@code System.gc()} with every client
 *       connected, minus the same before the first, divided by the number of clients;
 *   <li>the server JVM's live threads, before and with the clients, grouped by name;
 *   <li>as a check that every connection works, the time until the server has read one 100-byte
 *       message sent on each.
 * </ul>
 *
 * <p>Arguments: {@code eq1|netty [clients] [window]}: the server (EQ-1's {@link TcpServer} with
 * {@code maxClients} 20,000 on a default {@link TcpTransport}, or the bare {@link NettyBaseline}
 * server with as many I/O threads), the number of clients (10,000) and how many connects the
 * clients keep in flight (256). Needs a file limit above the number of clients in each JVM; {@code
 * benchmarks/tcp-scale.sh} raises it and runs both servers.
 */
public final class TcpScaleServer {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private TcpScaleServer() {}

  /**
   * Runs one scale measurement.
   *
   * @param args {@code eq1} or {@code netty}, then optionally the client count and connect window
   * @throws Exception if the client JVM cannot be started or the run is interrupted
   */
  public static void main(String[] args) throws Exception {
    String impl = args.length > 0 ? args[0] : "eq1";
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    try (Target server = impl.equals("netty") ? new NettyTarget() : new Eq1Target()) {
      run(impl, server, clients, window);
    }
  }

  private static void run(String impl, Target server, int clients, int window) throws Exception {
    System.out.printf("%s server on 127.0.0.1:%d, %,d clients%n", impl, server.port(), clients);
    Process process =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                TcpScaleClients.class.getName(),
                "127.0.0.1",
                Integer.toString(server.port()),
                Integer.toString(clients),
                Integer.toString(window))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BlockingQueue<String> lines = follow(process);
    OutputStream commands = process.getOutputStream();
    try {
      expect(lines, "ready");
      long heapBefore = usedHeapAfterGc();
      Map<String, Integer> threadsBefore = threads();
      ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
      threadBean.resetPeakThreadCount();
      send(commands, "open");
      long start = System.nanoTime();
      boolean all = await(server::connected, clients);
      long acceptMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      int accepted = server.connected();
      String clientSide = expect(lines, "connected");
      System.out.printf(
          "accepted %,d of %,d in %,d ms (clients: %s)%n",
          accepted, clients, acceptMillis, clientSide);
      if (!all) {
        System.out.println("RESULT impl=" + impl + " FAILED: not all clients were accepted");
        return;
      }

      TimeUnit.SECONDS.sleep(1); // let connection events settle
      long heapWith = usedHeapAfterGc();
      Map<String, Integer> threadsWith = threads();
      int peakThreads = threadBean.getPeakThreadCount();
      long perConnection = (heapWith - heapBefore) / clients;
      System.out.printf(
          "heap after GC: %,d KB before, %,d KB with %,d connections: %,d B per connection%n",
          heapBefore / 1024, heapWith / 1024, clients, perConnection);
      System.out.printf("threads before: %d %s%n", total(threadsBefore), threadsBefore);
      System.out.printf(
          "threads with %,d connections: %d %s; peak while they connected: %d%n",
          clients, total(threadsWith), threadsWith, peakThreads);

      long receivedBefore = server.received();
      send(commands, "send");
      long sendStart = System.nanoTime();
      boolean allRead = await(() -> (int) (server.received() - receivedBefore), clients);
      long readMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sendStart);
      System.out.printf(
          "one 100-byte message per connection: %,d read in %,d ms%s%n",
          server.received() - receivedBefore, readMillis, allRead ? "" : " (NOT ALL)");
      System.out.printf(
          "after the messages: heap %,d KB after GC; pooled direct memory %,d KB%n",
          usedHeapAfterGc() / 1024,
          PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() / 1024);

      send(commands, "close");
      long closeStart = System.nanoTime();
      process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      await(() -> clients - server.connected(), clients);
      System.out.printf(
          "clients closed; server saw all sessions end after %,d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStart));
      System.out.printf(
          "RESULT impl=%s clients=%d accept_ms=%d heap_per_connection_bytes=%d threads_before=%d"
              + " threads_with_clients=%d threads_peak=%d read_one_each_ms=%d%n",
          impl,
          clients,
          acceptMillis,
          perConnection,
          total(threadsBefore),
          total(threadsWith),
          peakThreads,
          readMillis);
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static boolean await(IntSupplier count, int target) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (count.getAsInt() < target) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(1);
    }
    return true;
  }

  private static BlockingQueue<String> follow(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("error " + e);
              }
            },
            "scale-client-output");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static String expect(BlockingQueue<String> lines, String prefix)
      throws InterruptedException {
    while (true) {
      String line = lines.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      if (line == null) {
        throw new IllegalStateException("the clients did not say '" + prefix + "' in time");
      }
      if (line.startsWith(prefix)) {
        return line;
      }
      System.out.println("clients: " + line);
    }
  }

  private static void send(OutputStream commands, String command) throws IOException {
    commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    commands.flush();
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    long used = 0;
    for (int i = 0; i < 3; i++) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(200);
      used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
    return used;
  }

  /** Live threads by name, with the numbers in the names replaced by {@code #}. */
  private static Map<String, Integer> threads() {
    Map<String, Integer> names = new TreeMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      names.merge(thread.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
    }
    return names;
  }

  private static int total(Map<String, Integer> threads) {
    return threads.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The server under test. */
  private interface Target extends AutoCloseable {

    int port();

    /** Clients connected now. */
    int connected();

    /** Messages read so far. */
    long received();

    @Override
    void close();
  }

  /** EQ-1's server, as an application runs it: a session listener and a thread reading. */
  private static final class Eq1Target implements Target, TcpSessionListener {

    private final TcpTransport transport = new TcpTransport();
    private final TcpServer server;
    private final AtomicInteger connected = new AtomicInteger();
    private final LongAdder received = new LongAdder();
    private final Thread reader;
    private volatile boolean reading = true;

    Eq1Target() {
      server = new TcpServer(TcpServerSettings.of("scale", 0).withMaxClients(20_000), transport);
      server.addSessionListener(this);
      server.connect();
      reader = new Thread(this::read, "scale-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      Duration wait = Duration.ofMillis(100);
      while (reading) {
        if (server.read(wait).isPresent()) {
          received.increment();
        }
      }
    }

    @Override
    public void onOpened(TcpSession session) {
      connected.incrementAndGet();
    }

    @Override
    public void onClosed(TcpSession session, String reason) {
      connected.decrementAndGet();
    }

    @Override
    public int port() {
      return server.port();
    }

    @Override
    public int connected() {
      return connected.get();
    }

    @Override
    public long received() {
      return received.sum();
    }

    @Override
    public void close() {
      reading = false;
      server.close();
      transport.close();
    }
  }

  /** The bare Netty server: length framing and a handler counting channels and frames. */
  private static final class NettyTarget implements Target {

    /** As many I/O threads as {@code new TcpTransport()} makes: one per processor, 2 to 16. */
    private final NettyBaseline netty =
        new NettyBaseline(Math.max(2, Math.min(16, Runtime.getRuntime().availableProcessors())));

    private final Channel listening;
    private final AtomicInteger connected = new AtomicInteger();
    private final LongAdder received = new LongAdder();

    NettyTarget() {
      Counting counting = new Counting();
      listening = netty.listen(() -> counting);
    }

    @Override
    public int port() {
      return ((InetSocketAddress) listening.localAddress()).getPort();
    }

    @Override
    public int connected() {
      return connected.get();
    }

    @Override
    public long received() {
      return received.sum();
    }

    @Override
    public void close() {
      listening.close().syncUninterruptibly();
      netty.close();
    }

    @ChannelHandler.Sharable
    private final class Counting extends ChannelInboundHandlerAdapter {

      @Override
      public void channelActive(ChannelHandlerContext ctx) {
        connected.incrementAndGet();
        ctx.fireChannelActive();
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        connected.decrementAndGet();
        ctx.fireChannelInactive();
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        received.increment();
        ((ByteBuf) msg).release();
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
      }
    }
  }
}
