package com.eq1.network.loopback;

import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.api.QueueFullException;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.QueueSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A request/response connection whose peer echoes: every message sent while connected can be read
 * back, in order. Sends made while disconnected are queued (bounded, with a time to live) and
 * delivered on connect. The receive buffer is bounded too: a send that finds it full fails with
 * {@link QueueFullException}, as a real peer that stops reading makes a send fail.
 *
 * <p>Two connections made by {@link #cable} are joined to each other instead: what one end sends,
 * the other reads. Each end connects and disconnects on its own; the receiving end's state does not
 * stop a send, as a peer's receive buffer takes bytes whatever the peer is doing.
 */
@Component(
    service = ReqResProtocol.class,
    immediate = true,
    configurationPid = LoopbackReqResProtocol.FACTORY_PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE,
    property = ProtocolProperties.PROTOCOL + "=" + LoopbackReqResProtocol.PROTOCOL_TYPE)
@Designate(ocd = LoopbackReqResConfig.class, factory = true)
public final class LoopbackReqResProtocol extends LoopbackConnection<byte[]>
    implements ReqResProtocol {

  /** The factory PID of loopback request/response connection configurations. */
  public static final String FACTORY_PID = "com.eq1.network.loopback.reqres";

  /** The {@link ProtocolProperties#PROTOCOL} value of this protocol. */
  public static final String PROTOCOL_TYPE = "loopback-reqres";

  private final int inboundCapacity;
  private final BlockingQueue<byte[]> received;
  private volatile LoopbackReqResProtocol peer;

  /**
   * Two loopback connections joined like the ends of a null-modem cable: what one sends, the other
   * reads. For tests and demos of two-ended request/response code in one JVM.
   *
   * @param a one end
   * @param b the other end
   */
  public record Cable(LoopbackReqResProtocol a, LoopbackReqResProtocol b) {}

  /**
   * Creates the connection from its configuration; connects at once if {@code autoConnect}.
   *
   * @param config the configuration
   * @param properties the component properties, to name the configuration in errors
   */
  @Activate
  public LoopbackReqResProtocol(LoopbackReqResConfig config, Map<String, Object> properties) {
    this(
        ConfigurationErrors.checkName(config.eq1_name(), properties),
        ConfigurationErrors.queueSettings(
            config.queueCapacity(), config.queueTtlSeconds(), config.queueOverflow(), properties),
        ConfigurationErrors.inboundCapacity(config.inboundCapacity(), properties));
    if (config.autoConnect()) {
      connect();
    }
  }

  /**
   * Creates a disconnected connection with the default queue settings.
   *
   * @param name the connection name
   */
  public LoopbackReqResProtocol(String name) {
    this(name, QueueSettings.DEFAULT, 10_000);
  }

  /**
   * Creates a disconnected connection.
   *
   * @param name the connection name
   * @param queue the outbound queue settings
   * @param inboundCapacity the most received messages waiting to be read
   */
  public LoopbackReqResProtocol(String name, QueueSettings queue, int inboundCapacity) {
    super(name, queue);
    this.inboundCapacity = inboundCapacity;
    this.received = new LinkedBlockingQueue<>(inboundCapacity);
  }

  /**
   * Creates two disconnected connections joined to each other instead of to an echo peer: a message
   * sent on one end is read on the other, in order. A send fails with {@link QueueFullException}
   * when the other end's receive buffer is full.
   *
   * @param nameA the name of end {@code a}
   * @param nameB the name of end {@code b}
   * @param queue the outbound queue settings of both ends
   * @param inboundCapacity the receive buffer of each end, in messages
   * @return the two ends
   */
  public static Cable cable(String nameA, String nameB, QueueSettings queue, int inboundCapacity) {
    LoopbackReqResProtocol a = new LoopbackReqResProtocol(nameA, queue, inboundCapacity);
    LoopbackReqResProtocol b = new LoopbackReqResProtocol(nameB, queue, inboundCapacity);
    a.peer = b;
    b.peer = a;
    return new Cable(a, b);
  }

  @Override
  public String protocolType() {
    return PROTOCOL_TYPE;
  }

  @Override
  public int send(byte[] data) {
    submit(data.clone());
    return data.length;
  }

  @Override
  public Optional<byte[]> read() {
    return Optional.ofNullable(received.poll());
  }

  @Override
  public Optional<byte[]> read(Duration timeout) {
    try {
      return Optional.ofNullable(received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code peer} (the in-JVM echo, or the other end of a {@linkplain #cable cable}) and
   *     {@code tls} ({@code off})
   */
  @Override
  public Map<String, String> details() {
    LoopbackReqResProtocol other = peer;
    return details(other == null ? "in-JVM echo" : "in-JVM cable to " + other.name());
  }

  /** Closes the connection for good and drops what was not read. */
  @Deactivate
  @Override
  public void close() {
    super.close();
  }

  @Override
  void attach() {
    // the echo peer is always there
  }

  @Override
  void detach() {
    // nothing to release: unread messages stay readable, as in a socket's receive buffer
  }

  @Override
  void transmit(byte[] message) {
    LoopbackReqResProtocol target = peer == null ? this : peer;
    // Writers add under the receiver's lock and the reader only takes away, so room seen here is
    // still there below; counting before adding means a reader never sees a message not counted.
    synchronized (target.received) {
      if (target.received.remainingCapacity() == 0) {
        String where = target == this ? "receive buffer" : "receive buffer of " + target.name();
        counters.recordError(where + " full (" + target.inboundCapacity + " messages)");
        throw new QueueFullException(name(), where, target.inboundCapacity);
      }
      counters.recordOut(message.length);
      target.counters.recordIn(message.length);
      target.received.add(message);
    }
  }

  @Override
  void release() {
    received.clear();
  }
}
