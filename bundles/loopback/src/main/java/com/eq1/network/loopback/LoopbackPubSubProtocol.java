package com.eq1.network.loopback;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.MessageListener;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.api.PubSubProtocol;
import com.eq1.network.api.SubscriptionStatus;
import com.eq1.network.api.TopicFilter;
import com.eq1.network.api.Topics;
import com.eq1.network.link.InboundDispatcher;
import com.eq1.network.link.QueueSettings;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A publish/subscribe connection to the runtime's {@link LoopbackBroker}: MQTT topic semantics
 * ({@code +}, {@code #}, retained messages, the same topic checks) with no network. Listeners are
 * called on this connection's own delivery thread ({@code eq1-loopback-<name>-1}), in order.
 *
 * <p>Messages are delivered only while connected; publishes made while disconnected are queued
 * (bounded, with a time to live) and published on connect. A QoS 0 message for a listener whose
 * delivery queue is full is dropped at once; a QoS 1 or 2 message waits up to five seconds for
 * room, then is dropped. Every drop is counted as an error.
 *
 * <p>The broker is in the same JVM: while connected, it confirms every subscription at once with
 * the quality of service asked for ({@link #subscriptions()}); there is no TLS ({@link
 * #details()}).
 */
@Component(
    service = PubSubProtocol.class,
    immediate = true,
    configurationPid = LoopbackPubSubProtocol.FACTORY_PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE,
    property = ProtocolProperties.PROTOCOL + "=" + LoopbackPubSubProtocol.PROTOCOL_TYPE)
@Designate(ocd = LoopbackPubSubConfig.class, factory = true)
public final class LoopbackPubSubProtocol extends LoopbackConnection<LoopbackPubSubProtocol.Message>
    implements PubSubProtocol {

  /** The factory PID of loopback publish/subscribe connection configurations. */
  public static final String FACTORY_PID = "com.eq1.network.loopback.pubsub";

  /** The {@link ProtocolProperties#PROTOCOL} value of this protocol. */
  public static final String PROTOCOL_TYPE = "loopback-pubsub";

  private static final Duration DELIVERY_WAIT = Duration.ofSeconds(5);

  record Message(String topic, byte[] payload, int qos, boolean retain) {}

  private record Key(String filter, MessageListener listener) {}

  /** One listener's subscription; {@code order} keeps the order filters were first subscribed. */
  private record Subscription(TopicFilter filter, int qos, MessageListener listener, long order) {}

  private final LoopbackBroker broker;
  private final InboundDispatcher dispatcher;
  private final Map<Key, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final AtomicLong subscribed = new AtomicLong();
  private volatile boolean attached;

  /**
   * Creates the connection from its configuration; connects at once if {@code autoConnect}.
   *
   * @param config the configuration
   * @param properties the component properties, to name the configuration in errors
   * @param broker the runtime's broker
   */
  @Activate
  public LoopbackPubSubProtocol(
      LoopbackPubSubConfig config,
      Map<String, Object> properties,
      @Reference LoopbackBroker broker) {
    this(
        ConfigurationErrors.checkName(config.eq1_name(), properties),
        broker,
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
   * @param broker the broker to attach to
   */
  public LoopbackPubSubProtocol(String name, LoopbackBroker broker) {
    this(name, broker, QueueSettings.DEFAULT, 10_000);
  }

  /**
   * Creates a disconnected connection.
   *
   * @param name the connection name
   * @param broker the broker to attach to
   * @param queue the outbound queue settings
   * @param inboundCapacity the most inbound messages waiting for listeners
   */
  public LoopbackPubSubProtocol(
      String name, LoopbackBroker broker, QueueSettings queue, int inboundCapacity) {
    super(name, queue);
    this.broker = Objects.requireNonNull(broker, "broker");
    this.dispatcher = new InboundDispatcher(name, "eq1-loopback-" + name, inboundCapacity);
  }

  @Override
  public String protocolType() {
    return PROTOCOL_TYPE;
  }

  @Override
  public void publish(String topic, byte[] payload, int qos, boolean retain) {
    Topics.validateName(topic);
    Topics.validateQos(qos);
    submit(new Message(topic, payload.clone(), qos, retain));
  }

  @Override
  public void subscribe(String topicFilter, int qos, MessageListener listener) {
    TopicFilter filter = TopicFilter.of(topicFilter);
    Topics.validateQos(qos);
    Objects.requireNonNull(listener, "listener");
    if (state() == ConnectionState.CLOSED) {
      throw new ConnectionException(name(), "connection is closed");
    }
    Subscription subscription =
        subscriptions.merge(
            new Key(topicFilter, listener),
            new Subscription(filter, qos, listener, subscribed.incrementAndGet()),
            (old, again) -> new Subscription(filter, qos, listener, old.order()));
    if (attached) {
      sendRetained(subscription);
    }
  }

  @Override
  public void unsubscribe(String topicFilter, MessageListener listener) {
    TopicFilter.of(topicFilter);
    subscriptions.remove(new Key(topicFilter, listener));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The in-JVM broker grants each filter the highest quality of service its listeners asked for
   * as soon as the connection is attached to it; while disconnected no filter is confirmed. Nothing
   * is ever refused.
   */
  @Override
  public List<SubscriptionStatus> subscriptions() {
    Map<String, Integer> byFilter = new LinkedHashMap<>();
    subscriptions.values().stream()
        .sorted(Comparator.comparingLong(Subscription::order))
        .forEach(s -> byFilter.merge(s.filter().filter(), s.qos(), Math::max));
    boolean confirmed = attached;
    return byFilter.entrySet().stream()
        .map(
            e ->
                new SubscriptionStatus(
                    e.getKey(), e.getValue(), confirmed ? e.getValue() : null, null))
        .toList();
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code peer} (the in-JVM loopback broker) and {@code tls} ({@code off})
   */
  @Override
  public Map<String, String> details() {
    return details("in-JVM loopback broker");
  }

  /** Closes the connection for good and stops its delivery thread. */
  @Deactivate
  @Override
  public void close() {
    super.close();
  }

  @Override
  void attach() {
    attached = true;
    broker.attach(this);
    subscriptions.values().forEach(this::sendRetained);
  }

  @Override
  void detach() {
    attached = false;
    broker.detach(this);
  }

  @Override
  void transmit(Message message) {
    broker.publish(message.topic(), message.payload(), message.qos(), message.retain());
    counters.recordOut(message.payload().length);
  }

  @Override
  void release() {
    dispatcher.close(DELIVERY_WAIT);
  }

  /** Called by the broker, on the publisher's thread, for every message published. */
  void deliver(String topic, byte[] payload, int qos) {
    if (!attached) {
      return;
    }
    boolean matched = false;
    for (Subscription subscription : subscriptions.values()) {
      if (subscription.filter().matches(topic)) {
        matched = true;
        enqueue(subscription, topic, payload, Math.min(qos, subscription.qos()));
      }
    }
    if (matched) {
      counters.recordIn(payload.length);
    }
  }

  private void sendRetained(Subscription subscription) {
    broker.forEachRetained(
        subscription.filter(),
        (topic, payload) -> enqueue(subscription, topic, payload, subscription.qos()));
  }

  private void enqueue(Subscription subscription, String topic, byte[] payload, int qos) {
    byte[] copy = payload.clone();
    MessageListener listener = subscription.listener();
    Duration wait = qos == 0 ? Duration.ZERO : DELIVERY_WAIT;
    if (!dispatcher.offer(() -> listener.onMessage(topic, copy), wait)) {
      counters.recordError("inbound delivery queue full: message on '" + topic + "' dropped");
    }
  }
}
