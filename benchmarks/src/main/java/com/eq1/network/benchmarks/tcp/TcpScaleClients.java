package com.eq1.network.benchmarks.tcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client side of the connection-scale run, in a JVM of its own so the server's heap holds only
 * the server: opens many plain Netty connections to one loopback port, at most {@code window}
 * connects in flight at a time, then obeys commands on standard input: {@code send} writes one
 * length-framed 100-byte message on every connection, {@code close} (or the end of input) closes
 * them all and exits. It reports on standard output: {@code connecting} right before the first
 * connect, then {@code connected <ok> failed <n> in <ms> ms}, {@code sent}, {@code closed}. {@link
 * TcpScaleServer} starts it.
 *
 * <p>Arguments: {@code host port count [window]}; the window defaults to 256.
 */
public final class TcpScaleClients {

  private TcpScaleClients() {}

  /**
   * Runs the clients.
   *
   * @param args host, port, count, and optionally the connect window
   * @throws InterruptedException if interrupted
   * @throws java.io.IOException if standard input fails
   */
  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    int count = Integer.parseInt(args[2]);
    int window = args.length > 3 ? Integer.parseInt(args[3]) : 256;

    EventLoopGroup group = new NioEventLoopGroup(2, new DefaultThreadFactory("scale-client", true));
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(new Discard());
    Queue<Channel> channels = new ConcurrentLinkedQueue<>();
    Semaphore inFlight = new Semaphore(window);
    CountDownLatch done = new CountDownLatch(count);
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("ready");
    System.out.flush();
    if (!"open".equals(commands.readLine())) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      return;
    }
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      inFlight.acquire();
      bootstrap
          .connect(host, port)
          .addListener(
              (ChannelFuture connected) -> {
                inFlight.release();
                if (connected.isSuccess()) {
                  channels.add(connected.channel());
                } else {
                  failed.incrementAndGet();
                  firstFailure.compareAndSet(null, connected.cause());
                }
                done.countDown();
              });
    }
    done.await();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println(
        "connected " + channels.size() + " failed " + failed.get() + " in " + millis + " ms");
    if (firstFailure.get() != null) {
      System.out.println("first failure: " + firstFailure.get());
    }
    System.out.flush();

    byte[] frame = ByteBuffer.allocate(4 + 100).putInt(100).array();
    for (String line = commands.readLine(); line != null; line = commands.readLine()) {
      if (line.equals("send")) {
        for (Channel channel : channels) {
          channel.writeAndFlush(Unpooled.wrappedBuffer(frame), channel.voidPromise());
        }
        System.out.println("sent");
        System.out.flush();
      } else if (line.equals("close")) {
        break;
      }
    }
    for (Channel channel : channels) {
      channel.close();
    }
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).await(30, TimeUnit.SECONDS);
    System.out.println("closed");
    System.out.flush();
  }

  /** Drops whatever the server sends. */
  @ChannelHandler.Sharable
  private static final class Discard extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
