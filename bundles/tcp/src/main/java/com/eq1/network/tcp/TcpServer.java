package com.eq1.network.tcp;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.OutboundQueue;
import com.eq1.network.tcp.internal.Link;
import com.eq1.network.tcp.internal.LinkEvents;
import com.eq1.network.tcp.internal.SessionRegistry;
import com.eq1.network.tcp.internal.SslContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * A TCP server that equipment connects to, one per factory configuration {@code
 * com.eq1.network.tcp.server-<name>.cfg}. {@link #connect()} starts listening (a port in use is a
 * {@link ConnectionException}, and further attempts follow with backoff); {@link #disconnect()}
 * stops listening and closes every client, and nothing restarts it until the next {@code
 * connect()}.
 *
 * <p><b>As a {@link ReqResProtocol}</b>: {@link #read()} returns the next message from any client,
 * in arrival order per client; {@link #send(byte[])} answers the client whose message was read last
 * (by any thread), which suits one reader answering each request before reading the next. If that
 * client has gone, {@code send} throws {@link ConnectionException} rather than answering another; a
 * server never queues.
 *
 * <p><b>Addressing clients explicitly</b>: {@link #receive(Duration)} returns each message with its
 * session id, {@link #send(String, byte[])} writes to one session, {@link #broadcast(byte[])} to
 * all, {@link #sessions()} lists them, and a {@link TcpSessionListener} hears them open and close.
 * A session id is the client's address, {@code host:port}.
 *
 * <p>All clients share the {@link TcpTransport} event loops: no thread per client. Beyond {@code
 * maxClients}, new clients are closed at once and the refusal logged. A client that sends bad
 * frames, fails the TLS handshake or goes silent past the heartbeat is closed alone; the others are
 * served on.
 */
@Component(
    service = {}, // registered by hand: DS would publish every configuration key, passwords too
    immediate = true,
    configurationPid = TcpServer.FACTORY_PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TcpServerConfig.class, factory = true)
public final class TcpServer extends Endpoint {

  /** The factory PID of TCP server configurations. */
  public static final String FACTORY_PID = "com.eq1.network.tcp.server";

  /** The {@link ProtocolProperties#PROTOCOL} value of this protocol. */
  public static final String PROTOCOL_TYPE = "tcp-server";

  /** The service property holding the address the server listens on. */
  public static final String BIND_PROPERTY = "eq1.tcp.bind";

  /** The service property holding the port the server listens on (the chosen one if 0). */
  public static final String PORT_PROPERTY = "eq1.tcp.port";

  private static final Logger LOG = LoggerFactory.getLogger(TcpServer.class);

  private final TcpServerSettings settings;
  private final SessionRegistry sessions;
  private final ServerBootstrap bootstrap;
  private volatile Channel listening;
  private volatile Link lastRead;

  /**
   * The OSGi activation: creates the server, registers it as a {@link ReqResProtocol} service with
   * {@code eq1.name}, {@code eq1.protocol}, {@value #BIND_PROPERTY} and, once listening, {@value
   * #PORT_PROPERTY}, and, if {@code autoConnect}, starts listening in the background.
   *
   * @param config the configuration
   * @param properties the component properties, to name the configuration in errors
   * @param context the bundle context to register the service with
   * @param transport the shared event loops
   */
  @Activate
  public TcpServer(
      TcpServerConfig config,
      Map<String, Object> properties,
      BundleContext context,
      @Reference TcpTransport transport) {
    this(TcpConfigs.server(config, properties), transport, false);
    register(context.registerService(ReqResProtocol.class, this, serviceProperties()));
    if (config.autoConnect()) {
      openInBackground();
    }
  }

  /**
   * Creates a server, not yet listening, on shared event loops.
   *
   * @param settings the settings
   * @param transport the event loops; closed by their owner after this server
   */
  public TcpServer(TcpServerSettings settings, TcpTransport transport) {
    this(settings, transport, false);
  }

  /**
   * Creates a server, not yet listening, with event loops of its own, closed with it.
   *
   * @param settings the settings
   */
  public TcpServer(TcpServerSettings settings) {
    this(settings, new TcpTransport(), true);
  }

  private TcpServer(TcpServerSettings settings, TcpTransport transport, boolean ownsTransport) {
    super(
        settings.name(),
        settings.options(),
        settings.options().tls().enabled()
            ? SslContexts.server(settings.name(), settings.options().tls())
            : null,
        Duration.ofSeconds(10),
        settings.rebind(),
        transport,
        ownsTransport);
    this.settings = settings;
    String name = settings.name();
    this.sessions = new SessionRegistry(name, settings.maxClients(), this::execute);
    Events events = new Events();
    this.bootstrap =
        new ServerBootstrap()
            .group(transport.acceptor(), transport.io())
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childHandler(
                sessions.acceptor(
                    setup,
                    events,
                    refusal -> {
                      LOG.warn("[{}] {}", name, refusal);
                      counters.recordError(refusal);
                    }));
  }

  @Override
  public String protocolType() {
    return PROTOCOL_TYPE;
  }

  /**
   * Returns the settings this server was made with.
   *
   * @return the settings
   */
  public TcpServerSettings settings() {
    return settings;
  }

  /**
   * Returns the port the server listens on: the configured one, or the one the system chose.
   *
   * @return the port, or -1 while not listening
   */
  public int port() {
    Channel channel = listening;
    return channel == null ? -1 : ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /**
   * Answers the client whose message was read last.
   *
   * @throws ConnectionException if no message was read yet, or its client has disconnected
   */
  @Override
  public int send(byte[] data) {
    Objects.requireNonNull(data, "data");
    requireOpen();
    Link link = lastRead;
    if (link == null) {
      throw new ConnectionException(
          name(),
          "no client message was read yet, so there is nobody to answer;"
              + " use send(session, data) or broadcast(data)");
    }
    return write(link, data);
  }

  /**
   * Sends one message to one client.
   *
   * @param session the session id, from {@link #sessions()} or {@link TcpMessage#session()}
   * @param data the message
   * @return the number of bytes written
   * @throws ConnectionException if there is no such session
   * @throws com.eq1.network.api.ProtocolTimeoutException if the client does not read within the
   *     write timeout
   */
  public int send(String session, byte[] data) {
    Objects.requireNonNull(data, "data");
    requireOpen();
    Link link = sessions.get(session);
    if (link == null) {
      throw new ConnectionException(name(), "no client session " + session);
    }
    return write(link, data);
  }

  /**
   * Sends one message to every connected client. A client that cannot take it (gone, or not reading
   * within the write timeout) is logged and skipped.
   *
   * @param data the message
   * @return the number of clients it was written to
   */
  public int broadcast(byte[] data) {
    Objects.requireNonNull(data, "data");
    requireOpen();
    codec.check(data);
    int sent = 0;
    for (Link link : sessions.links()) {
      try {
        write(link, data);
        sent++;
      } catch (ProtocolException e) {
        LOG.warn("[{}] broadcast skipped {}: {}", name(), link.id(), e.getMessage());
      }
    }
    return sent;
  }

  @Override
  public Optional<byte[]> read(Duration timeout) {
    return receive(timeout).map(TcpMessage::payload);
  }

  /**
   * Returns the next message from any client with its session id, waiting up to {@code timeout}. It
   * becomes the message {@link #send(byte[])} answers.
   *
   * @param timeout the longest wait; zero or negative does not wait
   * @return the message, or empty if none arrived in time
   */
  public Optional<TcpMessage> receive(Duration timeout) {
    return inbound
        .poll(timeout)
        .map(
            in -> {
              lastRead = in.from();
              return new TcpMessage(in.from().id(), in.payload());
            });
  }

  /**
   * Lists the connected clients.
   *
   * @return a snapshot of each session
   */
  public List<TcpSession> sessions() {
    return sessions.snapshots();
  }

  /**
   * Closes one client's connection.
   *
   * @param session the session id
   * @return {@code true} if the session existed
   */
  public boolean close(String session) {
    return sessions.close(session);
  }

  @Override
  public Map<String, String> details() {
    return TcpDetails.server(settings, listening, sessions);
  }

  /**
   * Adds a listener for clients connecting and leaving.
   *
   * @param listener the listener
   */
  public void addSessionListener(TcpSessionListener listener) {
    sessions.addListener(listener);
  }

  /**
   * Removes a session listener.
   *
   * @param listener the listener
   */
  public void removeSessionListener(TcpSessionListener listener) {
    sessions.removeListener(listener);
  }

  /** Stops listening, closes every client, ends the server's thread and its own event loops. */
  @Deactivate
  @Override
  public void close() {
    super.close();
  }

  @Override
  protected OutboundQueue<?> queue() {
    return null; // a server answers or fails at once; it never queues
  }

  @Override
  protected void shut() {
    Channel channel = listening;
    listening = null;
    if (channel != null) {
      channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
      LOG.info("[{}] stopped listening", name());
    }
    sessions.closeAll();
  }

  private Hashtable<String, Object> serviceProperties() {
    Hashtable<String, Object> service = new Hashtable<>();
    service.put(ProtocolProperties.NAME, settings.name());
    service.put(ProtocolProperties.PROTOCOL, PROTOCOL_TYPE);
    service.put(BIND_PROPERTY, settings.bind());
    int port = port();
    if (port >= 0) {
      service.put(PORT_PROPERTY, port);
    }
    return service;
  }

  @Override
  protected void open() {
    String where = settings.bind() + ":" + settings.port();
    sessions.reopen();
    ChannelFuture binding = bootstrap.bind(settings.bind(), settings.port()).awaitUninterruptibly();
    if (!binding.isSuccess()) {
      throw new ConnectionException(
          name(),
          "cannot listen on " + where + ": " + binding.cause().getMessage(),
          binding.cause());
    }
    if (!up(() -> replaceListening(binding.channel()))) {
      binding.channel().close();
      return;
    }
    republish(serviceProperties());
    LOG.info(
        "[{}] listening on {}:{}{}",
        name(),
        settings.bind(),
        port(),
        settings.options().tls().enabled() ? " (TLS)" : "");
  }

  private void replaceListening(Channel channel) { // connect() may race a background attempt
    Channel previous = listening;
    listening = channel;
    if (previous != null && previous != channel) {
      previous.close();
    }
  }

  /** What the client channels report, on the event loops: nothing here blocks. */
  private final class Events implements LinkEvents {

    @Override
    public void opened(Link link) {
      sessions.opened(link);
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
      sessions.closed(link);
    }
  }
}
