package com.eq1.network.shell.internal;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStateListener;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.MessageListener;
import com.eq1.network.api.PubSubProtocol;
import com.eq1.network.api.SubscriptionStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real loopback connection whose broker answers differently for some filters: the in-JVM broker
 * confirms every subscription at once, so a refused or still pending one (which only a real MQTT
 * broker produces) is put in its place here. Everything else is the loopback's own.
 */
final class BrokerAnswers implements PubSubProtocol {

  private final PubSubProtocol loopback;
  private final Map<String, SubscriptionStatus> answers = new ConcurrentHashMap<>();

  BrokerAnswers(PubSubProtocol loopback) {
    this.loopback = loopback;
  }

  /** The broker refuses this filter. */
  BrokerAnswers refuse(String filter, String reason) {
    answers.put(filter, new SubscriptionStatus(filter, 1, null, reason));
    return this;
  }

  /** The broker has not answered for this filter yet. */
  BrokerAnswers pending(String filter) {
    answers.put(filter, new SubscriptionStatus(filter, 1, null, null));
    return this;
  }

  @Override
  public List<SubscriptionStatus> subscriptions() {
    return loopback.subscriptions().stream()
        .map(
            s ->
                answers.containsKey(s.topicFilter())
                    ? new SubscriptionStatus(
                        s.topicFilter(),
                        s.requestedQos(),
                        null,
                        answers.get(s.topicFilter()).error())
                    : s)
        .toList();
  }

  @Override
  public String name() {
    return loopback.name();
  }

  @Override
  public String protocolType() {
    return loopback.protocolType();
  }

  @Override
  public void connect() {
    loopback.connect();
  }

  @Override
  public void disconnect() {
    loopback.disconnect();
  }

  @Override
  public ConnectionState state() {
    return loopback.state();
  }

  @Override
  public void addStateListener(ConnectionStateListener listener) {
    loopback.addStateListener(listener);
  }

  @Override
  public void removeStateListener(ConnectionStateListener listener) {
    loopback.removeStateListener(listener);
  }

  @Override
  public ConnectionStatistics statistics() {
    return loopback.statistics();
  }

  @Override
  public Map<String, String> details() {
    return loopback.details();
  }

  @Override
  public void publish(String topic, byte[] payload, int qos, boolean retain) {
    loopback.publish(topic, payload, qos, retain);
  }

  @Override
  public void subscribe(String topicFilter, int qos, MessageListener listener) {
    loopback.subscribe(topicFilter, qos, listener);
  }

  @Override
  public void unsubscribe(String topicFilter, MessageListener listener) {
    loopback.unsubscribe(topicFilter, listener);
  }
}
