package com.eq1.network.tcp.internal;

import com.eq1.network.tcp.TcpOptions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Builds the pipeline every EQ-1 TCP channel has: TLS, flush consolidation, idle detection, then
 * the link handler.
 */
public final class ChannelSetup {

  /** Writes wait (up to the write timeout) once this much is queued for a slow peer. */
  public static final WriteBufferWaterMark WATER_MARK =
      new WriteBufferWaterMark(64 * 1024, 256 * 1024);

  private static final int FLUSHES_PER_WRITE = 256;

  private final String connectionName;
  private final TcpOptions options;
  private final FrameCodec codec;
  private final SslContext ssl;
  private final Duration handshakeTimeout;

  /**
   * Prepares the pipeline of a connection's channels.
   *
   * @param connectionName the connection
   * @param options its options
   * @param ssl the TLS context, or {@code null} for plain TCP
   * @param handshakeTimeout how long a TLS handshake may take
   */
  public ChannelSetup(
      String connectionName, TcpOptions options, SslContext ssl, Duration handshakeTimeout) {
    this.connectionName = connectionName;
    this.options = options;
    this.codec = new FrameCodec(connectionName, options);
    this.ssl = ssl;
    this.handshakeTimeout = handshakeTimeout;
  }

  /**
   * Returns the framing codec.
   *
   * @return the codec
   */
  public FrameCodec codec() {
    return codec;
  }

  /**
   * Sets the socket options on a bootstrap's child or client channel configuration.
   *
   * @param channel the channel
   */
  public void configure(Channel channel) {
    channel.config().setOption(ChannelOption.SO_KEEPALIVE, options.keepAlive());
    channel.config().setOption(ChannelOption.TCP_NODELAY, options.noDelay());
    channel.config().setWriteBufferWaterMark(WATER_MARK);
  }

  /**
   * Fills the pipeline of a new channel.
   *
   * @param channel the channel
   * @param peerHost for a client, the host it connects to (checked against the certificate); {@code
   *     null} on a server
   * @param peerPort for a client, the port it connects to
   * @param events the owner of the channel
   * @return the channel's link handler
   */
  public LinkHandler initialise(Channel channel, String peerHost, int peerPort, LinkEvents events) {
    configure(channel);
    ChannelPipeline pipeline = channel.pipeline();
    if (ssl != null) {
      SslHandler handler =
          peerHost == null
              ? ssl.newHandler(channel.alloc())
              : ssl.newHandler(channel.alloc(), peerHost, peerPort);
      if (peerHost != null && options.tls().hostnameVerification()) {
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
      }
      handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
      pipeline.addLast("tls", handler);
    }
    // writes come from application threads, one flush each: coalesce them into one socket write
    // per burst (and one TLS record run) instead of one system call per message
    pipeline.addLast("flush", new FlushConsolidationHandler(FLUSHES_PER_WRITE, true));
    Duration deadAfter = options.deadAfter();
    Duration heartbeat = options.heartbeatInterval();
    if (!deadAfter.isZero() || !heartbeat.isZero()) {
      pipeline.addLast(
          "idle",
          new IdleStateHandler(
              deadAfter.toMillis(), heartbeat.toMillis(), 0, TimeUnit.MILLISECONDS));
    }
    LinkHandler handler =
        new LinkHandler(connectionName, codec, !heartbeat.isZero(), deadAfter, events);
    pipeline.addLast("link", handler);
    return handler;
  }
}
