package com.eq1.network.tcp;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.OutboundQueue;
import com.eq1.network.tcp.internal.InboundBuffer;
import com.eq1.network.tcp.internal.Link;
import com.eq1.network.tcp.internal.LinkEvents;
import com.eq1.network.tcp.internal.LinkHandler;
import com.eq1.network.tcp.internal.SslContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request/response connection to a TCP server, one per factory configuration {@code
 * com.eq1.network.tcp.client-<name>.cfg}.
 *
 * <p>{@link #send} writes one framed message; while the link is down it waits in a bounded queue
 * with a time to live and goes out in order after the reconnect, and what expired is counted, not
 * sent. A peer that stops reading makes {@code send} throw {@link ProtocolTimeoutException} after
 * the write timeout. {@link #read()} returns the next received message. After an unexpected loss
 * (peer closed, reset, heartbeats missed) the shared jittered backoff reconnects; after {@link
 * #disconnect()} nothing does. Socket I/O runs on the shared {@link TcpTransport} event loops; the
 * connection's own thread exists only while it has reconnecting or flushing to do.
 */
@Component(
    service = {}, // registered by hand: DS would publish every configuration key, passwords too
    immediate = true,
    configurationPid = TcpClient.FACTORY_PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TcpClientConfig.class, factory = true)
public final class TcpClient extends Endpoint {

  /** The factory PID of TCP client configurations. */
  public static final String FACTORY_PID = "com.eq1.network.tcp.client";

  /** The {@link ProtocolProperties#PROTOCOL} value of this protocol. */
  public static final String PROTOCOL_TYPE = "tcp-client";

  private static final Logger LOG = LoggerFactory.getLogger(TcpClient.class);
  private static final long FLUSH_RETRY_MILLIS = 100;

  private final TcpClientSettings settings;
  private final String target;
  private final OutboundQueue<byte[]> queue;
  private final Bootstrap bootstrap;
  private final AtomicReference<Link> current = new AtomicReference<>();
  private final Object sending = new Object(); // keeps sends in order: direct, queued, flushed
  private byte[] held; // taken from the queue, not yet written; guarded by sending

  /**
   * The OSGi activation: creates the connection, registers it as a {@link ReqResProtocol} service
   * carrying only {@code eq1.name} and {@code eq1.protocol}, and, if {@code autoConnect}, starts
   * connecting in the background.
   *
   * @param config the configuration
   * @param properties the component properties, to name the configuration in errors
   * @param context the bundle context to register the service with
   * @param transport the shared event loops
   */
  @Activate
  public TcpClient(
      TcpClientConfig config,
      Map<String, Object> properties,
      BundleContext context,
      @Reference TcpTransport transport) {
    this(TcpConfigs.client(config, properties), transport, false);
    Hashtable<String, Object> service = new Hashtable<>();
    service.put(ProtocolProperties.NAME, settings.name());
    service.put(ProtocolProperties.PROTOCOL, PROTOCOL_TYPE);
    register(context.registerService(ReqResProtocol.class, this, service));
    if (config.autoConnect()) {
      openInBackground();
    }
  }

  /**
   * Creates a disconnected client on shared event loops.
   *
   * @param settings the settings
   * @param transport the event loops; closed by their owner after this client
   */
  public TcpClient(TcpClientSettings settings, TcpTransport transport) {
    this(settings, transport, false);
  }

  /**
   * Creates a disconnected client with event loops of its own (one I/O thread), closed with it.
   *
   * @param settings the settings
   */
  public TcpClient(TcpClientSettings settings) {
    this(settings, new TcpTransport(1), true);
  }

  private TcpClient(TcpClientSettings settings, TcpTransport transport, boolean ownsTransport) {
    super(
        settings.name(),
        settings.options(),
        settings.options().tls().enabled()
            ? SslContexts.client(settings.name(), settings.options().tls())
            : null,
        settings.connectTimeout(),
        settings.reconnect(),
        transport,
        ownsTransport);
    this.settings = settings;
    String name = settings.name();
    this.target = settings.host() + ":" + settings.port();
    this.queue = new OutboundQueue<>(name, settings.queue());
    Events events = new Events();
    this.bootstrap =
        new Bootstrap()
            .group(transport.io())
            .channel(NioSocketChannel.class)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    setup.initialise(channel, settings.host(), settings.port(), events);
                  }
                });
  }

  @Override
  public String protocolType() {
    return PROTOCOL_TYPE;
  }

  /**
   * Returns the settings this client was made with.
   *
   * @return the settings
   */
  public TcpClientSettings settings() {
    return settings;
  }

  /**
   * {@inheritDoc}
   *
   * <p>While connected and nothing waits in the queue, the message is written at once (waiting up
   * to the write timeout for room in the socket buffer); otherwise it joins the queue.
   */
  @Override
  public int send(byte[] data) {
    Objects.requireNonNull(data, "data");
    requireOpen();
    synchronized (sending) {
      Link link = current.get();
      if (link != null && held == null && queue.size() == 0 && link.isOpen()) {
        try {
          return write(link, data);
        } catch (ConnectionException e) {
          // the link closed under the write: the message waits for the reconnect like any other
        }
      }
      codec.check(data); // refuse now what could never be sent
      queue.offer(data.clone()); // nothing may overtake what already waits
    }
    if (current.get() != null) {
      flushSoon(0); // connected again meanwhile: do not leave it waiting
    }
    return data.length;
  }

  @Override
  public Optional<byte[]> read(Duration timeout) {
    return inbound.poll(timeout).map(InboundBuffer.Inbound::payload);
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code peer} ({@code host:port}, and the address it resolved to while connected if that
   *     differs), {@code tls} ({@code on}/{@code off}), {@code local} (while connected) and {@code
   *     framing}
   */
  @Override
  public Map<String, String> details() {
    return TcpDetails.client(settings, current.get());
  }

  /** Disconnects and ends the connection's thread and, if it owns them, its event loops. */
  @Deactivate
  @Override
  public void close() {
    super.close();
  }

  @Override
  protected OutboundQueue<?> queue() {
    return queue;
  }

  @Override
  protected void shut() {
    Link link = current.getAndSet(null);
    if (link != null) {
      link.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** One connect attempt within the connect timeout, TLS handshake included. */
  @Override
  protected void open() {
    long timeout = settings.connectTimeout().toMillis();
    ChannelFuture connecting = bootstrap.connect(settings.host(), settings.port());
    if (!connecting.awaitUninterruptibly(timeout + 1_000)) {
      connecting.cancel(false);
      connecting.channel().close();
      throw new ProtocolTimeoutException(
          name(), "connect to " + target + " timed out after " + timeout + " ms");
    }
    if (!connecting.isSuccess()) {
      throw new ConnectionException(
          name(),
          "cannot connect to " + target + ": " + connecting.cause().getMessage(),
          connecting.cause());
    }
    Channel channel = connecting.channel();
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    if (ssl != null) {
      Future<Channel> handshake = ssl.handshakeFuture();
      if (!handshake.awaitUninterruptibly(timeout + 1_000) || !handshake.isSuccess()) {
        channel.close();
        Throwable cause = handshake.cause();
        throw new ConnectionException(
            name(), "TLS handshake with " + target + " failed: " + rootMessage(cause), cause);
      }
    }
    LinkHandler handler = channel.pipeline().get(LinkHandler.class);
    if (handler == null) { // closed at once, its pipeline already torn down
      throw new ConnectionException(
          name(),
          ssl == null
              ? "connection to " + target + " closed on arrival"
              : "TLS handshake with "
                  + target
                  + " completed, then the peer closed the connection at once (as a TLS 1.3"
                  + " server refusing the client's certificate does)");
    }
    Link link = handler.link();
    if (!up(() -> replace(current.getAndSet(link), link))) {
      channel.close();
      return;
    }
    LOG.info("[{}] connected to {}", name(), target);
    if (!link.isOpen()) {
      linkClosed(link); // closed before it was current: its close event found nothing to do
    }
    flushSoon(0);
  }

  /** Two attempts may race (connect() during a background attempt): only the newest link stays. */
  private static void replace(Link previous, Link link) {
    if (previous != null && previous != link) {
      previous.channel().close();
    }
  }

  private static String rootMessage(Throwable cause) {
    if (cause == null) {
      return "timed out";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  private void flushSoon(long delayMillis) {
    try {
      executor.schedule(this::flush, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("[{}] closing: queue not flushed", name());
    }
  }

  /** Sends what waits, oldest first; if a write fails, that message stays first in line. */
  private void flush() {
    while (true) {
      synchronized (sending) {
        Link link = current.get();
        if (link == null) {
          return;
        }
        byte[] next = held != null ? held : queue.poll().orElse(null);
        if (next == null) {
          return;
        }
        try {
          write(link, next);
          held = null;
        } catch (ProtocolTimeoutException e) {
          held = next;
          LOG.debug("[{}] flush waits for the peer: {}", name(), e.getMessage());
          flushSoon(FLUSH_RETRY_MILLIS);
          return;
        } catch (ConnectionException e) {
          held = next; // the link dropped: sent again after the reconnect
          return;
        }
      }
    }
  }

  private void linkClosed(Link link) {
    if (current.compareAndSet(link, null)) {
      LOG.info("[{}] connection to {} lost; reconnecting", name(), target);
      execute(this::lost);
    }
  }

  /** What the channel reports, on the event loop: nothing here blocks. */
  private final class Events implements LinkEvents {

    @Override
    public void opened(Link link) {
      // open() makes the link current once it has seen the handshake finish
    }

    @Override
    public void received(Link link, byte[] payload) {
      counters.recordIn(payload.length);
      inbound.add(link, payload);
    }

    @Override
    public void problem(Link link, String message) {
      counters.recordError(message);
    }

    @Override
    public void closed(Link link) {
      inbound.forget(link);
      linkClosed(link);
    }
  }
}
