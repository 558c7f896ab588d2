package com.eq1.network.mqtt.internal;

import com.eq1.network.api.MessageListener;
import com.eq1.network.api.TopicFilter;
import com.eq1.network.link.ConnectionCounters;
import com.eq1.network.link.DeliveryLanes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one connection's received messages go: the wanted subscriptions, one delivery lane per
 * listener, and a waiting room for messages that arrive while no listener wants them.
 *
 * <p>Such messages are the persistent session's: right after a (re)connect the broker sends what it
 * kept for the client id before anyone here has subscribed again (a new connection after a bundle
 * update, an equipment bundle that starts after the connection). Paho has acknowledged them
 * already, so they wait here, at most {@code capacity} of them for up to {@link #UNCLAIMED_TTL},
 * and go to each listener that subscribes with a matching filter meanwhile; what nobody claims in
 * time is dropped and counted as an error.
 */
public final class Inbound implements AutoCloseable {

  /** How long a message nobody subscribed to yet waits for a listener. */
  public static final Duration UNCLAIMED_TTL = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);

  private final String name;
  private final int capacity;
  private final ConnectionCounters counters;
  private final LongSupplier clock;
  private final Subscriptions subscriptions = new Subscriptions();
  private final DeliveryLanes lanes;
  private final Deque<Unclaimed> unclaimed = new ArrayDeque<>(); // guarded by itself

  private record Unclaimed(String topic, byte[] payload, long at, Set<MessageListener> served) {}

  /**
   * Creates it; no thread runs until a message is delivered.
   *
   * @param name the connection name
   * @param capacity the most messages waiting for one listener, and for a first listener
   * @param counters where lost deliveries are counted as errors
   * @param clock nanoseconds, for the waiting room
   */
  public Inbound(String name, int capacity, ConnectionCounters counters, LongSupplier clock) {
    this.name = name;
    this.capacity = capacity;
    this.counters = counters;
    this.clock = clock;
    this.lanes = new DeliveryLanes(name, "eq1-mqtt-" + name + "-delivery", capacity);
  }

  /**
   * Adds a listener to a filter and hands it the waiting messages its filter matches.
   *
   * @param filter the validated filter
   * @param qos the QoS asked for
   * @param listener the listener
   * @return the QoS to subscribe with at the broker if it changed, or -1
   */
  public int subscribe(TopicFilter filter, int qos, MessageListener listener) {
    synchronized (unclaimed) { // no message may arrive between the two: older ones go first
      int subscribeWith = subscriptions.add(filter, qos, listener);
      expire();
      for (Unclaimed message : unclaimed) {
        if (filter.matches(message.topic()) && message.served().add(listener)) {
          deliver(listener, message.topic(), message.payload().clone());
        }
      }
      return subscribeWith;
    }
  }

  /**
   * Removes a listener from a filter.
   *
   * @param filter the filter
   * @param listener the listener
   * @return {@code true} if the filter has no listener left and should be unsubscribed
   */
  public boolean unsubscribe(String filter, MessageListener listener) {
    boolean dropped = subscriptions.remove(filter, listener);
    if (!subscriptions.has(listener)) {
      lanes.remove(listener);
    }
    return dropped;
  }

  /**
   * Returns every wanted subscription, to subscribe again after a (re)connect.
   *
   * @return a snapshot
   */
  public List<Subscriptions.Entry> subscriptions() {
    return subscriptions.all();
  }

  /**
   * Hands a received message to every listener whose filter matches, or keeps it for the first
   * listener to come. Returns at once: called on Paho's thread.
   *
   * @param topic the topic
   * @param payload the payload, owned from now on
   */
  public void arrived(String topic, byte[] payload) {
    synchronized (unclaimed) { // uncontended but for a subscribe: Paho calls from one thread
      Set<MessageListener> listeners = subscriptions.listenersFor(topic);
      if (listeners.isEmpty()) {
        keep(topic, payload);
        return;
      }
      boolean shared = listeners.size() > 1;
      for (MessageListener listener : listeners) {
        deliver(listener, topic, shared ? payload.clone() : payload); // none changes another's
      }
    }
  }

  /**
   * Returns the number of messages waiting for a first listener.
   *
   * @return the count
   */
  public int unclaimed() {
    synchronized (unclaimed) {
      return unclaimed.size();
    }
  }

  /**
   * Delivers what the lanes hold, within {@code wait}, then ends their threads.
   *
   * @param wait the longest wait
   */
  public void close(Duration wait) {
    lanes.close(wait);
    synchronized (unclaimed) {
      if (!unclaimed.isEmpty()) {
        lost(unclaimed.size(), "closed");
        unclaimed.clear();
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(1));
  }

  private void keep(String topic, byte[] payload) { // holding the lock
    expire();
    if (unclaimed.size() == capacity) {
      unclaimed.removeFirst();
      lost(1, "more than inboundCapacity waiting");
    }
    unclaimed.addLast(new Unclaimed(topic, payload, clock.getAsLong(), new HashSet<>()));
  }

  private void expire() {
    long now = clock.getAsLong();
    int expired = 0;
    while (!unclaimed.isEmpty() && now - unclaimed.peekFirst().at() > UNCLAIMED_TTL.toNanos()) {
      unclaimed.removeFirst();
      expired++;
    }
    if (expired > 0) {
      lost(expired, "no listener subscribed within " + UNCLAIMED_TTL.toSeconds() + " s");
    }
  }

  private void lost(int count, String why) {
    counters.recordError(count + " received messages no listener took: " + why);
    LOG.warn("[{}] {} received messages no listener took: {}", name, count, why);
  }

  private void deliver(MessageListener listener, String topic, byte[] payload) {
    if (lanes.offer(listener, () -> listener.onMessage(topic, payload))) {
      return;
    }
    counters.recordError(
        "listener " + listener + " fell behind: a message on '" + topic + "' lost");
    long refused = lanes.refused();
    if (Long.bitCount(refused) == 1) { // the 1st, 2nd, 4th, 8th ... time: visible, never a flood
      LOG.warn(
          "[{}] a listener fell behind (inboundCapacity {} full): message on '{}' not delivered"
              + " to it; {} so far",
          name,
          capacity,
          topic,
          refused);
    }
  }
}
