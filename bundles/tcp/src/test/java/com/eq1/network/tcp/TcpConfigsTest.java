package com.eq1.network.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.ClientAuth;
import com.eq1.network.link.ConfigProxy;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.packet.DelimitedPacketStructure;
import com.eq1.network.packet.NetworkPacketStructure;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Configurations as an operator writes them, turned into settings or refused with a clear error.
 */
class TcpConfigsTest {

  private static final Map<String, Object> PROPERTIES =
      Map.of("felix.fileinstall.filename", "file:/opt/eq1/etc/com.eq1.network.tcp.client-plc.cfg");

  private static TcpClientConfig client(Object... pairs) {
    Map<String, Object> values = new HashMap<>();
    values.put("eq1.name", "plc");
    values.put("host", "10.0.0.5");
    values.put("port", 502);
    for (int i = 0; i < pairs.length; i += 2) {
      values.put((String) pairs[i], pairs[i + 1]);
    }
    return ConfigProxy.of(TcpClientConfig.class, values);
  }

  private static TcpServerConfig server(Object... pairs) {
    Map<String, Object> values = new HashMap<>();
    values.put("eq1.name", "host");
    for (int i = 0; i < pairs.length; i += 2) {
      values.put((String) pairs[i], pairs[i + 1]);
    }
    return ConfigProxy.of(TcpServerConfig.class, values);
  }

  @Test
  void aMinimalClientConfigurationGetsTheDocumentedDefaults() {
    TcpClientSettings settings = TcpConfigs.client(client(), PROPERTIES);
    assertEquals("plc", settings.name());
    assertEquals("10.0.0.5", settings.host());
    assertEquals(502, settings.port());
    assertEquals(Duration.ofSeconds(5), settings.connectTimeout());
    TcpOptions options = settings.options();
    assertEquals(Framing.LENGTH, options.framing());
    assertEquals(NetworkPacketStructure.MAX_PAYLOAD, options.maxFrameBytes());
    assertEquals(Duration.ofSeconds(5), options.writeTimeout());
    assertEquals(Duration.ZERO, options.readTimeout());
    assertEquals(Duration.ZERO, options.heartbeatInterval());
    assertTrue(options.keepAlive());
    assertTrue(options.noDelay());
    assertFalse(options.tls().enabled());
    assertEquals(10_000, settings.queue().capacity());
    assertEquals(Duration.ofSeconds(30), settings.queue().timeToLive());
    assertEquals(OverflowPolicy.REJECT_NEWEST, settings.queue().overflowPolicy());
    assertEquals(Duration.ofSeconds(1), settings.reconnect().initialDelay());
    assertEquals(Duration.ofSeconds(60), settings.reconnect().maxDelay());
  }

  @Test
  void everyClientKeyReachesTheSettings() {
    TcpClientSettings settings =
        TcpConfigs.client(
            client(
                "framing",
                " delimited ",
                "delimiter",
                "dollar",
                "maxFrameBytes",
                4096,
                "connectTimeoutMillis",
                750L,
                "writeTimeoutMillis",
                250L,
                "readTimeoutMillis",
                9_000L,
                "heartbeatMisses",
                4,
                "keepAlive",
                false,
                "noDelay",
                false,
                "tls",
                true,
                "tlsCaCertificates",
                "/etc/eq1/ca.pem",
                "tlsHostnameVerification",
                false,
                "queueCapacity",
                7,
                "queueTtlSeconds",
                3L,
                "queueOverflow",
                OverflowPolicy.DROP_OLDEST,
                "reconnectInitialMillis",
                10L,
                "reconnectMaxMillis",
                20L,
                "reconnectStableMillis",
                30L,
                "inboundCapacity",
                11),
            PROPERTIES);
    TcpOptions options = settings.options();
    assertEquals(Framing.DELIMITED, options.framing());
    DelimitedPacketStructure structure = (DelimitedPacketStructure) options.structure();
    assertEquals("$", new String(structure.tailDelimiter()));
    assertEquals(4096, structure.maxPayload());
    assertEquals(Duration.ofMillis(750), settings.connectTimeout());
    assertEquals(Duration.ofMillis(250), options.writeTimeout());
    assertEquals(Duration.ofMillis(9_000), options.readTimeout());
    assertEquals(4, options.heartbeatMisses());
    assertEquals(Duration.ofSeconds(9), options.deadAfter(), "no heartbeats: the read timeout");
    assertFalse(options.keepAlive());
    assertFalse(options.noDelay());
    assertTrue(options.tls().enabled());
    assertEquals(Path.of("/etc/eq1/ca.pem"), options.tls().caCertificates());
    assertFalse(options.tls().hostnameVerification());
    assertNull(options.tls().keyStore());
    assertEquals(7, settings.queue().capacity());
    assertEquals(OverflowPolicy.DROP_OLDEST, settings.queue().overflowPolicy());
    assertEquals(Duration.ofMillis(20), settings.reconnect().maxDelay());
    assertEquals(11, options.inboundCapacity());
  }

