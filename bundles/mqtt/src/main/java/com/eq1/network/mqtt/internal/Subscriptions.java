package com.eq1.network.mqtt.internal;

import com.eq1.network.api.MessageListener;
import com.eq1.network.api.TopicFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The subscriptions a connection wants, by filter: each with the highest QoS asked for and its
 * listeners. They outlive the broker session, so that every (re)connect can subscribe them again.
 * Thread-safe; updates go through {@code compute}, never check-then-act.
 */
public final class Subscriptions {

  /**
   * One filter's subscription.
   *
   * @param filter the filter
   * @param qos the highest QoS any listener asked for
   * @param listeners its listeners
   */
  public record Entry(TopicFilter filter, int qos, Set<MessageListener> listeners) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * Adds a listener to a filter.
   *
   * @param filter the validated filter
   * @param qos the QoS asked for
   * @param listener the listener
   * @return the QoS to subscribe with at the broker if it changed (new filter or higher QoS), or -1
   *     if the broker already has what is needed
   */
  public int add(TopicFilter filter, int qos, MessageListener listener) {
    int[] subscribeWith = {-1};
    entries.compute(
        filter.filter(),
        (key, old) -> {
          if (old == null) {
            Set<MessageListener> listeners = new CopyOnWriteArraySet<>();
            listeners.add(listener);
            subscribeWith[0] = qos;
            return new Entry(filter, qos, listeners);
          }
          old.listeners().add(listener);
          if (qos > old.qos()) {
            subscribeWith[0] = qos;
            return new Entry(filter, qos, old.listeners());
          }
          return old;
        });
    return subscribeWith[0];
  }

  /**
   * Removes a listener from a filter.
   *
   * @param filter the filter
   * @param listener the listener
   * @return {@code true} if the filter has no listener left and was dropped
   */
  public boolean remove(String filter, MessageListener listener) {
    boolean[] dropped = {false};
    entries.computeIfPresent(
        filter,
        (key, old) -> {
          old.listeners().remove(listener);
          dropped[0] = old.listeners().isEmpty();
          return dropped[0] ? null : old;
        });
    return dropped[0];
  }

  /**
   * Tells whether a listener still has a subscription.
   *
   * @param listener the listener
   * @return {@code true} if some filter delivers to it
   */
  public boolean has(MessageListener listener) {
    return entries.values().stream().anyMatch(entry -> entry.listeners().contains(listener));
  }

  /**
   * Returns every subscription, to subscribe again after a (re)connect.
   *
   * @return a snapshot
   */
  public List<Entry> all() {
    return new ArrayList<>(entries.values());
  }

  /**
   * Returns the listeners whose filter matches {@code topic}, each once.
   *
   * @param topic a topic name
   * @return the listeners
   */
  public Set<MessageListener> listenersFor(String topic) {
    Set<MessageListener> matching = new java.util.LinkedHashSet<>();
    for (Entry entry : entries.values()) {
      if (entry.filter().matches(topic)) {
        matching.addAll(entry.listeners());
      }
    }
    return matching;
  }
}
