package com.eq1.network.tcp;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.ClientAuth;
import com.eq1.network.link.ConfigurationSources;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import com.eq1.network.link.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns TCP configurations into settings, logging what it rejects and in which file. */
final class TcpConfigs {

  private static final Logger LOG = LoggerFactory.getLogger(TcpConfigs.class);

  private TcpConfigs() {}

  static TcpClientSettings client(TcpClientConfig c, Map<String, Object> properties) {
    return checked(
        "client",
        c.eq1_name(),
        properties,
        () ->
            new TcpClientSettings(
                c.eq1_name(),
                c.host(),
                c.port(),
                Duration.ofMillis(c.connectTimeoutMillis()),
                new TcpOptions(
                    framing(c.framing()),
                    delimiter(c.delimiter()),
                    c.maxFrameBytes(),
                    Duration.ofMillis(c.writeTimeoutMillis()),
                    Duration.ofMillis(c.readTimeoutMillis()),
                    Duration.ofMillis(c.heartbeatIntervalMillis()),
                    c.heartbeatMisses(),
                    c.keepAlive(),
                    c.noDelay(),
                    new TlsSettings(
                        c.tls(),
                        path(c.tlsKeyStore()),
                        c.tlsKeyStorePassword(),
                        path(c.tlsCertificate()),
                        path(c.tlsPrivateKey()),
                        blankToNull(c.tlsPrivateKeyPassword()),
                        path(c.tlsTrustStore()),
                        c.tlsTrustStorePassword(),
                        path(c.tlsCaCertificates()),
                        c.tlsHostnameVerification(),
                        ClientAuth.NONE),
                    c.inboundCapacity()),
                new ReconnectSettings(
                    Duration.ofMillis(c.reconnectInitialMillis()),
                    Duration.ofMillis(c.reconnectMaxMillis()),
                    Duration.ofMillis(c.reconnectStableMillis())),
                new QueueSettings(
                    c.queueCapacity(),
                    Duration.ofSeconds(c.queueTtlSeconds()),
                    c.queueOverflow())));
  }

  static TcpServerSettings server(TcpServerConfig c, Map<String, Object> properties) {
    return checked(
        "server",
        c.eq1_name(),
        properties,
        () ->
            new TcpServerSettings(
                c.eq1_name(),
                c.bind(),
                c.port(),
                c.maxClients(),
                new TcpOptions(
                    framing(c.framing()),
                    delimiter(c.delimiter()),
                    c.maxFrameBytes(),
                    Duration.ofMillis(c.writeTimeoutMillis()),
                    Duration.ofMillis(c.readTimeoutMillis()),
                    Duration.ofMillis(c.heartbeatIntervalMillis()),
                    c.heartbeatMisses(),
                    c.keepAlive(),
                    c.noDelay(),
                    new TlsSettings(
                        c.tls(),
                        path(c.tlsKeyStore()),
                        c.tlsKeyStorePassword(),
                        path(c.tlsCertificate()),
                        path(c.tlsPrivateKey()),
                        blankToNull(c.tlsPrivateKeyPassword()),
                        path(c.tlsTrustStore()),
                        c.tlsTrustStorePassword(),
                        path(c.tlsCaCertificates()),
                        true,
                        clientAuth(c.tlsClientAuth())),
                    c.inboundCapacity()),
                new ReconnectSettings(
                    Duration.ofMillis(c.reconnectInitialMillis()),
                    Duration.ofMillis(c.reconnectMaxMillis()),
                    Duration.ofMillis(c.reconnectStableMillis()))));
  }

  /**
   * Reads {@code framing}: exactly one of the metatype's options ({@code raw}, {@code length},
   * {@code delimited}), around which spaces are ignored as the metatype's validation ignores them.
   */
  static Framing framing(String value) {
    return parse(Framing.class, value, "framing", "raw, length or delimited");
  }

  /** Reads {@code tlsClientAuth}: exactly {@code none}, {@code optional} or {@code require}. */
  static ClientAuth clientAuth(String value) {
    return parse(ClientAuth.class, value, "tlsClientAuth", "none, optional or require");
  }

  /** Reads {@code delimiter}: exactly {@code lines} or {@code dollar}. */
  static String delimiter(String value) {
    String given = value == null ? "" : value.trim();
    if (!given.equals("lines") && !given.equals("dollar")) {
      throw new ConfigurationException(
          null, "delimiter '" + value + "' is not known; use lines or dollar");
    }
    return given;
  }

  /**
   * Reads an enumerated key the way the metatype's options check it: the lower-case name, nothing
   * else, so that what {@code eq1:create} accepts and what the connection accepts are the same.
   */
  private static <E extends Enum<E>> E parse(
      Class<E> type, String value, String key, String choices) {
    String given = value == null ? "" : value.trim();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().toLowerCase(Locale.ROOT).equals(given)) {
        return constant;
      }
    }
    throw new ConfigurationException(null, key + " '" + value + "' is not known; use " + choices);
  }

  private static Path path(String value) {
    return value == null || value.isBlank() ? null : Path.of(value.trim());
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static <T> T checked(
      String kind, String name, Map<String, Object> properties, Supplier<T> build) {
    try {
      return build.get();
    } catch (ConfigurationException e) {
      LOG.error(
          "TCP {} '{}' not started, configuration {} rejected: {}",
          kind,
          name,
          ConfigurationSources.describe(properties),
          e.getMessage());
      throw e;
    }
  }
}
