package com.eq1.network.benchmarks.tcp;

import com.eq1.network.tcp.TcpClient;
import com.eq1.network.tcp.TcpClientSettings;
import com.eq1.network.tcp.TcpServer;
import com.eq1.network.tcp.TcpServerSettings;
import com.eq1.network.tcp.TcpTransport;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * Request/response round trip over one loopback TCP connection: the caller sends 100 bytes and
 * blocks until the 100-byte answer is back. JMH times each call (sample mode), so the result is the
 * latency distribution: read p0.50, p0.99 and p0.999 in microseconds.
 *
 * <ul>
 *   <li>{@code eq1}: {@link TcpClient#send(byte[])} then {@link TcpClient#read(Duration)}; the
 *       {@link TcpServer} is served by one thread that reads a request and answers it with {@link
 *       TcpServer#send(byte[])}, the way an application uses it.
 *   <li>{@code netty}: the {@link NettyBaseline}: the caller writes the channel, then waits on the
 *       queue its last handler fills; the server echoes each frame from its event loop.
 *   <li>{@code nettyThreadAnswered}: the same client; the server's event loop queues each request
 *       and one application thread answers it, as with EQ-1: the two extra thread hand-offs the
 *       {@code eq1} shape costs, without the rest of EQ-1.
 * </ul>
 *
 * <p>Both use two I/O threads shared by client and server in one JVM.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class TcpRoundTripBenchmark {

  static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** An EQ-1 client connected to an EQ-1 server that one thread answers. */
  @State(Scope.Benchmark)
  public static class Eq1Connection {

    TcpTransport transport;
    TcpServer server;
    TcpClient client;
    private Thread answering;
    private volatile boolean serving = true;

    @Setup(Level.Trial)
    public void open() {
      transport = new TcpTransport(TcpThroughputBenchmark.IO_THREADS);
      server = new TcpServer(TcpServerSettings.of("bench-server", 0), transport);
      server.connect();
      client =
          new TcpClient(
              TcpClientSettings.of("bench-client", "127.0.0.1", server.port()), transport);
      client.connect();
      answering = new Thread(this::serve, "bench-answering");
      answering.setDaemon(true);
      answering.start();
    }

    private void serve() {
      Duration wait = Duration.ofMillis(100);
      while (serving) {
        Optional<byte[]> request = server.read(wait);
        if (request.isPresent()) {
          server.send(request.get());
        }
      }
    }

    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
      serving = false;
      answering.join(5_000);
      client.close();
      server.close();
      transport.close();
    }
  }

  /** A raw Netty client connected to a raw Netty echo server. */
  @State(Scope.Benchmark)
  public static class NettyConnection {

    NettyBaseline netty;
    Channel server;
    NettyBaseline.BlockingEnd client;

    @Setup(Level.Trial)
    public void open() {
      netty = new NettyBaseline(TcpThroughputBenchmark.IO_THREADS);
      NettyBaseline.Echo echo = new NettyBaseline.Echo();
      server = netty.listen(() -> echo);
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
   * A raw Netty client connected to a raw Netty server answered by an application thread, the shape
   * of the EQ-1 server: the event loop queues each request, the thread takes it and writes the
   * answer.
   */
  @State(Scope.Benchmark)
  public static class NettyThreadAnsweredConnection {

    NettyBaseline netty;
    Channel server;
    NettyBaseline.BlockingEnd client;
    private Thread answering;
    private volatile boolean serving = true;

    @Setup(Level.Trial)
    public void open() {
      netty = new NettyBaseline(TcpThroughputBenchmark.IO_THREADS);
      NettyBaseline.Queueing requests = new NettyBaseline.Queueing();
      server = netty.listen(() -> requests);
      client = new NettyBaseline.BlockingEnd();
      netty.connect(((InetSocketAddress) server.localAddress()).getPort(), client);
      answering = new Thread(() -> serve(requests), "bench-answering");
      answering.setDaemon(true);
      answering.start();
    }

    private void serve(NettyBaseline.Queueing requests) {
      Duration wait = Duration.ofMillis(100);
      try {
        while (serving) {
          NettyBaseline.Queueing.Received request = requests.take(wait);
          if (request != null) {
            Channel channel = request.from();
            channel.writeAndFlush(Unpooled.wrappedBuffer(request.payload()), channel.voidPromise());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @TearDown(Level.Trial)
    public void close() throws InterruptedException {
      serving = false;
      answering.join(5_000);
      server.close().syncUninterruptibly();
      netty.close();
    }
  }

  @Benchmark
  public byte[] eq1(Eq1Connection connection) {
    connection.client.send(TcpThroughputBenchmark.PAYLOAD);
    return connection
        .client
        .read(TIMEOUT)
        .orElseThrow(() -> new IllegalStateException("no answer within " + TIMEOUT));
  }

  @Benchmark
  public byte[] netty(NettyConnection connection) throws InterruptedException {
    connection.client.send(TcpThroughputBenchmark.PAYLOAD);
    byte[] answer = connection.client.read(TIMEOUT);
    if (answer == null) {
      throw new IllegalStateException("no answer within " + TIMEOUT);
    }
    return answer;
  }

  @Benchmark
  public byte[] nettyThreadAnswered(NettyThreadAnsweredConnection connection)
      throws InterruptedException {
    connection.client.send(TcpThroughputBenchmark.PAYLOAD);
    byte[] answer = connection.client.read(TIMEOUT);
    if (answer == null) {
      throw new IllegalStateException("no answer within " + TIMEOUT);
    }
    return answer;
  }
}
