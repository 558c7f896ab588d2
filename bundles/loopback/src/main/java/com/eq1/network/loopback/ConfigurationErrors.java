package com.eq1.network.loopback;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.link.ConfigurationSources;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks configuration values and logs a rejected configuration with the file it came from. */
final class ConfigurationErrors {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationErrors.class);

  private ConfigurationErrors() {}

  static String checkName(String name, Map<String, Object> properties) {
    try {
      return ProtocolProperties.validateName(name);
    } catch (ConfigurationException e) {
      throw logged(e, properties);
    }
  }

  static QueueSettings queueSettings(
      int capacity, long ttlSeconds, OverflowPolicy overflow, Map<String, Object> properties) {
    try {
      return new QueueSettings(capacity, Duration.ofSeconds(ttlSeconds), overflow);
    } catch (ConfigurationException e) {
      throw logged(e, properties);
    }
  }

  static int inboundCapacity(int capacity, Map<String, Object> properties) {
    if (capacity < 1) {
      throw logged(
          new ConfigurationException(
              null, "the inbound capacity (inboundCapacity) must be at least 1, not " + capacity),
          properties);
    }
    return capacity;
  }

  private static ConfigurationException logged(
      ConfigurationException e, Map<String, Object> properties) {
    LOG.error(
        "Connection not started, configuration {} rejected: {}",
        ConfigurationSources.describe(properties),
        e.getMessage());
    return e;
  }
}
