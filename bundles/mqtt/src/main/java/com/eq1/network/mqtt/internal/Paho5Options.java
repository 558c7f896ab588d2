package com.eq1.network.mqtt.internal;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.mqtt.MqttSettings;
import com.eq1.network.mqtt.StatusMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.persist.MqttDefaultFilePersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * What Paho's {@code mqttv5} client is given from our settings: its CONNECT options and its
 * persistence. The same choices as for MQTT 3.1.1 where MQTT 5 has them, and these of its own:
 *
 * <ul>
 *   <li>Session Expiry Interval: the configured one; without one, what {@code cleanSession} means
 *       in 3.1.1: 0 (the session ends with the connection) for a clean session, 0xFFFFFFFF (kept
 *       for ever) otherwise. Paho sends none if none is set, which MQTT 5 reads as 0.
 *   <li>Receive Maximum, Topic Alias Maximum and Maximum Packet Size are not sent: the broker may
 *       send us 65,535 unacknowledged messages, uses no topic aliases towards us and sends packets
 *       of any size.
 *   <li>No subscription identifiers: they would only matter with Paho's per-subscription listeners,
 *       which we do not use.
 * </ul>
 */
final class Paho5Options {

  /** The longest Session Expiry Interval, which means "never expires". */
  static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

  private Paho5Options() {}

  /**
   * Returns the session expiry interval sent in CONNECT.
   *
   * @param settings the settings
   * @return the interval in seconds
   */
  static long sessionExpirySeconds(MqttSettings settings) {
    if (settings.sessionExpiry() != null) {
      return settings.sessionExpiry().toSeconds();
    }
    return settings.cleanSession() ? 0 : NEVER_EXPIRES;
  }

  /**
   * Returns the CONNECT options: automatic reconnect off, our socket factory, the will, the
   * credentials.
   *
   * @param settings the settings
   * @return the options
   */
  static MqttConnectionOptions connectOptions(MqttSettings settings) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setAutomaticReconnect(false);
    options.setCleanStart(settings.cleanSession());
    options.setSessionExpiryInterval(sessionExpirySeconds(settings));
    options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
    options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
    options.setUseSubscriptionIdentifiers(false);
    options.setSocketFactory(SocketFactories.of(settings));
    options.setHttpsHostnameVerificationEnabled(settings.tls().hostnameVerification());
    if (settings.brokers().size() > 1) {
      options.setServerURIs(settings.brokers().toArray(String[]::new));
    }
    StatusMessage will = settings.will();
    if (will != null) {
      MqttMessage message = new MqttMessage(will.payload());
      message.setQos(will.qos());
      message.setRetained(will.retain());
      options.setWill(will.topic(), message);
    }
    if (!settings.username().isEmpty()) {
      options.setUserName(settings.username());
    }
    if (!settings.password().isEmpty()) {
      options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
    }
    return options;
  }

  /**
   * Returns Paho's persistence: in memory, or files under the configured directory, which must be
   * creatable and writable. Never Paho's default, the working directory.
   *
   * @param settings the settings
   * @return the persistence
   * @throws ConfigurationException if the directory cannot be created or written to
   */
  static MqttClientPersistence persistence(MqttSettings settings) {
    Path directory = PersistenceDirectory.prepare(settings);
    if (directory == null) {
      return new MemoryPersistence();
    }
    return new MqttDefaultFilePersistence(directory.toString());
  }
}
