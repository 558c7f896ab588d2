package com.eq1.network.mqtt;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.ClientAuth;
import com.eq1.network.link.ConfigurationSources;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import com.eq1.network.link.TlsContexts;
import com.eq1.network.link.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns an {@link MqttConfig} into {@link MqttSettings}, logging what it rejects and where. */
final class MqttConfigs {

  private static final Logger LOG = LoggerFactory.getLogger(MqttConfigs.class);

  private MqttConfigs() {}

  private static StatusMessage status(String topic, String payload, int qos, boolean retain) {
    return topic.isEmpty()
        ? null
        : new StatusMessage(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
  }

  /**
   * Where Paho's files go: never the working directory; by default under Karaf's data. The kind is
   * exactly {@code memory} or {@code file}, as the metatype's options offer it (spaces around it
   * are ignored, as the metatype's validation ignores them).
   */
  static Path persistence(String name, String kind, String directory) {
    switch (kind.trim()) {
      case "memory":
        return null;
      case "file":
        if (!directory.isBlank()) {
          return Path.of(directory.trim());
        }
        String data = System.getProperty("karaf.data");
        if (data == null || data.isBlank()) {
          throw new ConfigurationException(
              name, "persistence=file needs persistenceDirectory outside Karaf (no karaf.data)");
        }
        return Path.of(data, "eq1", "mqtt", name).toAbsolutePath();
      default:
        throw new ConfigurationException(
            name, "persistence '" + kind + "' is not known; use memory or file");
    }
  }

  /** TLS material for ssl:// brokers; none for tcp:// (where any tls* key is an error). */
  private static TlsSettings tls(MqttConfig c) {
    boolean secure = c.broker().trim().startsWith("ssl://");
    boolean given =
        !(c.tlsKeyStore().isBlank()
            && c.tlsCertificate().isBlank()
            && c.tlsPrivateKey().isBlank()
            && c.tlsTrustStore().isBlank()
            && c.tlsCaCertificates().isBlank()
            && c.tlsHostnameVerification());
    if (!secure && !given) {
      return null;
    }
    try {
      return new TlsSettings(
          true,
          path(c.tlsKeyStore()),
          c.tlsKeyStorePassword(),
          path(c.tlsCertificate()),
          path(c.tlsPrivateKey()),
          blankToNull(c.tlsPrivateKeyPassword()),
          path(c.tlsTrustStore()),
          c.tlsTrustStorePassword(),
          path(c.tlsCaCertificates()),
          c.tlsHostnameVerification(),
          ClientAuth.NONE);
    } catch (ConfigurationException e) {
      throw new ConfigurationException(c.eq1_name(), e.getMessage(), e);
    }
  }

  private static Path path(String value) {
    return value.isBlank() ? null : Path.of(value.trim());
  }

  private static String blankToNull(String value) {
    return value.isBlank() ? null : value;
  }

  static MqttSettings settings(MqttConfig config, Map<String, Object> properties) {
    try {
      String name = config.eq1_name();
      MqttSettings settings =
          new MqttSettings(
              name,
              config.broker(),
              config.clientId().isEmpty() ? "eq1-" + name : config.clientId(),
              config.username(),
              config.password(),
              MqttVersion.parse(name, config.protocolVersion()),
              Duration.ofSeconds(config.keepAliveSeconds()),
              config.cleanSession(),
              config.sessionExpirySeconds() == -1
                  ? null
                  : Duration.ofSeconds(config.sessionExpirySeconds()),
              Duration.ofSeconds(config.connectTimeoutSeconds()),
              config.maxInflight(),
              new QueueSettings(
                  config.queueCapacity(),
                  Duration.ofSeconds(config.queueTtlSeconds()),
                  config.queueOverflow()),
              config.queueFlushRate(),
              new ReconnectSettings(
                  Duration.ofMillis(config.reconnectInitialMillis()),
                  Duration.ofMillis(config.reconnectMaxMillis()),
                  Duration.ofMillis(config.reconnectStableMillis())),
              config.inboundCapacity(),
              config.maxPayloadBytes(),
              status(
                  config.willTopic(), config.willPayload(), config.willQos(), config.willRetain()),
              status(
                  config.birthTopic(),
                  config.birthPayload(),
                  config.birthQos(),
                  config.birthRetain()),
              persistence(name, config.persistence(), config.persistenceDirectory()),
              tls(config));
      if (settings.tls().enabled()) {
        TlsContexts.client(name, settings.tls()); // unreadable files refuse the configuration
      }
      return settings;
    } catch (ConfigurationException e) {
      LOG.error(
          "MQTT connection not started, configuration {} rejected: {}",
          ConfigurationSources.describe(properties),
          e.getMessage());
      throw e;
    }
  }
}
