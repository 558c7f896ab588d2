package com.eq1.network.benchmarks.tcp;

import com.eq1.network.packet.NetworkPacketStructure;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The raw Netty baseline the TCP benchmarks compare EQ-1 against: the same wire format (a 4-byte
 * big-endian length, then the payload, at most 1 MiB), done with Netty's own {@link
 * LengthFieldBasedFrameDecoder} and {@link LengthFieldPrepender}; the same NIO transport, event
 * loop layout (one acceptor thread, a fixed pool of I/O threads shared by clients and servers),
 * socket options (no-delay, keep-alive, backlog 1024) and write buffer water marks as {@code
 * com.eq1.network.tcp}. What it leaves out is everything EQ-1 adds on top: the state machine,
 * counters, session registry, the receive buffer that hands messages to a reading thread.
 */
final class NettyBaseline implements AutoCloseable {

  /** The same marks as EQ-1's channels: writers wait once 256 KiB are queued for the peer. */
  static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

  private final EventLoopGroup acceptor;
  private final EventLoopGroup io;

  /**
   * Starts the event loops.
   *
   * @param ioThreads how many threads do socket I/O for every channel
   */
  NettyBaseline(int ioThreads) {
    acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("netty-accept", true));
    io = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("netty-io", true));
  }

  /**
   * Listens on an ephemeral loopback port; each accepted channel gets the length framing, then
   * {@code handler}.
   *
   * @param handler makes the last handler of each accepted channel (may return one sharable one)
   * @return the listening channel
   */
  Channel listen(Supplier<ChannelHandler> handler) {
    return new ServerBootstrap()
        .group(acceptor, io)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel channel) {
                frame(channel, handler.get());
              }
            })
        .bind("127.0.0.1", 0)
        .syncUninterruptibly()
        .channel();
  }

  /**
   * Connects to a loopback port with the length framing, then {@code handler}.
   *
   * @param port the port
   * @param handler the last handler
   * @return the connected channel
   */
  Channel connect(int port, ChannelHandler handler) {
    return connect(port, handler, false);
  }

  /**
   * Connects to a loopback port with the length framing, then {@code handler}, optionally with
   * Netty's {@link FlushConsolidationHandler} in front, so that the flushes of writes queued from
   * other threads are coalesced into one socket write per burst (at most 256 per write).
   *
   * @param port the port
   * @param handler the last handler
   * @param consolidateFlushes whether to coalesce flushes
   * @return the connected channel
   */
  Channel connect(int port, ChannelHandler handler, boolean consolidateFlushes) {
    return new Bootstrap()
        .group(io)
        .channel(NioSocketChannel.class)
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel channel) {
                if (consolidateFlushes) {
                  channel.pipeline().addLast(new FlushConsolidationHandler(256, true));
                }
                frame(channel, handler);
              }
            })
        .connect("127.0.0.1", port)
        .syncUninterruptibly()
        .channel();
  }

  private static void frame(Channel channel, ChannelHandler handler) {
    channel.config().setOption(ChannelOption.TCP_NODELAY, true);
    channel.config().setOption(ChannelOption.SO_KEEPALIVE, true);
    channel.config().setWriteBufferWaterMark(WATER_MARK);
    channel
        .pipeline()
        .addLast(
            new LengthFieldBasedFrameDecoder(NetworkPacketStructure.MAX_PAYLOAD, 0, 4, 0, 4),
            new LengthFieldPrepender(4),
            handler);
  }

  @Override
  public void close() {
    acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Counts the frames it receives and drops them. */
  @ChannelHandler.Sharable
  static final class Counting extends ChannelInboundHandlerAdapter {

    private final LongAdder frames;

    Counting(LongAdder frames) {
      this.frames = frames;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      frames.increment();
      ((ByteBuf) msg).release();
    }
  }

  /** Sends every frame it receives straight back, on the event loop. */
  @ChannelHandler.Sharable
  static final class Echo extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.writeAndFlush(msg, ctx.voidPromise());
    }
  }

  /**
   * Hands every frame it receives, copied into an array, to a queue that application threads take
   * from, the way EQ-1's server hands messages to {@code read()}.
   */
  @ChannelHandler.Sharable
  static final class Queueing extends ChannelInboundHandlerAdapter {

    /**
     * A received frame and the channel it came from.
     *
     * @param from the channel
     * @param payload the frame's payload
     */
    record Received(Channel from, byte[] payload) {}

    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();

    /**
     * Takes the next received frame.
     *
     * @param timeout the longest wait
     * @return the frame, or {@code null} if none came in time
     * @throws InterruptedException if interrupted while waiting
     */
    Received take(Duration timeout) throws InterruptedException {
      return received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf frame = (ByteBuf) msg;
      try {
        received.add(new Received(ctx.channel(), ByteBufUtil.getBytes(frame)));
      } finally {
        frame.release();
      }
    }
  }

  /**
   * The client end a blocking caller uses, shaped like EQ-1's {@code TcpClient}: {@link #send}
   * writes one frame from the calling thread and waits while 256 KiB are already queued for the
   * peer; {@link #read} takes the next received payload, copied into an array, from a queue.
   */
  static final class BlockingEnd extends ChannelInboundHandlerAdapter {

    private final LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private volatile Channel channel;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      channel = ctx.channel();
    }

    /**
     * Writes one frame, waiting while the channel is not writable.
     *
     * @param payload the payload; not copied, so it must not change
     */
    void send(byte[] payload) {
      Channel ch = channel;
      if (!ch.isWritable()) {
        awaitWritable(ch);
      }
      ch.writeAndFlush(Unpooled.wrappedBuffer(payload), ch.voidPromise());
    }

    /**
     * Takes the next received payload.
     *
     * @param timeout the longest wait
     * @return the payload, or {@code null} if none came in time
     * @throws InterruptedException if interrupted while waiting
     */
    byte[] read(Duration timeout) throws InterruptedException {
      return received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void awaitWritable(Channel ch) {
      while (!ch.isWritable() && ch.isActive()) {
        try {
          wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf frame = (ByteBuf) msg;
      try {
        received.add(ByteBufUtil.getBytes(frame));
      } finally {
        frame.release();
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      synchronized (this) {
        notifyAll();
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      synchronized (this) {
        notifyAll();
      }
      ctx.fireChannelInactive();
    }
  }
}
