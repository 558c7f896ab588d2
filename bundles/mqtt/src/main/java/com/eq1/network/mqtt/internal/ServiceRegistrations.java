package com.eq1.network.mqtt.internal;

import com.eq1.network.api.ProtocolProperties;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a connection by hand with only {@code eq1.name} and {@code eq1.protocol}: Declarative
 * Services would copy every configuration key into the service properties, where {@code
 * service:list} shows them, and the password must not be among them.
 */
public final class ServiceRegistrations {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistrations.class);

  private ServiceRegistrations() {}

  /**
   * Registers a service carrying only the connection's name and protocol type.
   *
   * @param context the bundle context
   * @param type the service interface
   * @param service the service
   * @param name the connection name
   * @param protocol the protocol type
   * @param <S> the service interface
   * @return the registration
   */
  public static <S> ServiceRegistration<S> register(
      BundleContext context, Class<S> type, S service, String name, String protocol) {
    Hashtable<String, Object> properties = new Hashtable<>();
    properties.put(ProtocolProperties.NAME, name);
    properties.put(ProtocolProperties.PROTOCOL, protocol);
    return context.registerService(type, service, properties);
  }

  /**
   * Unregisters a service, if there is one and it is still registered.
   *
   * @param registration the registration, or {@code null}
   * @param name the connection name, for the log
   */
  public static void unregister(ServiceRegistration<?> registration, String name) {
    if (registration == null) {
      return;
    }
    try {
      registration.unregister();
    } catch (IllegalStateException e) {
      LOG.debug("[{}] service already unregistered", name);
    }
  }
}
