package com.eq1.network.mqtt;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns an {@link MqttConfig} into {@link MqttSettings}, logging what it rejects and where. */
final class MqttConfigs {

  private static final Logger LOG = LoggerFactory.getLogger(MqttConfigs.class);

  private MqttConfigs() {}

  static MqttSettings settings(MqttConfig config, Map<String, Object> properties) {
    try {
      if (!"3.1.1".equals(config.protocolVersion())) {
        throw new ConfigurationException(
            config.eq1_name(),
            "protocolVersion '" + config.protocolVersion() + "' is not supported; use 3.1.1");
      }
      String name = config.eq1_name();
      return new MqttSettings(
          name,
          config.broker(),
          config.clientId().isEmpty() ? "eq1-" + name : config.clientId(),
          config.username(),
          config.password(),
          Duration.ofSeconds(config.keepAliveSeconds()),
          config.cleanSession(),
          Duration.ofSeconds(config.connectTimeoutSeconds()),
          config.maxInflight(),
          new QueueSettings(
              config.queueCapacity(),
              Duration.ofSeconds(config.queueTtlSeconds()),
              config.queueOverflow()),
          new ReconnectSettings(
              Duration.ofMillis(config.reconnectInitialMillis()),
              Duration.ofMillis(config.reconnectMaxMillis()),
              Duration.ofMillis(config.reconnectStableMillis())),
          config.inboundCapacity());
    } catch (ConfigurationException e) {
      Object source =
          Stream.of("felix.fileinstall.filename", "service.pid", "component.name")
              .map(properties::get)
              .filter(Objects::nonNull)
              .findFirst()
              .orElse("(without a PID)");
      LOG.error(
          "MQTT connection not started, configuration {} rejected: {}", source, e.getMessage());
      throw e;
    }
  }
}
