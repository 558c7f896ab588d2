package com.eq1.network.serial;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.ExecutorTermination;
import com.eq1.network.link.NamedThreadFactory;
import com.eq1.network.link.OutboundQueue;
import com.eq1.network.link.SupervisedConnection;
import com.eq1.network.serial.internal.LineReader;
import com.eq1.network.serial.internal.ReceiveBuffer;
import com.eq1.network.serial.internal.SerialFramer;
import com.eq1.network.serial.internal.SerialLine;
import com.eq1.network.serial.internal.SerialLineOpener;
import java.io.IOException;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request/response connection over a serial port, one per factory configuration {@code
 * com.eq1.network.serial-<name>.cfg}.
 *
 * <p>{@link #send} writes one framed message; while the port is away (adapter unplugged, device
 * off) it waits in a bounded queue with a time to live and goes out in order once the port is back.
 * {@link #read()} returns the next received message. A port that fails or disappears is closed at
 * once — the state moves to {@link com.eq1.network.api.ConnectionState#RECONNECTING} — and reopened
 * by the shared jittered backoff, by default within 3 s of the adapter's return; the state moves to
 * {@code CONNECTED} again. After {@link #disconnect()} nothing reopens it. A port held by another
 * connection or process, or one that refuses the line settings, fails with an error that says so.
 * Each open port has one reader thread; the connection's other thread exists only while it has
 * reopening or flushing to do. {@link #details()} shows the port (and the device a by-id link
 * points to), the line settings and the framing; it has no {@code tls} entry, as a serial line has
 * no TLS.
 */
@Component(
    service = {}, // registered by hand: only eq1.name and eq1.protocol, not every configuration key
    immediate = true,
    configurationPid = SerialProtocol.FACTORY_PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SerialConfig.class, factory = true)
public final class SerialProtocol extends SupervisedConnection implements ReqResProtocol {

  /** The factory PID of serial configurations. */
  public static final String FACTORY_PID = "com.eq1.network.serial";

  /** The {@link ProtocolProperties#PROTOCOL} value of this protocol. */
  public static final String PROTOCOL_TYPE = "serial";

  private static final Logger LOG = LoggerFactory.getLogger(SerialProtocol.class);
  private static final long FLUSH_RETRY_MILLIS = 100;

  private final SerialSettings settings;
  private final SerialLineOpener opener;
  private final SerialFramer framer;
  private final OutboundQueue<byte[]> queue;
  private final ReceiveBuffer inbound;
  private final ExecutorService readers;
  private final AtomicReference<SerialLine> current = new AtomicReference<>();
  private final Object opening = new Object(); // one open attempt at a time
  private final Object sending = new Object(); // keeps sends in order: direct, queued, flushed
  private byte[] held; // taken from the queue, not yet written; guarded by sending
  private volatile ServiceRegistration<ReqResProtocol> registration;

  /**
   * The OSGi activation: creates the connection, registers it as a {@link ReqResProtocol} service
   * carrying only {@code eq1.name} and {@code eq1.protocol}, and, if {@code autoConnect}, starts
   * opening the port in the background.
   *
   * @param config the configuration
   * @param properties the component properties, to name the configuration in errors
   * @param context the bundle context to register the service with
   * @param ports the ports of this machine
   */
  @Activate
  public SerialProtocol(
      SerialConfig config,
      Map<String, Object> properties,
      BundleContext context,
      @Reference SerialPorts ports) {
    this(SerialConfigs.settings(config, properties), ports);
    Hashtable<String, Object> service = new Hashtable<>();
    service.put(ProtocolProperties.NAME, settings.name());
    service.put(ProtocolProperties.PROTOCOL, PROTOCOL_TYPE);
    registration = context.registerService(ReqResProtocol.class, this, service);
    if (config.autoConnect()) {
      openInBackground();
    }
  }

  /**
   * Creates a closed-port connection; {@link #connect()} opens it.
   *
   * @param settings the settings
   * @param ports the ports of this machine, shared by every connection of the JVM
   */
  public SerialProtocol(SerialSettings settings, SerialPorts ports) {
    this(settings, Objects.requireNonNull(ports, "ports")::open);
  }

  /**
   * Creates a connection on ports of the caller's: unit tests of framing, queueing and reopening.
   *
   * @param settings the settings
   * @param opener opens the port
   */
  SerialProtocol(SerialSettings settings, SerialLineOpener opener) {
    super(settings.name(), "eq1-serial-", settings.reconnect());
    this.settings = settings;
    this.opener = opener;
    this.framer = new SerialFramer(settings);
    this.queue = new OutboundQueue<>(settings.name(), settings.queue());
    this.inbound = new ReceiveBuffer(settings.inboundCapacity());
    this.readers =
        new ThreadPoolExecutor(
            0,
            2, // the reader of the open port, and one of a port just lost that is still ending
            1,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            new NamedThreadFactory("eq1-serial-read-" + settings.name()));
  }

  @Override
  public String protocolType() {
    return PROTOCOL_TYPE;
  }

  /**
   * Returns the settings this connection was made with.
   *
   * @return the settings
   */
  public SerialSettings settings() {
    return settings;
  }

  /**
   * {@inheritDoc}
   *
   * @throws ConnectionException if the port does not exist, is held by another connection or
   *     process (the message says which), or cannot be opened; attempts go on in the background
   * @throws com.eq1.network.api.ConfigurationException if the port refuses the line settings; not
   *     retried
   */
  @Override
  public void connect() {
    super.connect();
  }

  /**
   * {@inheritDoc}
   *
   * <p>While the port is open and nothing waits in the queue, the message is written at once,
   * waiting up to the write timeout for the driver; otherwise it joins the queue.
   */
  @Override
  public int send(byte[] data) {
    Objects.requireNonNull(data, "data");
    requireOpen();
    byte[] framed = framer.encode(data); // refuse now what could never be sent
    synchronized (sending) {
      SerialLine line = current.get();
      if (line != null && held == null && queue.size() == 0) {
        try {
          write(line, framed, data.length);
          return data.length;
        } catch (PortGone e) {
          // the port went away under the write: the message waits for it like any other
        }
      }
      queue.offer(data.clone()); // nothing may overtake what already waits
    }
    if (current.get() != null) {
      flushSoon(0); // open again meanwhile: do not leave it waiting
    }
    return data.length;
  }

  @Override
  public Optional<byte[]> read() {
    return inbound.poll(Duration.ZERO);
  }

  @Override
  public Optional<byte[]> read(Duration timeout) {
    return inbound.poll(timeout);
  }

  @Override
  public Map<String, String> details() {
    return SerialDetails.of(settings);
  }

  /** Unregisters the service, closes the port and ends the connection's threads. */
  @Deactivate
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
  protected void released() {
    ExecutorTermination.shutdown(readers, Duration.ofSeconds(5));
    inbound.clear();
  }

  @Override
  protected OutboundQueue<?> queue() {
    return queue;
  }

  @Override
  protected void shut() {
    SerialLine line = current.getAndSet(null);
    if (line != null) {
      line.close(); // its reader sees the close and ends
      LOG.info("[{}] closed {}", name(), settings.port());
    }
  }

  /** One attempt to open the port and apply the line settings. */
  @Override
  protected void open() {
    synchronized (opening) {
      if (current.get() != null) {
        return; // a concurrent attempt opened it
      }
      SerialLine line = opener.open(name(), settings.port(), settings.line());
      if (!up(() -> current.set(line))) {
        line.close();
        return;
      }
      try {
        readers.execute(
            new LineReader(
                name(),
                line,
                framer,
                settings.frameGap(),
                settings.readTimeout(),
                settings.maxFrameBytes(),
                new Events()));
      } catch (RejectedExecutionException e) {
        current.compareAndSet(line, null);
        line.close();
        throw new ConnectionException(name(), "closing: " + settings.port() + " not read");
      }
      LOG.info("[{}] opened {} at {}", name(), settings.port(), settings.line().describe());
      flushSoon(0);
    }
  }

  /**
   * Writes one framed message, counting it; a port gone is reported lost.
   *
   * @throws ProtocolTimeoutException if the device did not take it all within the write timeout;
   *     what was taken still goes out, in the background, as the device drains
   */
  private void write(SerialLine line, byte[] framed, int payloadLength) {
    int written = attempt(line, framed);
    if (written < framed.length) {
      String message =
          settings.port()
              + " took "
              + written
              + " of "
              + framed.length
              + " bytes within "
              + settings.writeTimeout().toMillis()
              + " ms: the device is not reading (flow control holding it back?)";
      counters.recordError(message);
      throw new ProtocolTimeoutException(name(), message);
    }
    counters.recordOut(payloadLength);
  }

  /** Returns the bytes written within the write timeout. */
  private int attempt(SerialLine line, byte[] framed) {
    try {
      return line.write(framed, settings.writeTimeout());
    } catch (IOException e) {
      portLost(line, "write failed: " + e.getMessage());
      throw new PortGone();
    }
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
        SerialLine line = current.get();
        if (line == null) {
          return;
        }
        byte[] next = held != null ? held : queue.poll().orElse(null);
        if (next == null) {
          return;
        }
        byte[] framed = framer.encode(next);
        int written;
        try {
          written = attempt(line, framed);
        } catch (PortGone e) {
          held = next; // written again once the port is back
          return;
        }
        if (written == 0) {
          held = next; // an earlier write still waits for the device: this one goes later
          LOG.debug("[{}] flush waits for the device", name());
          flushSoon(FLUSH_RETRY_MILLIS);
          return;
        }
        held = null; // what was not taken yet goes out in the background: never send it twice
        counters.recordOut(next.length);
      }
    }
  }

  private void portLost(SerialLine line, String reason) {
    if (current.compareAndSet(line, null)) {
      line.close();
      counters.recordError(settings.port() + " lost: " + reason);
      LOG.info("[{}] port lost, reopening: {}", name(), reason);
      execute(this::lost);
    }
  }

  /** A write found the port gone; the message is queued instead. */
  private static final class PortGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortGone() {
      super(null, null, false, false);
    }
  }

  /** What the reader reports, on the reader thread. */
  private final class Events implements LineReader.Events {

    @Override
    public boolean current(SerialLine line) {
      return current.get() == line;
    }

    @Override
    public void received(SerialLine line, byte[] payload) {
      counters.recordIn(payload.length);
      inbound.add(payload, () -> current(line)); // dropped only if the port closes meanwhile
    }

    @Override
    public void problem(String message) {
      counters.recordError(message);
    }

    @Override
    public void lost(SerialLine line, String reason) {
      portLost(line, reason);
    }
  }
}
