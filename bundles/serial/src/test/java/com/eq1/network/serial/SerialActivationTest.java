package com.eq1.network.serial;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.ConfigProxy;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The component as Declarative Services creates it: from its configuration, registering itself with
 * only the public properties, opening the port in the background, unregistering on close. A bundle
 * context is the one part no unit test can have for real, so it is a recording proxy.
 */
class SerialActivationTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path folder;
  private SocatPty pty;
  private DevicePeer device;
  private final AtomicReference<Map<String, Object>> registered = new AtomicReference<>();
  private final AtomicBoolean unregistered = new AtomicBoolean();

  @BeforeEach
  void plug() throws Exception {
    pty = new SocatPty(folder);
    device = DevicePeer.silent(pty);
  }

  @AfterEach
  void unplug() throws Exception {
    pty.close();
    device.close();
  }

  @Test
  void aConfiguredPortRegistersOnlyPublicPropertiesAndOpensByItself() throws Exception {
    SerialPorts ports =
        new SerialPorts(
            ConfigProxy.of(
                SerialPortsConfig.class,
                Map.of("nativeLibraryDirectory", folder.resolve("native").toString())));
    Map<String, Object> values = new HashMap<>();
    values.put("eq1.name", "reader");
    values.put("port", pty.port());
    values.put("framing", "delimited");
    values.put("inboundCapacity", 2);
    SerialProtocol serial =
        new SerialProtocol(
            ConfigProxy.of(SerialConfig.class, values),
            Map.of("service.pid", "com.eq1.network.serial~reader"),
            context(),
            ports);
    try (serial) {
      assertEquals(Map.of("eq1.name", "reader", "eq1.protocol", "serial"), registered.get());
      await().atMost(WAIT).until(() -> serial.state() == ConnectionState.CONNECTED);
      assertEquals("serial", serial.protocolType());
      assertEquals(pty.port(), serial.settings().port());
      assertTrue(Files.isDirectory(folder.resolve("native")));
      // five lines into a buffer of two: the reader waits for readers instead of dropping
      device.send("1\n2\n3\n4\n5\n".getBytes(StandardCharsets.US_ASCII));
      await().atMost(WAIT).until(() -> serial.statistics().messagesIn() >= 2);
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        lines.append(new String(serial.read(WAIT).orElseThrow(), StandardCharsets.US_ASCII));
      }
      assertEquals("12345", lines.toString());
      assertEquals(Optional.empty(), serial.read(Duration.ZERO));
      assertEquals(Optional.empty(), serial.read(Duration.ofMillis(-1)));
    }
    assertTrue(unregistered.get(), "closing unregisters the service");
    assertEquals(ConnectionState.CLOSED, serial.state());
  }

  @Test
  void autoConnectOffLeavesThePortClosedUntilConnect() {
    Map<String, Object> values = new HashMap<>();
    values.put("eq1.name", "manual");
    values.put("port", pty.port());
    values.put("autoConnect", false);
    SerialProtocol serial =
        new SerialProtocol(
            ConfigProxy.of(SerialConfig.class, values),
            Map.of(),
            context(),
            new SerialPorts(folder.resolve("native")));
    try (serial) {
      assertEquals(ConnectionState.DISCONNECTED, serial.state());
      assertFalse(serial.read().isPresent());
      serial.connect();
      assertEquals(ConnectionState.CONNECTED, serial.state());
    }
  }

  private BundleContext context() {
    ServiceRegistration<?> registration =
        (ServiceRegistration<?>)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("unregister") && unregistered.getAndSet(true)) {
                    throw new IllegalStateException("already unregistered");
                  }
                  return null;
                });
    return (BundleContext)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class},
            (proxy, method, args) -> {
              if (method.getName().equals("registerService") && args[0] == ReqResProtocol.class) {
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
