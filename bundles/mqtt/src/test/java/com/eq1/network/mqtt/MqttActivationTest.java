package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.PubSubProtocol;
import com.eq1.network.link.ConfigProxy;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The component as Declarative Services creates it: registered with only the public properties,
 * connecting in the background (and retrying when the broker is not there yet), unregistered once
 * on close. A bundle context is the one part no unit test can have for real, so it is a recording
 * proxy.
 */
class MqttActivationTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static EmbeddedBroker broker;

  private final AtomicReference<Map<String, Object>> registered = new AtomicReference<>();
  private final AtomicInteger unregistered = new AtomicInteger();

  @BeforeAll
  static void startBroker() {
    broker = new EmbeddedBroker();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void aConfiguredConnectionRegistersOnlyPublicPropertiesAndConnectsByItself() {
    Map<String, Object> values = new HashMap<>();
    values.put("eq1.name", "act-mqtt");
    values.put("broker", broker.uri());
    MqttProtocol mqtt =
        new MqttProtocol(
            ConfigProxy.of(MqttConfig.class, values),
            Map.of("service.pid", "com.eq1.network.mqtt~act"),
            context());
    try (mqtt) {
      assertEquals(Map.of("eq1.name", "act-mqtt", "eq1.protocol", "mqtt"), registered.get());
      await().atMost(WAIT).until(() -> mqtt.state() == ConnectionState.CONNECTED);
    }
    assertEquals(1, unregistered.get(), "closing unregisters the service once");
    assertEquals(ConnectionState.CLOSED, mqtt.state());
  }

  @Test
  void aBrokerNotThereYetIsRetriedInTheBackground() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // nobody listens here once it is closed
    }
    Map<String, Object> values = new HashMap<>();
    values.put("eq1.name", "act-away");
    values.put("broker", "tcp://127.0.0.1:" + port);
    values.put("reconnectInitialMillis", 50L);
    values.put("reconnectMaxMillis", 100L);
    MqttProtocol mqtt =
        new MqttProtocol(ConfigProxy.of(MqttConfig.class, values), Map.of(), context());
    try (mqtt) {
      await()
          .atMost(WAIT)
          .until(
              () ->
                  mqtt.state() == ConnectionState.RECONNECTING && mqtt.statistics().errors() >= 2);
      assertTrue(mqtt.statistics().lastError().contains("connect"), mqtt.statistics().lastError());
    }
  }

  private BundleContext context() {
    ServiceRegistration<?> registration =
        (ServiceRegistration<?>)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("unregister")) {
                    unregistered.incrementAndGet();
                  }
                  return null;
                });
    return (BundleContext)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class},
            (proxy, method, args) -> {
              if (method.getName().equals("registerService") && args[0] == PubSubProtocol.class) {
                registered.set(map(args[2]));
                return registration;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static Map<String, Object> map(Object dictionary) {
    Dictionary<?, ?> d = (Dictionary<?, ?>) dictionary;
    Map<String, Object> map = new HashMap<>();
    for (Object key : Collections.list(d.keys())) {
      map.put((String) key, d.get(key));
    }
    return map;
  }
}