  @Test
  void aServerListensOnLoopbackUnlessToldOtherwise() {
    TcpServerSettings settings = TcpConfigs.server(server(), Map.of());
    assertEquals("127.0.0.1", settings.bind());
    assertEquals(0, settings.port());
    assertEquals(1_000, settings.maxClients());
    assertEquals(ClientAuth.NONE, settings.options().tls().clientAuth());

    TcpServerSettings everywhere =
        TcpConfigs.server(
            server("bind", "0.0.0.0", "port", 4840, "maxClients", 5, "tlsClientAuth", "require"),
            Map.of());
    assertEquals("0.0.0.0", everywhere.bind());
    assertEquals(4840, everywhere.port());
    assertEquals(5, everywhere.maxClients());
    assertEquals(ClientAuth.REQUIRE, everywhere.options().tls().clientAuth());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "port|70000|port must be between 1 and 65535, not 70000",
        "port|0|port must be between 1 and 65535, not 0",
        "host|'  '|host is missing",
        "framing|json|framing 'json' is not known; use raw, length or delimited",
        "framing|LENGTH|framing 'LENGTH' is not known; use raw, length or delimited",
        "delimiter|tab|delimiter 'tab' is not known",
        "delimiter|Dollar|delimiter 'Dollar' is not known; use lines or dollar",
        "connectTimeoutMillis|2147483648|connectTimeoutMillis must be at most 2147483647",
        "maxFrameBytes|2000000|maxFrameBytes must be between 1 and 1048576",
        "eq1.name|bad name|the connection name (eq1.name) 'bad name' is not valid",
      })
  void aBadClientValueIsRefusedNamingTheKey(String key, String value, String expected) {
    Object typed =
        switch (key) {
          case "port", "maxFrameBytes" -> Integer.parseInt(value);
          case "connectTimeoutMillis" -> Long.parseLong(value);
          default -> value;
        };
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class, () -> TcpConfigs.client(client(key, typed), PROPERTIES));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  /**
   * {@code host} and {@code port} have no default in the metatype, so that {@code eq1:create}
   * reports them missing; for a missing key Declarative Services hands {@code null} and 0, which
   * are refused naming the key.
   */
  @Test
  void aClientWithoutHostOrPortIsRefusedNamingTheMissingKey() {
    Map<String, Object> noHost = new HashMap<>(Map.of("eq1.name", "plc", "port", 502));
    ConfigurationException host =
        assertThrows(
            ConfigurationException.class,
            () ->
                TcpConfigs.client(
                    asDeclarativeServices(TcpClientConfig.class, noHost), PROPERTIES));
    assertEquals("[plc] host is missing", host.getMessage());

    Map<String, Object> noPort = new HashMap<>(Map.of("eq1.name", "plc", "host", "10.0.0.5"));
    ConfigurationException port =
        assertThrows(
            ConfigurationException.class,
            () ->
                TcpConfigs.client(
                    asDeclarativeServices(TcpClientConfig.class, noPort), PROPERTIES));
    assertEquals("[plc] port must be between 1 and 65535, not 0", port.getMessage());
  }

  @Test
  void enumeratedValuesAreTakenAsTheMetatypeOffersThemWithSpacesAround() {
    assertEquals(Framing.RAW, TcpConfigs.framing(" raw "));
    assertEquals(ClientAuth.OPTIONAL, TcpConfigs.clientAuth("optional"));
    assertEquals("dollar", TcpConfigs.delimiter(" dollar"));
    ConfigurationException upper =
        assertThrows(ConfigurationException.class, () -> TcpConfigs.clientAuth("REQUIRE"));
    assertEquals(
        "tlsClientAuth 'REQUIRE' is not known; use none, optional or require", upper.getMessage());
    assertThrows(ConfigurationException.class, () -> TcpConfigs.framing(null));
    assertThrows(ConfigurationException.class, () -> TcpConfigs.delimiter(null));
  }

  /**
   * A configuration as Declarative Services makes it: a missing key without a default reads as
   * {@code null}, or 0 and {@code false} for primitives (link's ConfigProxy gives {@code null}
   * there, which a primitive method cannot return).
   */
  static <A> A asDeclarativeServices(Class<A> type, Map<String, Object> values) {
    A configured = ConfigProxy.of(type, values);
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              Class<?> returned = method.getReturnType();
              String key = method.getName().replace('_', '.');
              if (method.getDeclaringClass() == type
                  && returned.isPrimitive()
                  && !values.containsKey(key)
                  && method.getDefaultValue() == null) {
                return returned == boolean.class ? false : returned == long.class ? (Object) 0L : 0;
              }
              return method.invoke(configured, args);
            }));
  }

  @Test
  void heartbeatsNeedFramingAndAreRefusedOnRawStreams() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                TcpConfigs.client(
                    client("framing", "raw", "heartbeatIntervalMillis", 500L), PROPERTIES));
    assertTrue(
        e.getMessage().contains("heartbeats (heartbeatIntervalMillis) need"), e.getMessage());
  }

  @Test
  void heartbeatsCannotUseTheDollarDelimiterWhoseEmptyFrameIsAmbiguous() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                TcpConfigs.client(
                    client(
                        "framing", "delimited",
                        "delimiter", "dollar",
                        "heartbeatIntervalMillis", 500L),
                    PROPERTIES));
    assertTrue(e.getMessage().contains("delimiter=dollar cannot"), e.getMessage());
    assertEquals(
        Framing.DELIMITED,
        TcpConfigs.client(client("framing", "delimited", "delimiter", "dollar"), PROPERTIES)
            .options()
            .framing());
  }

  @Test
  void aTlsServerWithoutKeyMaterialOrWithTwoKindsOfItIsRefused() {
    ConfigurationException none =
        assertThrows(
            ConfigurationException.class, () -> TcpConfigs.server(server("tls", true), Map.of()));
    assertTrue(none.getMessage().contains("needs tlsKeyStore"), none.getMessage());
    ConfigurationException both =
        assertThrows(
            ConfigurationException.class,
            () ->
                TcpConfigs.server(
                    server(
                        "tls", true,
                        "tlsKeyStore", "/k.p12",
                        "tlsCertificate", "/c.pem",
                        "tlsPrivateKey", "/k.pem"),
                    Map.of()));
    assertTrue(both.getMessage().contains("not both"), both.getMessage());
    ConfigurationException half =
        assertThrows(
            ConfigurationException.class,
            () -> TcpConfigs.server(server("tls", true, "tlsCertificate", "/c.pem"), Map.of()));
    assertTrue(half.getMessage().contains("together"), half.getMessage());
    ConfigurationException auth =
        assertThrows(
            ConfigurationException.class,
            () -> TcpConfigs.server(server("tlsClientAuth", "always"), Map.of()));
    assertTrue(auth.getMessage().contains("none, optional or require"), auth.getMessage());
  }

  @Test
  void passwordsNeverShowInTheSettingsText() {
    TcpServerSettings settings =
        TcpConfigs.server(
            server(
                "tls", true,
                "tlsKeyStore", "/etc/eq1/server.p12",
                "tlsKeyStorePassword", "s3cret-ks",
                "tlsTrustStore", "/etc/eq1/trust.p12",
                "tlsTrustStorePassword", "s3cret-ts"),
            Map.of());
    String text = settings.toString();
    assertFalse(text.contains("s3cret"), text);
    assertTrue(text.contains("keyStorePassword=****"), text);
  }

  @Test
  void settingsBuiltInPlainJavaAreCheckedToo() {
    assertThrows(
        ConfigurationException.class,
        () -> TcpClientSettings.of("c", "h", 1).withConnectTimeout(Duration.ZERO));
    assertThrows(ConfigurationException.class, () -> TcpServerSettings.of("s", -1));
    assertThrows(
        ConfigurationException.class, () -> TcpServerSettings.of("s", 0).withMaxClients(0));
    assertThrows(
        ConfigurationException.class,
        () -> TcpOptions.DEFAULT.withTimeouts(Duration.ZERO, Duration.ZERO));
    assertThrows(
        ConfigurationException.class,
        () -> TcpOptions.DEFAULT.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1)));
    assertThrows(ConfigurationException.class, () -> TcpOptions.DEFAULT.withInboundCapacity(0));
    assertThrows(
        ConfigurationException.class, () -> TcpOptions.DEFAULT.withHeartbeat(Duration.ZERO, 0));
    assertEquals(
        Duration.ofSeconds(2),
        TcpOptions.DEFAULT
            .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
            .withHeartbeat(Duration.ofSeconds(1), 3)
            .deadAfter());
    assertEquals(Framing.RAW, TcpOptions.DEFAULT.withFraming(Framing.RAW).framing());
    assertNull(TcpOptions.DEFAULT.withFraming(Framing.RAW).structure());
  }
}
