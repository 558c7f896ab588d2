package com.eq1.network.manager;

import com.eq1.network.api.InvalidTopicException;
import com.eq1.network.api.MessageListener;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.PubSubManager;
import com.eq1.network.api.PubSubProtocol;
import com.eq1.network.api.TopicFilter;
import com.eq1.network.api.Topics;
import com.eq1.network.manager.internal.ConnectionRegistry;
import com.eq1.network.manager.internal.RegistryHooks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PubSubManager}: tracks every {@link PubSubProtocol} service by its {@code eq1.name},
 * keeps subscriptions and connect intent as desired state, and holds publishes across a swap.
 *
 * <p>Each subscription is registered on the protocol through a guard that logs and swallows what
 * the listener throws. When a protocol service goes away the manager does not unsubscribe it, so a
 * broker's persistent session keeps collecting messages for the gap; when a protocol is {@link
 * #unregister unregistered} by hand its subscriptions are removed from it.
 */
@Component(
    service = PubSubManager.class,
    immediate = true,
    configurationPid = ManagerSettings.PID,
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ManagerConfig.class)
public final class DefaultPubSubManager
    extends ManagerBase<PubSubProtocol, DefaultPubSubManager.Publication> implements PubSubManager {

  private static final Logger LOG = LoggerFactory.getLogger(DefaultPubSubManager.class);

  record Publication(String topic, byte[] payload, int qos, boolean retain) {}

  private record Key(String filter, MessageListener listener) {}

  private record Subscription(String filter, int qos, MessageListener guard) {}

  /** Per name; each inner map is guarded by the registry's lock for that name. */
  private final Map<String, Map<Key, Subscription>> subscriptions;

  /** Creates a manager with the default settings, for use outside OSGi. */
  public DefaultPubSubManager() {
    this(ManagerSettings.DEFAULT);
  }

  /**
   * Creates a manager, for use outside OSGi.
   *
   * @param settings the swap grace period and hold queue settings
   */
  public DefaultPubSubManager(ManagerSettings settings) {
    this(settings, new ConcurrentHashMap<>());
  }

  /**
   * Creates the manager component.
   *
   * @param config the configuration
   */
  @Activate
  public DefaultPubSubManager(ManagerConfig config) {
    this(ManagerSettings.from(config));
  }

  private DefaultPubSubManager(
      ManagerSettings settings, Map<String, Map<Key, Subscription>> subscriptions) {
    super(new ConnectionRegistry<>(ProtocolKind.PUB_SUB, settings, new Hooks(subscriptions)));
    this.subscriptions = subscriptions;
  }

  @Modified
  void modified(ManagerConfig config) {
    registry.updateSettings(ManagerSettings.from(config));
  }

  @Deactivate
  @Override
  public void close() {
    super.close();
  }

  @Reference(
      service = PubSubProtocol.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "unbindProtocol",
      updated = "updatedProtocol")
  void bindProtocol(PubSubProtocol protocol, Map<String, Object> properties) {
    registry.bindService(protocol, properties);
  }

  void updatedProtocol(PubSubProtocol protocol, Map<String, Object> properties) {
    registry.rebindService(protocol, properties);
  }

  void unbindProtocol(PubSubProtocol protocol) {
    registry.unbind(protocol, false);
  }

  @Override
  public void publish(String name, String topic, byte[] payload, int qos, boolean retain) {
    try {
      Topics.validateName(topic);
    } catch (InvalidTopicException e) {
      throw e.on(name);
    }
    Topics.validateQos(qos);
    Objects.requireNonNull(payload, "payload");
    registry.submit(
        name,
        () -> new Publication(topic, payload.clone(), qos, retain),
        protocol -> {
          protocol.publish(topic, payload, qos, retain);
          return null;
        },
        null);
  }

  @Override
  public void subscribe(String name, String topicFilter, int qos, MessageListener listener) {
    checkFilter(name, topicFilter);
    Topics.validateQos(qos);
    Objects.requireNonNull(listener, "listener");
    registry.update(
        name,
        true,
        protocol -> {
          Map<Key, Subscription> kept =
              subscriptions.computeIfAbsent(name, n -> new LinkedHashMap<>());
          Key key = new Key(topicFilter, listener);
          Subscription previous = kept.get(key);
          MessageListener guard =
              previous == null ? guard(name, topicFilter, listener) : previous.guard();
          kept.put(key, new Subscription(topicFilter, qos, guard));
          if (protocol != null) {
            protocol.subscribe(topicFilter, qos, guard);
          }
        });
  }

  @Override
  public void unsubscribe(String name, String topicFilter, MessageListener listener) {
    checkFilter(name, topicFilter);
    registry.update(
        name,
        false,
        protocol -> {
          Map<Key, Subscription> kept = subscriptions.getOrDefault(name, Map.of());
          Subscription removed =
              kept.isEmpty() ? null : kept.remove(new Key(topicFilter, listener));
          if (protocol != null && removed != null) {
            protocol.unsubscribe(topicFilter, removed.guard());
          }
        });
  }

  private static void checkFilter(String name, String topicFilter) {
    try {
      TopicFilter.of(topicFilter);
    } catch (InvalidTopicException e) {
      throw e.on(name);
    }
  }

  private static MessageListener guard(String name, String filter, MessageListener listener) {
    return (topic, payload) -> {
      try {
        listener.onMessage(topic, payload);
      } catch (RuntimeException e) {
        LOG.warn("[{}] listener subscribed to '{}' failed on '{}'", name, filter, topic, e);
      }
    };
  }

  private record Hooks(Map<String, Map<Key, Subscription>> subscriptions)
      implements RegistryHooks<PubSubProtocol, Publication> {

    @Override
    public void reapply(String name, PubSubProtocol protocol) {
      for (Subscription subscription : subscriptions.getOrDefault(name, Map.of()).values()) {
        try {
          protocol.subscribe(subscription.filter(), subscription.qos(), subscription.guard());
        } catch (RuntimeException e) {
          LOG.warn(
              "[{}] subscription to '{}' not restored: {}",
              name,
              subscription.filter(),
              e.getMessage());
        }
      }
    }

    @Override
    public void detach(String name, PubSubProtocol protocol) {
      for (Subscription subscription : subscriptions.getOrDefault(name, Map.of()).values()) {
        protocol.unsubscribe(subscription.filter(), subscription.guard());
      }
    }

    @Override
    public void deliver(PubSubProtocol protocol, Publication message) {
      protocol.publish(message.topic(), message.payload(), message.qos(), message.retain());
    }

    @Override
    public int subscriptions(String name) {
      return subscriptions.getOrDefault(name, Map.of()).size();
    }
  }
}
