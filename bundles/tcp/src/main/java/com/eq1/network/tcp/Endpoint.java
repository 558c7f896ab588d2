package com.eq1.network.tcp;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.ReconnectSettings;
import com.eq1.network.link.SupervisedConnection;
import com.eq1.network.tcp.internal.ChannelSetup;
import com.eq1.network.tcp.internal.FrameCodec;
import com.eq1.network.tcp.internal.InboundBuffer;
import com.eq1.network.tcp.internal.Link;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Optional;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a TCP client and server share on top of the common {@link SupervisedConnection} lifecycle:
 * the framing and pipeline of every link, the received messages, the shared event loops and the
 * hand-registered OSGi service.
 */
abstract class Endpoint extends SupervisedConnection implements ReqResProtocol {

  private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

  /** The framing of every link. */
  final FrameCodec codec;

  /** The pipeline of every link. */
  final ChannelSetup setup;

  /** Received messages waiting to be read. */
  final InboundBuffer inbound;

  private final Duration writeTimeout;
  private final TcpTransport transport;
  private final boolean ownsTransport;
  private volatile ServiceRegistration<ReqResProtocol> registration;

  Endpoint(
      String name,
      TcpOptions options,
      SslContext ssl,
      Duration handshakeTimeout,
      ReconnectSettings reconnect,
      TcpTransport transport,
      boolean ownsTransport) {
    super(name, "eq1-tcp-", reconnect);
    this.writeTimeout = options.writeTimeout();
    this.setup = new ChannelSetup(name, options, ssl, handshakeTimeout);
    this.codec = setup.codec();
    this.inbound = new InboundBuffer(options.inboundCapacity());
    this.transport = transport;
    this.ownsTransport = ownsTransport;
  }

  /**
   * {@inheritDoc}
   *
   * @throws ConnectionException if the link could not be opened within the timeout; attempts go on
   *     in the background with backoff
   */
  @Override
  public void connect() {
    super.connect();
  }

  /** Unregisters the service, disconnects and ends the connection's thread. */
  @Override
  public void close() {
    ServiceRegistration<ReqResProtocol> registered = registration;
    registration = null;
    if (registered != null) {
      try {
        registered.unregister(); // users see it go before it stops working
      } catch (IllegalStateException e) {
        LOG.debug("[{}] service already unregistered", name());
      }
    }
    super.close();
  }

  @Override
  protected final void released() {
    inbound.clear();
    if (ownsTransport) {
      transport.close();
    }
  }

  /**
   * Writes one message on a link, waiting up to the write timeout for room, and counts it.
   *
   * @param link the link
   * @param data the payload
   * @return the payload size
   */
  final int write(Link link, byte[] data) {
    link.write(name(), codec.encode(link.channel().alloc(), data), data.length, writeTimeout);
    counters.recordOut(data.length);
    return data.length;
  }

  final void register(ServiceRegistration<ReqResProtocol> service) {
    this.registration = service;
  }

  /**
   * Replaces the service properties, if the service is registered.
   *
   * @param properties the new properties
   */
  final void republish(Hashtable<String, Object> properties) {
    ServiceRegistration<ReqResProtocol> registered = registration;
    if (registered != null) {
      try {
        registered.setProperties(properties);
      } catch (IllegalStateException e) {
        LOG.debug("[{}] service unregistered meanwhile", name());
      }
    }
  }

  @Override
  public final Optional<byte[]> read() {
    return read(Duration.ZERO);
  }
}
