package com.eq1.network.mqtt;

import com.eq1.network.api.AuthenticationException;
import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStateListener;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.MessageListener;
import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.api.PubSubProtocol;
import com.eq1.network.api.SubscriptionStatus;
import com.eq1.network.api.TopicFilter;
import com.eq1.network.api.Topics;
import com.eq1.network.link.ConnectionCounters;
import com.eq1.network.link.ConnectionStateMachine;
import com.eq1.network.link.ExecutorTermination;
import com.eq1.network.link.NamedThreadFactory;
import com.eq1.network.link.Reconnector;
import com.eq1.network.link.TlsContexts;
import com.eq1.network.mqtt.internal.BrokerSubscriptions;
import com.eq1.network.mqtt.internal.Inbound;
import com.eq1.network.mqtt.internal.MqttDetails;
import com.eq1.network.mqtt.internal.Outbox;
import com.eq1.network.mqtt.internal.Publication;
import com.eq1.network.mqtt.internal.ServiceRegistrations;
import com.eq1.network.mqtt.internal.Session;
import com.eq1.network.mqtt.internal.TopicChecks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A publish/subscribe connection to an MQTT 3.1.1 or 5 broker on Eclipse Paho, one per factory
 * configuration {@code com.eq1.network.mqtt-<name>.cfg}.
 *
 * <p>What it adds to Paho: Paho's own automatic reconnect stays off and the shared {@link
 * Reconnector} (jittered exponential backoff, per connection) reconnects after an unexpected loss,
 * never after {@link #disconnect()}; every subscription is made again on every (re)connect and the
 * QoS the broker granted is checked and shown ({@link #subscriptions()}); publishes made while
 * disconnected wait in a bounded queue with a time to live and go out in order after the reconnect;
 * received messages leave Paho's thread at once for the listener's own delivery lane, so a slow or
 * throwing listener holds up only itself; sockets have {@code TCP_NODELAY}; Paho keeps its
 * in-flight state in memory, never in the working directory.
 *
 * <p>{@link #subscriptions()} gives, per filter, the QoS of the broker's last SUBACK or its
 * refusal, nothing while the link is down; {@link #details()} the broker, TLS, client id, protocol
 * version, session and user name, never the password.
 */
@Component(
    service = {}, // registered by hand: DS would publish every configuration key, the password too
    immediate = true,
    configurationPid = MqttProtocol.FACTORY_PID,
    configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MqttConfig.class, factory = true)
public final class MqttProtocol implements PubSubProtocol, AutoCloseable {

  /** The factory PID of MQTT connection configurations. */
  public static final String FACTORY_PID = "com.eq1.network.mqtt";

  /** The {@link ProtocolProperties#PROTOCOL} value of this protocol. */
  public static final String PROTOCOL_TYPE = "mqtt";

  private static final Logger LOG = LoggerFactory.getLogger(MqttProtocol.class);
  private static final Duration DELIVERY_WAIT = Duration.ofSeconds(1);

  private final MqttSettings settings;
  private final ConnectionStateMachine state;
  private final ConnectionCounters counters = new ConnectionCounters();
  private final Outbox outbox;
  private final Inbound inbound;
  private final ScheduledThreadPoolExecutor executor;
  private final Reconnector reconnector;
  private final Session session;
  private final BrokerSubscriptions subscriptions;
  private final Object lifecycle = new Object();
  private final Object attempting = new Object();
  private volatile boolean wanted;
  private volatile ServiceRegistration<PubSubProtocol> registration;

  /**
   * Creates the connection from its configuration and, if {@code autoConnect}, starts connecting in
   * the background: activation never waits for the broker.
   *
   * @param config the configuration
   * @param properties the component properties, to name the configuration in errors
   */
  public MqttProtocol(MqttConfig config, Map<String, Object> properties) {
    this(MqttConfigs.settings(config, properties));
    if (config.autoConnect()) {
      connectInBackground();
    }
  }

  /**
   * The OSGi activation: as {@link #MqttProtocol(MqttConfig, Map)}, then registers the connection
   * as a {@link PubSubProtocol} service carrying only {@code eq1.name} and {@code eq1.protocol}.
   * Declarative Services would copy every configuration key into the service properties, where
   * {@code service:list} shows them; the password must not be among them.
   *
   * @param config the configuration
   * @param properties the component properties, to name the configuration in errors
   * @param context the bundle context to register the service with
   */
  @Activate
  public MqttProtocol(MqttConfig config, Map<String, Object> properties, BundleContext context) {
    this(config, properties);
    this.registration =
        ServiceRegistrations.register(
            context, PubSubProtocol.class, this, settings.name(), PROTOCOL_TYPE);
  }

  /**
   * Creates a disconnected connection.
   *
   * @param settings the settings
   */
  public MqttProtocol(MqttSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    String name = settings.name();
    this.state = new ConnectionStateMachine(name);
    if (settings.tls().enabled()) {
      TlsContexts.client(name, settings.tls()); // unreadable TLS files: refused now, not retried
    }
    this.session = Session.open(settings, counters, new Events()); // may refuse: no thread yet
    this.inbound = new Inbound(name, settings.inboundCapacity(), counters, System::nanoTime);
    this.subscriptions = new BrokerSubscriptions(name, inbound, session);
    this.executor = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory("eq1-mqtt-" + name));
    executor.setRemoveOnCancelPolicy(true);
    this.outbox =
        new Outbox(
            name,
            settings.queue(),
            settings.flushRate(),
            session,
            () -> state.state() == ConnectionState.CONNECTED,
            executor);
    this.reconnector =
        new Reconnector(name, settings.reconnect(), executor, this::attemptFromReconnector);
  }

  @Override
  public String name() {
    return settings.name();
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
  public MqttSettings settings() {
    return settings;
  }

  /**
   * {@inheritDoc}
   *
   * @throws AuthenticationException if the broker refused the credentials or the client id
   * @throws ConnectionException if the broker could not be reached within the connect timeout;
   *     reconnection goes on in the background
   */
  @Override
  public void connect() {
    synchronized (lifecycle) {
      requireOpen();
      if (state.state() == ConnectionState.CONNECTED) {
        return;
      }
      wanted = true;
      reconnector.stop();
      state.moveTo(ConnectionState.CONNECTING);
    }
    try {
      attempt();
    } catch (ConfigurationException e) {
      giveUp(e);
      throw e;
    } catch (ProtocolException e) {
      lost();
      throw e;
    }
  }

  /** {@inheritDoc} A configured Last Will is published first: the broker sends it only on loss. */
  @Override
  public void disconnect() {
    synchronized (lifecycle) {
      wanted = false;
      reconnector.stop();
      session.announce(settings.will(), "last will");
      session.disconnect();
      subscriptions.unconfirmed();
      if (state.state() != ConnectionState.CLOSED) {
        state.moveTo(ConnectionState.DISCONNECTED);
      }
    }
  }

  @Override
  public ConnectionState state() {
    return state.state();
  }

  @Override
  public void addStateListener(ConnectionStateListener listener) {
    state.addListener(listener);
  }

  @Override
  public void removeStateListener(ConnectionStateListener listener) {
    state.removeListener(listener);
  }

  @Override
  public ConnectionStatistics statistics() {
    return counters.snapshot(state, outbox.queue());
  }

  /**
   * {@inheritDoc}
   *
   * <p>While connected the message goes to Paho at once (waiting, within the connect timeout, for
   * room in the in-flight window); otherwise it waits in the offline queue, which is flushed in
   * order after the reconnect at the configured rate.
   *
   * @throws OversizedPacketException if the payload is larger than the broker's limit ({@code
   *     maxPayloadBytes})
   */
  @Override
  public void publish(String topic, byte[] payload, int qos, boolean retain) {
    TopicChecks.name(name(), topic);
    Topics.validateQos(qos);
    requireOpen();
    if (payload.length > settings.maxPayload()) {
      throw new OversizedPacketException(name(), payload.length, settings.maxPayload());
    }
    outbox.publish(new Publication(topic, payload.clone(), qos, retain));
  }

  @Override
  public void subscribe(String topicFilter, int qos, MessageListener listener) {
    TopicFilter filter = TopicChecks.filter(name(), topicFilter);
    Topics.validateQos(qos);
    Objects.requireNonNull(listener, "listener");
    requireOpen();
    subscriptions.subscribe(filter, qos, listener, state.state() == ConnectionState.CONNECTED);
  }

  @Override
  public void unsubscribe(String topicFilter, MessageListener listener) {
    TopicChecks.filter(name(), topicFilter);
    subscriptions.unsubscribe(topicFilter, listener, state.state() == ConnectionState.CONNECTED);
  }

  @Override
  public List<SubscriptionStatus> subscriptions() {
    return subscriptions.snapshot();
  }

  @Override
  public Map<String, String> details() {
    return MqttDetails.of(settings, session.connectedBroker());
  }

  /** Disconnects, closes the Paho client and ends this connection's threads. */
  @Deactivate
  @Override
  public void close() {
    ServiceRegistrations.unregister(registration, name()); // gone before it stops working
    registration = null;
    synchronized (lifecycle) {
      if (state.state() == ConnectionState.CLOSED) {
        return;
      }
      outbox.closeOut(settings.connectTimeout().toNanos()); // a backlog goes out, if it can
      disconnect();
      state.moveTo(ConnectionState.CLOSED);
    }
    ExecutorTermination.shutdown(executor, settings.connectTimeout());
    session.close();
    inbound.close(DELIVERY_WAIT);
  }

  private void requireOpen() {
    if (state.state() == ConnectionState.CLOSED) {
      throw new ConnectionException(name(), "connection is closed");
    }
  }

  private void connectInBackground() {
    synchronized (lifecycle) {
      wanted = true;
      state.moveTo(ConnectionState.CONNECTING);
    }
    executor.execute(
        () -> {
          try {
            attempt();
          } catch (ConfigurationException e) {
            LOG.error("[{}] not connecting: {}", name(), e.getMessage());
            giveUp(e);
          } catch (ProtocolException e) {
            LOG.info(
                "[{}] first connect failed, retrying with backoff: {}", name(), e.getMessage());
            lost();
          }
        });
  }

  private void attemptFromReconnector() {
    if (wanted) {
      attempt();
      counters.recordReconnect();
    }
  }

  /** One connect attempt (or the end of one under way); on success the session is restored. */
  private void attempt() {
    synchronized (attempting) { // one at a time: a second CONNECT while one is under way fails
      if (state.state() == ConnectionState.CONNECTED) {
        return; // the attempt this one waited for succeeded
      }
      session.connect();
      synchronized (lifecycle) {
        if (!wanted) {
          session.disconnect();
          return;
        }
        reconnector.connected();
        subscriptions.restore(); // a refusal is counted as the last error and logged
        session.announce(settings.birth(), "birth message");
        state.moveTo(ConnectionState.CONNECTED);
      }
    }
    LOG.info("[{}] connected to {}", name(), settings.broker());
    outbox.flushSoon();
  }

  /** Retrying cannot help (a TLS file went missing, say): stay disconnected until told again. */
  private void giveUp(ConfigurationException e) {
    counters.recordError(e.getMessage());
    synchronized (lifecycle) {
      wanted = false;
      if (state.state() != ConnectionState.CLOSED) {
        state.moveTo(ConnectionState.DISCONNECTED);
      }
    }
  }

  /** The link went down while wanted: reconnect with backoff. */
  private void lost() {
    synchronized (lifecycle) {
      if (!wanted || state.state() == ConnectionState.CLOSED) {
        return;
      }
      state.moveTo(ConnectionState.RECONNECTING);
      reconnector.connectionLost();
    }
  }

  /** What the Paho session reports, on Paho's threads: handed off at once. */
  private final class Events implements Session.Events {

    @Override
    public void connectionLost(Throwable cause) {
      LOG.info("[{}] connection lost: {}", name(), String.valueOf(cause));
      subscriptions.unconfirmed();
      try {
        executor.execute(MqttProtocol.this::lost);
      } catch (RejectedExecutionException e) {
        LOG.debug("[{}] closing: no reconnect", name());
      }
    }

    @Override
    public void messageArrived(String topic, byte[] payload) {
      inbound.arrived(topic, payload);
    }
  }
}
