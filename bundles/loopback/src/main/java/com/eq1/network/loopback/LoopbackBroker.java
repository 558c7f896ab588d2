package com.eq1.network.loopback;

import com.eq1.network.api.TopicFilter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The local message bus every {@link LoopbackPubSubProtocol} of a runtime attaches to while
 * connected: it fans each publish out to the attached connections and keeps retained messages, like
 * an MQTT broker without a network. Retained messages live as long as the broker (they do not
 * survive a restart or an update of the loopback bundle). Thread-safe.
 */
@Component(service = LoopbackBroker.class, immediate = true)
public final class LoopbackBroker {

  private final Set<LoopbackPubSubProtocol> attached = ConcurrentHashMap.newKeySet();
  private final Map<String, byte[]> retained = new ConcurrentHashMap<>();

  /** Creates an empty broker. */
  @Activate
  public LoopbackBroker() {
    // nothing to set up: the broker is plain in-memory state
  }

  /**
   * Returns the number of connections attached now.
   *
   * @return the connected loopback publish/subscribe connections
   */
  public int attachedConnections() {
    return attached.size();
  }

  /**
   * Returns the number of topics holding a retained message.
   *
   * @return the retained message count
   */
  public int retainedMessages() {
    return retained.size();
  }

  void attach(LoopbackPubSubProtocol connection) {
    attached.add(connection);
  }

  void detach(LoopbackPubSubProtocol connection) {
    attached.remove(connection);
  }

  void publish(String topic, byte[] payload, int qos, boolean retain) {
    if (retain) {
      if (payload.length == 0) {
        retained.remove(topic);
      } else {
        retained.put(topic, payload);
      }
    }
    for (LoopbackPubSubProtocol connection : attached) {
      connection.deliver(topic, payload, qos);
    }
  }

  void forEachRetained(TopicFilter filter, BiConsumer<String, byte[]> sink) {
    retained.forEach(
        (topic, payload) -> {
          if (filter.matches(topic)) {
            sink.accept(topic, payload);
          }
        });
  }
}
