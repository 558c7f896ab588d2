package com.eq1.network.mqtt;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one MQTT connection needs, constructible in plain Java (the OSGi configuration {@link
 * MqttConfig} is turned into one of these). Immutable; {@link #toString()} never shows the
 * password.
 *
 * @param name the connection name ({@code eq1.name})
 * @param broker the broker URI, {@code tcp://host:port}
 * @param clientId the MQTT client id; stable, so that a persistent session survives a reconnect
 * @param username the user name, or empty for none
 * @param password the password, or empty for none; never logged
 * @param keepAlive the keep-alive interval
 * @param cleanSession {@code false} keeps the session (subscriptions, queued QoS ≥ 1 messages) at
 *     the broker while the client is away
 * @param connectTimeout how long one connect attempt may take
 * @param maxInflight how many QoS ≥ 1 publishes may wait for their acknowledgement at once
 * @param queue the offline queue for publishes made while disconnected
 * @param reconnect the backoff after an unexpected loss
 * @param inboundCapacity how many received messages may wait for the listeners
 * @param will the Last Will the broker publishes if the connection is lost, or {@code null}; also
 *     published by the connection itself just before a deliberate disconnect, so that the status
 *     topic is right either way
 * @param birth the message published on every (re)connect, or {@code null}
 * @param persistenceDirectory where Paho keeps unacknowledged QoS 1/2 messages across restarts, or
 *     {@code null} to keep them in memory; never the working directory
 */
public record MqttSettings(
    String name,
    String broker,
    String clientId,
    String username,
    String password,
    Duration keepAlive,
    boolean cleanSession,
    Duration connectTimeout,
    int maxInflight,
    QueueSettings queue,
    ReconnectSettings reconnect,
    int inboundCapacity,
    StatusMessage will,
    StatusMessage birth,
    Path persistenceDirectory) {

  /**
   * Checks the settings.
   *
   * @throws ConfigurationException naming the configuration key of the first bad value
   */
  public MqttSettings {
    ProtocolProperties.validateName(name);
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(reconnect, "reconnect");
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    checkBroker(name, broker);
    if (clientId == null || clientId.isEmpty()) {
      throw new ConfigurationException(name, "client id (clientId) must not be empty");
    }
    if (clientId.length() > 65_535) {
      throw new ConfigurationException(
          name, "client id (clientId) is " + clientId.length() + " characters, at most 65535");
    }
    if (keepAlive == null || keepAlive.isNegative() || keepAlive.toSeconds() > 65_535) {
      throw new ConfigurationException(
          name, "keep-alive (keepAliveSeconds) must be 0..65535 s, not " + keepAlive);
    }
    if (connectTimeout == null || connectTimeout.toSeconds() < 1) {
      throw new ConfigurationException(
          name,
          "connect timeout (connectTimeoutSeconds) must be at least 1 s, not " + connectTimeout);
    }
    if (maxInflight < 1 || maxInflight > 65_535) {
      throw new ConfigurationException(
          name, "in-flight window (maxInflight) must be 1..65535, not " + maxInflight);
    }
    if (persistenceDirectory != null && !persistenceDirectory.isAbsolute()) {
      throw new ConfigurationException(
          name,
          "persistence directory (persistenceDirectory) must be absolute, not '"
              + persistenceDirectory
              + "': Paho's files never go to the working directory");
    }
    if (inboundCapacity < 1) {
      throw new ConfigurationException(
          name, "inbound capacity (inboundCapacity) must be at least 1, not " + inboundCapacity);
    }
  }

  /**
   * Creates settings without status messages and with in-memory persistence.
   *
   * @param name the connection name
   * @param broker the broker URI
   * @param clientId the MQTT client id
   * @param username the user name, or empty
   * @param password the password, or empty
   * @param keepAlive the keep-alive interval
   * @param cleanSession whether the broker forgets the session on disconnect
   * @param connectTimeout how long one connect attempt may take
   * @param maxInflight how many QoS ≥ 1 publishes may wait for their acknowledgement
   * @param queue the offline queue
   * @param reconnect the backoff
   * @param inboundCapacity how many received messages may wait for the listeners
   */
  public MqttSettings(
      String name,
      String broker,
      String clientId,
      String username,
      String password,
      Duration keepAlive,
      boolean cleanSession,
      Duration connectTimeout,
      int maxInflight,
      QueueSettings queue,
      ReconnectSettings reconnect,
      int inboundCapacity) {
    this(
        name,
        broker,
        clientId,
        username,
        password,
        keepAlive,
        cleanSession,
        connectTimeout,
        maxInflight,
        queue,
        reconnect,
        inboundCapacity,
        null,
        null,
        null);
  }

  /**
   * Returns settings with our defaults: client id {@code eq1-<name>}, no credentials, 30 s
   * keep-alive, persistent session, 10 s connect timeout, 1,000 in flight, the default queue and
   * backoff.
   *
   * @param name the connection name
   * @param broker the broker URI
   * @return the settings
   */
  public static MqttSettings defaults(String name, String broker) {
    return new MqttSettings(
        name,
        broker,
        "eq1-" + name,
        "",
        "",
        Duration.ofSeconds(30),
        false,
        Duration.ofSeconds(10),
        1_000,
        QueueSettings.DEFAULT,
        ReconnectSettings.DEFAULT,
        10_000);
  }

  /**
   * Returns these settings with another client id.
   *
   * @param id the client id
   * @return the new settings
   */
  public MqttSettings withClientId(String id) {
    return new MqttSettings(
        name,
        broker,
        id,
        username,
        password,
        keepAlive,
        cleanSession,
        connectTimeout,
        maxInflight,
        queue,
        reconnect,
        inboundCapacity,
        will,
        birth,
        persistenceDirectory);
  }

  /**
   * Returns these settings with credentials.
   *
   * @param user the user name
   * @param secret the password
   * @return the new settings
   */
  public MqttSettings withCredentials(String user, String secret) {
    return new MqttSettings(
        name,
        broker,
        clientId,
        user,
        secret,
        keepAlive,
        cleanSession,
        connectTimeout,
        maxInflight,
        queue,
        reconnect,
        inboundCapacity,
        will,
        birth,
        persistenceDirectory);
  }

  /**
   * Returns these settings with another offline queue and backoff.
   *
   * @param newQueue the offline queue
   * @param newReconnect the backoff
   * @return the new settings
   */
  public MqttSettings withLink(QueueSettings newQueue, ReconnectSettings newReconnect) {
    return new MqttSettings(
        name,
        broker,
        clientId,
        username,
        password,
        keepAlive,
        cleanSession,
        connectTimeout,
        maxInflight,
        newQueue,
        newReconnect,
        inboundCapacity,
        will,
        birth,
        persistenceDirectory);
  }

  /**
   * Returns these settings with a clean or a persistent session.
   *
   * @param clean {@code true} for a clean session
   * @return the new settings
   */
  public MqttSettings withCleanSession(boolean clean) {
    return new MqttSettings(
        name,
        broker,
        clientId,
        username,
        password,
        keepAlive,
        clean,
        connectTimeout,
        maxInflight,
        queue,
        reconnect,
        inboundCapacity,
        will,
        birth,
        persistenceDirectory);
  }

  /**
   * Returns these settings with a Last Will and a birth message.
   *
   * @param newWill the Last Will, or {@code null}
   * @param newBirth the birth message, or {@code null}
   * @return the new settings
   */
  public MqttSettings withStatus(StatusMessage newWill, StatusMessage newBirth) {
    return new MqttSettings(
        name,
        broker,
        clientId,
        username,
        password,
        keepAlive,
        cleanSession,
        connectTimeout,
        maxInflight,
        queue,
        reconnect,
        inboundCapacity,
        newWill,
        newBirth,
        persistenceDirectory);
  }

  /**
   * Returns these settings with Paho's in-flight messages kept in files under {@code directory}.
   *
   * @param directory the directory, or {@code null} to keep them in memory
   * @return the new settings
   */
  public MqttSettings withPersistence(Path directory) {
    return new MqttSettings(
        name,
        broker,
        clientId,
        username,
        password,
        keepAlive,
        cleanSession,
        connectTimeout,
        maxInflight,
        queue,
        reconnect,
        inboundCapacity,
        will,
        birth,
        directory);
  }

  @Override
  public String toString() {
    return "MqttSettings[name="
        + name
        + ", broker="
        + broker
        + ", clientId="
        + clientId
        + ", username="
        + username
        + ", password="
        + (password.isEmpty() ? "(none)" : "********")
        + ", keepAlive="
        + keepAlive
        + ", cleanSession="
        + cleanSession
        + ", connectTimeout="
        + connectTimeout
        + ", maxInflight="
        + maxInflight
        + ", queue="
        + queue
        + ", reconnect="
        + reconnect
        + ", inboundCapacity="
        + inboundCapacity
        + ", will="
        + will
        + ", birth="
        + birth
        + ", persistence="
        + (persistenceDirectory == null ? "memory" : persistenceDirectory)
        + "]";
  }

  private static void checkBroker(String name, String broker) {
    try {
      URI uri = new URI(Objects.requireNonNullElse(broker, ""));
      if (!"tcp".equals(uri.getScheme())
          || uri.getHost() == null
          || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw new ConfigurationException(
            name,
            "broker must be tcp://host:port (TLS is not supported yet), not '" + broker + "'");
      }
    } catch (URISyntaxException e) {
      throw new ConfigurationException(name, "broker is not a URI: '" + broker + "'", e);
    }
  }
}
