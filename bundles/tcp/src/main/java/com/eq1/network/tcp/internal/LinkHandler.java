package com.eq1.network.tcp.internal;

import com.eq1.network.api.PacketException;
import com.eq1.network.packet.FrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.FastThreadLocal;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every EQ-1 TCP channel: cuts received bytes into messages with the packet
 * layer's decoder, answers idle events with heartbeats or a close, and turns every failure into one
 * log line that names the connection and the peer.
 */
public final class LinkHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(LinkHandler.class);
  private static final int SCRATCH = 64 * 1024;
  private static final FastThreadLocal<byte[]> SCRATCH_BUFFER =
      new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
          return new byte[SCRATCH];
        }
      };

  private final String connectionName;
  private final FrameCodec codec;
  private final FrameDecoder decoder;
  private final boolean heartbeats;
  private final Duration deadAfter;
  private final LinkEvents events;
  private final Consumer<byte[]> sink = this::deliver;
  private Link link;

  /**
   * Creates the handler of one channel.
   *
   * @param connectionName the connection, named in log lines
   * @param codec the framing
   * @param heartbeats whether empty frames are heartbeats (not delivered)
   * @param deadAfter the silence after which the link is closed, for the log line
   * @param events the owner
   */
  public LinkHandler(
      String connectionName,
      FrameCodec codec,
      boolean heartbeats,
      Duration deadAfter,
      LinkEvents events) {
    this.connectionName = connectionName;
    this.codec = codec;
    this.decoder = codec.newDecoder();
    this.heartbeats = heartbeats;
    this.deadAfter = deadAfter;
    this.events = events;
  }

  /**
   * Returns the link of this channel.
   *
   * @return the link, or {@code null} before the channel is registered
   */
  public Link link() {
    return link;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    link = new Link(ctx.channel());
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl == null) {
      events.opened(link);
    } else {
      ssl.handshakeFuture()
          .addListener(
              done -> {
                if (done.isSuccess()) {
                  events.opened(link);
                }
              });
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    try {
      if (decoder == null) {
        deliver(ByteBufUtil.getBytes(buf));
      } else if (buf.hasArray()) {
        decoder.decode(
            buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes(), sink);
      } else {
        byte[] scratch = SCRATCH_BUFFER.get();
        while (buf.isReadable()) {
          int n = Math.min(scratch.length, buf.readableBytes());
          buf.readBytes(scratch, 0, n);
          decoder.decode(scratch, 0, n, sink);
        }
      }
    } catch (PacketException e) {
      String message = "bad input from " + link.id() + ": " + withoutName(e.getMessage());
      events.problem(link, message);
      if (decoder.isClosed()) {
        LOG.warn("[{}] {}; closing the connection to {}", connectionName, message, link.id());
        ctx.close();
      } else {
        LOG.warn("[{}] {}; skipped to the next frame", connectionName, message);
      }
    } finally {
      buf.release();
    }
  }

  private void deliver(byte[] payload) {
    if (heartbeats && payload.length == 0) {
      return;
    }
    link.received(payload.length);
    events.received(link, payload);
  }

  private String withoutName(String message) {
    String prefix = "[" + connectionName + "] ";
    return message != null && message.startsWith(prefix)
        ? message.substring(prefix.length())
        : message;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    link.wakeWriters();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.WRITER_IDLE) {
        ctx.writeAndFlush(codec.heartbeat(), ctx.voidPromise());
      } else if (idle.state() == IdleState.READER_IDLE) {
        String message =
            "nothing received from "
                + link.id()
                + " for "
                + deadAfter.toMillis()
                + " ms (heartbeat or read timeout): peer presumed dead";
        LOG.warn("[{}] {}; closing", connectionName, message);
        events.problem(link, message);
        ctx.close();
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    String message = describe(cause);
    if (cause instanceof IOException && !(cause instanceof SSLException)) {
      LOG.info("[{}] {}", connectionName, message); // resets and the like: the peer went away
    } else {
      LOG.warn("[{}] {}", connectionName, message);
    }
    events.problem(link, message);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    link.wakeWriters();
    events.closed(link);
    ctx.fireChannelInactive();
  }

  private String describe(Throwable cause) {
    Throwable root =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    if (root instanceof NotSslRecordException) {
      // Netty's message carries the record in hex: plain-text data must not reach the log
      return "TLS with " + link.id() + " failed: not an SSL/TLS record (a plain TCP client?)";
    }
    if (root instanceof SSLException) {
      return "TLS with " + link.id() + " failed: " + root.getMessage();
    }
    return "connection to " + link.id() + " failed: " + root;
  }
}
