package com.eq1.network.benchmarks.tcp;

import com.eq1.network.tcp.TcpClient;
import com.eq1.network.tcp.TcpClientSettings;
import com.eq1.network.tcp.TcpServer;
import com.eq1.network.tcp.TcpServerSettings;
import com.eq1.network.tcp.TcpTransport;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One-way throughput over one loopback TCP connection: a client sends 100-byte length-framed
 * messages as fast as the connection takes them, a server reads and counts them. One operation is
 * one {@code send}; the {@code received} counter is what the server counted in the same iteration,
 * per second. Flow control holds the sender to the reader's pace (a full socket makes {@code send}
 * wait), so the two agree to within what is buffered.
 *
 * <ul>
 *   <li>{@code eq1}: {@link TcpClient#send(byte[])} to a {@link TcpServer} whose messages one
 *       thread takes with {@link TcpServer#read(Duration)}, both on one {@link TcpTransport}.
 *   <li>{@code netty}: the {@link NettyBaseline}: a channel written from the calling thread, a
 *       server pipeline whose last handler counts each frame on the event loop.
 *   <li>{@code nettyFlushConsolidated}: the same with Netty's {@code FlushConsolidationHandler} on
 *       the client, which coalesces the per-message flushes: not the same work as {@code send} (one
 *       socket write per message), but what batching the writes would be worth.
 * </ul>
 *
 * <p>Both use two I/O threads (EQ-1's default on two processors); client and server share them and
 * the JVM.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class TcpThroughputBenchmark {

  static final int IO_THREADS = 2;
  static final byte[] PAYLOAD = new byte[100];

  /** What the server of the running benchmark counted; each benchmark runs in a JVM of its own. */
  static final LongAdder RECEIVED = new LongAdder();

  /** An EQ-1 client connected to an EQ-1 server, and the thread reading the server. */
  @State(Scope.Benchmark)
  public static class Eq1Connection {

    TcpTransport transport;
    TcpServer server;
    TcpClient client;
    private Thread reader;
    private volatile boolean reading = true;

    @Setup(Level.Trial)
    public void open() {
      transport = new TcpTransport(IO_THREADS);
      server = new TcpServer(TcpServerSettings.of("bench-server", 0), transport);
      server.connect();
      client =
          new TcpClient(
              TcpClientSettings.of("bench-client", "127.0.0.1", server.port()), transport);
      client.connect();
      reader = new Thread(this::read, "bench-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      Duration wait = Duration.ofMillis(100);
      while (reading) {
        if (server.read(wait).isPresent()) {
          RECEIVED.increment();
        }
      }
    }

    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
      reading = false;
      reader.join(5_000);
      client.close();
      server.close();
      transport.close();
    }
  }

  /** A raw Netty client connected to a raw Netty server that counts on its event loop. */
  @State(Scope.Benchmark)
  public static class NettyConnection {

    NettyBaseline netty;
    Channel server;
    NettyBaseline.BlockingEnd client;

    @Setup(Level.Trial)
    public void open() {
      netty = new NettyBaseline(IO_THREADS);
      NettyBaseline.Counting counting = new NettyBaseline.Counting(RECEIVED);
      server = netty.listen(() -> counting);
      client = new NettyBaseline.BlockingEnd();
      netty.connect(((InetSocketAddress) server.localAddress()).getPort(), client);
    }

    @TearDown(Level.Trial)
    public void close() {
      server.close().syncUninterruptibly();
      netty.close();
    }
  }

  /**
   * The raw Netty client with Netty's {@code FlushConsolidationHandler}: the same calls, but one
   * socket write per burst of queued messages instead of one per message.
   */
  @State(Scope.Benchmark)
  public static class NettyConsolidatedConnection {

    NettyBaseline netty;
    Channel server;
    NettyBaseline.BlockingEnd client;

    @Setup(Level.Trial)
    public void open() {
      netty = new NettyBaseline(IO_THREADS);
      NettyBaseline.Counting counting = new NettyBaseline.Counting(RECEIVED);
      server = netty.listen(() -> counting);
      client = new NettyBaseline.BlockingEnd();
      netty.connect(((InetSocketAddress) server.localAddress()).getPort(), client, true);
    }

    @TearDown(Level.Trial)
    public void close() {
      server.close().syncUninterruptibly();
      netty.close();
    }
  }

  /** Reports, per iteration, how many messages the server counted, as a rate. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counted {

    private long before;

    @Setup(Level.Iteration)
    public void mark() {
      before = RECEIVED.sum();
    }

    /**
     * Returns the messages the server counted since the iteration started.
     *
     * @return the count
     */
    public long received() {
      return RECEIVED.sum() - before;
    }
  }

  @Benchmark
  public int eq1(Eq1Connection connection, Counted counted) {
    return connection.client.send(PAYLOAD);
  }

  @Benchmark
  public void netty(NettyConnection connection, Counted counted) {
    connection.client.send(PAYLOAD);
  }

  @Benchmark
  public void nettyFlushConsolidated(NettyConsolidatedConnection connection, Counted counted) {
    connection.client.send(PAYLOAD);
  }
}
