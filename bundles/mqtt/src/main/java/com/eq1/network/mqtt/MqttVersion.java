package com.eq1.network.mqtt;

import com.eq1.network.api.ConfigurationException;

/**
 * The MQTT protocol version a connection speaks; the configuration key is {@code protocolVersion}.
 */
public enum MqttVersion {
  /** MQTT 3.1.1, on Paho's {@code mqttv3} client. */
  V3_1_1("3.1.1"),
  /** MQTT 5, on Paho's {@code mqttv5} client (embedded in this bundle). */
  V5("5");

  private final String label;

  MqttVersion(String label) {
    this.label = label;
  }

  /**
   * Returns the version as it is written in a configuration: {@code 3.1.1} or {@code 5}.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Reads a configured version.
   *
   * @param connection the connection, named in the error
   * @param value {@code 3.1.1} (also {@code 3}, {@code 4}) or {@code 5} (also {@code 5.0})
   * @return the version
   * @throws ConfigurationException if the value names no supported version
   */
  public static MqttVersion parse(String connection, String value) {
    switch (value == null ? "" : value.trim()) {
      case "3.1.1":
      case "3":
      case "4":
        return V3_1_1;
      case "5":
      case "5.0":
        return V5;
      default:
        throw new ConfigurationException(
            connection, "protocolVersion '" + value + "' is not supported; use 3.1.1 or 5");
    }
  }

  @Override
  public String toString() {
    return label;
  }
}
