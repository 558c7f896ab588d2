package com.eq1.network.tcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.ConfigProxy;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The Declarative Services activation path outside a framework: the configuration in, the service
 * registered by hand with only its public properties, background connect and listen, unregistered
 * on close. The bundle context is a stand-in that records registrations (the Pax Exam test TcpIT
 * runs the same path in a real Karaf).
 */
class TcpActivationTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  /** What the stand-in bundle context saw of one registration. */
  private static final class Registered {
    final List<Map<String, Object>> properties = new CopyOnWriteArrayList<>();
    final AtomicBoolean unregistered = new AtomicBoolean();

    Map<String, Object> latest() {
      return properties.get(properties.size() - 1);
    }
  }

  private final List<Registered> registrations = new CopyOnWriteArrayList<>();
  private TcpTransport transport;

  @BeforeEach
  void start() {
    transport = new TcpTransport();
    assertTrue(transport.ioThreads() >= 2);
  }

  @AfterEach
  void stop() {
    transport.close();
  }

  @Test
  void aConfiguredServerAndClientRegisterOnlyPublicPropertiesAndConnectByThemselves() {
    TcpServer server =
        new TcpServer(
            ConfigProxy.of(
                TcpServerConfig.class,
                Map.of("eq1.name", "act-srv", "tlsKeyStorePassword", "s3cret")),
            Map.of("service.pid", "com.eq1.network.tcp.server~act"),
            context(),
            transport);
    try (server) {
      await().atMost(WAIT).until(() -> server.state() == ConnectionState.CONNECTED);
      Registered serverService = registrations.get(0);
      await().atMost(WAIT).until(() -> serverService.latest().get(TcpServer.PORT_PROPERTY) != null);
      assertEquals(server.port(), serverService.latest().get(TcpServer.PORT_PROPERTY));
      assertEquals("127.0.0.1", serverService.latest().get(TcpServer.BIND_PROPERTY));
      assertEquals("tcp-server", serverService.latest().get("eq1.protocol"));

      TcpClient client =
          new TcpClient(
              ConfigProxy.of(
                  TcpClientConfig.class,
                  Map.of(
                      "eq1.name", "act-cli",
                      "host", "127.0.0.1",
                      "port", server.port(),
                      "tlsTrustStorePassword", "s3cret")),
              Map.of(),
              context(),
              transport);
      try (client) {
        await().atMost(WAIT).until(() -> client.state() == ConnectionState.CONNECTED);
        Map<String, Object> clientProperties = registrations.get(1).latest();
        assertEquals(Map.of("eq1.name", "act-cli", "eq1.protocol", "tcp-client"), clientProperties);
        for (Registered registered : registrations) {
          assertFalse(registered.latest().toString().contains("s3cret"));
        }
        client.send("hello".getBytes(StandardCharsets.UTF_8));
        assertEquals("hello", new String(server.read(WAIT).orElseThrow(), StandardCharsets.UTF_8));
      }
      assertTrue(registrations.get(1).unregistered.get(), "closing unregisters the service");
    }
    assertTrue(registrations.get(0).unregistered.get());
  }

  @Test
  void backgroundStartsThatFailKeepRetryingAndCountTheError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      Map<String, Object> fast = new HashMap<>();
      fast.put("reconnectInitialMillis", 50L);
      fast.put("reconnectMaxMillis", 100L);
      Map<String, Object> serverValues = new HashMap<>(fast);
      serverValues.put("eq1.name", "busy");
      serverValues.put("port", port);
      TcpServer server =
          new TcpServer(
              ConfigProxy.of(TcpServerConfig.class, serverValues), Map.of(), context(), transport);
      try (server) {
        await().atMost(WAIT).until(() -> server.statistics().errors() >= 2);
        assertEquals(ConnectionState.RECONNECTING, server.state());
        assertTrue(server.statistics().lastError().contains("cannot listen on 127.0.0.1:" + port));
        assertFalse(registrations.get(0).latest().containsKey(TcpServer.PORT_PROPERTY));
      }
    }
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    TcpClient client =
        new TcpClient(
            ConfigProxy.of(
                TcpClientConfig.class,
                Map.of(
                    "eq1.name",
                    "nobody",
                    "host",
                    "127.0.0.1",
                    "port",
                    closedPort,
                    "reconnectInitialMillis",
                    50L,
                    "reconnectMaxMillis",
                    100L)),
            Map.of(),
            context(),
            transport);
    try (client) {
      await().atMost(WAIT).until(() -> client.statistics().errors() >= 2);
      assertEquals(ConnectionState.RECONNECTING, client.state());
      assertEquals(0, client.statistics().reconnects());
    }
  }

  @Test
  void connectCalledWhileTheBackgroundAttemptRunsLeavesOneLink() {
    try (TcpServer server = new TcpServer(TcpServerSettings.of("race-srv", 0), transport)) {
      server.connect();
      for (int i = 0; i < 20; i++) {
        TcpClient client =
            new TcpClient(
                ConfigProxy.of(
                    TcpClientConfig.class,
                    Map.of("eq1.name", "race", "host", "127.0.0.1", "port", server.port())),
                Map.of(),
                context(),
                transport);
        try (client) {
          client.connect(); // races the attempt activation started
          await().atMost(WAIT).until(() -> client.state() == ConnectionState.CONNECTED);
          await()
              .during(Duration.ofMillis(100))
              .atMost(WAIT)
              .until(() -> server.sessions().size() == 1);
        }
        await().atMost(WAIT).until(() -> server.sessions().isEmpty());
      }
    }
  }

  @Test
  void aConfigurationWithAutoConnectOffWaitsForConnect() {
    TcpServer server =
        new TcpServer(
            ConfigProxy.of(
                TcpServerConfig.class, Map.of("eq1.name", "idle-srv", "autoConnect", false)),
            Map.of(),
            context(),
            transport);
    try (server) {
      assertEquals(ConnectionState.DISCONNECTED, server.state());
      assertEquals(-1, server.port());
      server.connect();
      server.connect(); // already listening: nothing happens
      assertTrue(server.port() > 0);
    }
    assertThrows(IllegalArgumentException.class, () -> new TcpTransport(0));
  }

  private BundleContext context() {
    Registered registered = new Registered();
    ServiceRegistration<?> registration =
        (ServiceRegistration<?>)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "setProperties" -> registered.properties.add(map(args[0]));
                    case "unregister" -> {
                      if (registered.unregistered.getAndSet(true)) {
                        throw new IllegalStateException("already unregistered");
                      }
                    }
                    case "hashCode" -> {
                      return System.identityHashCode(proxy);
                    }
                    case "equals" -> {
                      return proxy == args[0];
                    }
                    default -> {
                      return null;
                    }
                  }
                  return null;
                });
    return (BundleContext)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class},
            (proxy, method, args) -> {
              if (method.getName().equals("registerService") && args[0] == ReqResProtocol.class) {
                registered.properties.add(map(args[2]));
                registrations.add(registered);
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
