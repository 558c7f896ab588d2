package com.eq1.network.mqtt.internal;

import com.eq1.network.api.MessageListener;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.SubscriptionStatus;
import com.eq1.network.api.TopicFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's subscriptions at the broker: it subscribes a filter when a listener first wants it
 * (or wants a higher QoS), unsubscribes it when the last listener leaves, subscribes everything
 * again after each (re)connect, and records what the broker answered to each, in the order the
 * filters were first subscribed: the QoS granted in its SUBACK, or why it refused. Nothing is
 * confirmed while the link is down. The listeners themselves live in {@link Inbound}. Thread-safe:
 * each change of the record is one synchronized step.
 */
public final class BrokerSubscriptions {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerSubscriptions.class);

  private final String connectionName;
  private final Inbound inbound;
  private final Session session;
  private final Map<String, SubscriptionStatus> states = new LinkedHashMap<>();

  /**
   * Creates the record of a connection.
   *
   * @param connectionName the connection, named in log lines
   * @param inbound the listeners and the filters they want
   * @param session the broker session to subscribe on
   */
  public BrokerSubscriptions(String connectionName, Inbound inbound, Session session) {
    this.connectionName = connectionName;
    this.inbound = inbound;
    this.session = session;
  }

  /**
   * Adds a listener; subscribes at the broker, if connected, when the filter is new or wants a
   * higher QoS now, and records the answer.
   *
   * @param filter the validated filter
   * @param qos the QoS asked for
   * @param listener the listener
   * @param connected whether the session is up
   * @throws ProtocolException as {@link Session#subscribe}, once recorded; the listener stays, and
   *     the next connect subscribes again
   */
  public void subscribe(TopicFilter filter, int qos, MessageListener listener, boolean connected) {
    int subscribeWith = inbound.subscribe(filter, qos, listener);
    if (subscribeWith < 0) {
      return; // the broker already has what is needed
    }
    synchronized (states) {
      states.put(
          filter.filter(), new SubscriptionStatus(filter.filter(), subscribeWith, null, null));
    }
    if (connected) {
      atBroker(filter.filter(), subscribeWith);
    }
  }

  /**
   * Removes a listener; the filter is unsubscribed at the broker, if connected, and forgotten when
   * no listener is left.
   *
   * @param filter the filter
   * @param listener the listener
   * @param connected whether the session is up
   */
  public void unsubscribe(String filter, MessageListener listener, boolean connected) {
    if (!inbound.unsubscribe(filter, listener)) {
      return; // other listeners still want the filter
    }
    synchronized (states) {
      states.remove(filter);
    }
    if (connected) {
      session.unsubscribe(filter);
    }
  }

  /**
   * Subscribes every wanted filter again after a (re)connect. A refusal is recorded, counted as the
   * connection's last error by the session and logged; the others go on.
   */
  public void restore() {
    for (Subscriptions.Entry entry : inbound.subscriptions()) {
      try {
        atBroker(entry.filter().filter(), entry.qos());
      } catch (ProtocolException e) {
        // tried again at the next connect
        LOG.warn("[{}] subscription not restored: {}", connectionName, e.getMessage());
      }
    }
  }

  /** The link is down: no subscription is confirmed until the next connect subscribes again. */
  public void unconfirmed() {
    synchronized (states) {
      states.replaceAll((f, s) -> new SubscriptionStatus(f, s.requestedQos(), null, null));
    }
  }

  /**
   * Returns the subscriptions and the broker's answers.
   *
   * @return one entry per filter, in the order they were first subscribed
   */
  public List<SubscriptionStatus> snapshot() {
    synchronized (states) {
      return List.copyOf(states.values());
    }
  }

  private void atBroker(String filter, int qos) {
    int granted;
    try {
      granted = session.subscribe(filter, qos);
    } catch (ProtocolException e) {
      record(filter, qos, null, withoutConnectionName(e));
      throw e;
    }
    record(filter, qos, granted, null);
  }

  /** Records an answer, unless the filter was dropped or asked for at another QoS meanwhile. */
  private void record(String filter, int qos, Integer granted, String error) {
    synchronized (states) {
      SubscriptionStatus wanted = states.get(filter);
      if (wanted != null && wanted.requestedQos() == qos) {
        states.put(filter, new SubscriptionStatus(filter, qos, granted, error));
      }
    }
  }

  /** The refusal as the broker gave it, without the {@code [name]} every exception starts with. */
  private static String withoutConnectionName(ProtocolException e) {
    String message = e.getMessage();
    String prefix = e.connectionName().map(name -> "[" + name + "] ").orElse("");
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
