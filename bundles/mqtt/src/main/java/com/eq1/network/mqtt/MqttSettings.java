package com.eq1.network.mqtt;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import com.eq1.network.link.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one MQTT connection needs, constructible in plain Java (the OSGi configuration {@link
 * MqttConfig} is turned into one of these). Immutable; {@link #toString()} never shows the
 * password.
 *
 * @param name the connection name ({@code eq1.name})
 * @param broker the broker URI, {@code tcp://host:port} or {@code ssl://host:port}, or several
 *     separated by commas (all of one scheme), tried in order on every connect
 * @param clientId the MQTT client id; stable, so that a persistent session survives a reconnect
 * @param username the user name, or empty for none
 * @param password the password, or empty for none; never logged
 * @param version the MQTT protocol version
 * @param keepAlive the keep-alive interval
 * @param cleanSession {@code false} keeps the session (subscriptions, queued QoS ≥ 1 messages) at
 *     the broker while the client is away
 * @param sessionExpiry MQTT 5 only: how long the broker keeps the session after the connection
 *     ends, or {@code null} for what {@code cleanSession} means in 3.1.1 (kept for ever unless
 *     clean)
 * @param connectTimeout how long one connect attempt may take
 * @param maxInflight how many QoS ≥ 1 publishes may wait for their acknowledgement at once
 * @param queue the offline queue for publishes made while disconnected
 * @param flushRate at most this many queued publishes per second go out after a reconnect, so that
 *     a long outage does not flood the broker; 0 for no limit
 * @param reconnect the backoff after an unexpected loss
 * @param inboundCapacity how many received messages may wait for each listener
 * @param maxPayload the largest payload in bytes a publish may carry (the broker's limit, {@code
 *     message_size_limit} in Mosquitto); larger ones are refused before they are sent
 * @param will the Last Will the broker publishes if the connection is lost, or {@code null}; also
 *     published by the connection itself just before a deliberate disconnect, so that the status
 *     topic is right either way
 * @param birth the message published on every (re)connect, or {@code null}
 * @param persistenceDirectory where Paho keeps unacknowledged QoS 1/2 messages across restarts, or
 *     {@code null} to keep them in memory; never the working directory
 * @param tls TLS key and trust material for {@code ssl://} brokers; {@code null} means the JVM's
 *     default trust for {@code ssl://} and {@link TlsSettings#OFF} for {@code tcp://}
 */
public record MqttSettings(
    String name,
    String broker,
    String clientId,
    String username,
    String password,
    MqttVersion version,
    Duration keepAlive,
    boolean cleanSession,
    Duration sessionExpiry,
    Duration connectTimeout,
    int maxInflight,
    QueueSettings queue,
    int flushRate,
    ReconnectSettings reconnect,
    int inboundCapacity,
    int maxPayload,
    StatusMessage will,
    StatusMessage birth,
    Path persistenceDirectory,
    TlsSettings tls) {

  /** The largest payload MQTT can carry at all: the remaining length's limit. */
  public static final int MQTT_MAX_PAYLOAD = 268_435_455;

  private static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFFL;

  /**
   * Checks the settings.
   *
   * @throws ConfigurationException naming the configuration key of the first bad value
   */
  public MqttSettings {
    ProtocolProperties.validateName(name);
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(reconnect, "reconnect");
    version = version == null ? MqttVersion.V3_1_1 : version;
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    boolean secure = "ssl".equals(BrokerUris.scheme(name, broker));
    tls = checkTls(name, secure, tls);
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
    if (sessionExpiry != null) {
      if (version != MqttVersion.V5) {
        throw new ConfigurationException(
            name, "session expiry (sessionExpirySeconds) needs protocolVersion 5");
      }
      if (sessionExpiry.isNegative() || sessionExpiry.toSeconds() > MAX_SESSION_EXPIRY_SECONDS) {
        throw new ConfigurationException(
            name,
            "session expiry (sessionExpirySeconds) must be 0..4294967295 s, not " + sessionExpiry);
      }
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
    if (flushRate < 0) {
      throw new ConfigurationException(
          name, "flush rate (queueFlushRate) must be 0 (no limit) or more, not " + flushRate);
    }
    if (maxPayload < 1 || maxPayload > MQTT_MAX_PAYLOAD) {
      throw new ConfigurationException(
          name, "payload limit (maxPayloadBytes) must be 1..268435455, not " + maxPayload);
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
   * Creates MQTT 3.1.1 settings without status messages, with in-memory persistence, plain TCP, no
   * payload limit but MQTT's own and no flush limit.
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
   * @param inboundCapacity how many received messages may wait for each listener
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
        MqttVersion.V3_1_1,
        keepAlive,
        cleanSession,
        null,
        connectTimeout,
        maxInflight,
        queue,
        0,
        reconnect,
        inboundCapacity,
        MQTT_MAX_PAYLOAD,
        null,
        null,
        null,
        null);
  }

  /**
   * Returns settings with our defaults: MQTT 3.1.1, client id {@code eq1-<name>}, no credentials,
   * 30 s keep-alive, persistent session, 10 s connect timeout, 1,000 in flight, the default queue
   * flushed at most 1,000 messages per second, the default backoff.
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
            10_000)
        .toBuilder().flushRate(1_000).build();
  }

  /**
   * Returns a builder holding these settings, to change some of them.
   *
   * @return the builder
   */
  public MqttSettingsBuilder toBuilder() {
    return new MqttSettingsBuilder(this);
  }

  /**
   * Returns the broker URIs, in the order they are tried.
   *
   * @return the URIs
   */
  public List<String> brokers() {
    List<String> uris = new ArrayList<>();
    for (String uri : broker.split(",")) {
      uris.add(uri.trim());
    }
    return uris;
  }

  /**
   * Returns these settings with another client id.
   *
   * @param id the client id
   * @return the new settings
   */
  public MqttSettings withClientId(String id) {
    return toBuilder().clientId(id).build();
  }

  /**
   * Returns these settings with credentials.
   *
   * @param user the user name
   * @param secret the password
   * @return the new settings
   */
  public MqttSettings withCredentials(String user, String secret) {
    return toBuilder().username(user).password(secret).build();
  }

  /**
   * Returns these settings with another offline queue and backoff.
   *
   * @param newQueue the offline queue
   * @param newReconnect the backoff
   * @return the new settings
   */
  public MqttSettings withLink(QueueSettings newQueue, ReconnectSettings newReconnect) {
    return toBuilder().queue(newQueue).reconnect(newReconnect).build();
  }

  /**
   * Returns these settings with a clean or a persistent session.
   *
   * @param clean {@code true} for a clean session
   * @return the new settings
   */
  public MqttSettings withCleanSession(boolean clean) {
    return toBuilder().cleanSession(clean).build();
  }

  /**
   * Returns these settings with a Last Will and a birth message.
   *
   * @param newWill the Last Will, or {@code null}
   * @param newBirth the birth message, or {@code null}
   * @return the new settings
   */
  public MqttSettings withStatus(StatusMessage newWill, StatusMessage newBirth) {
    return toBuilder().will(newWill).birth(newBirth).build();
  }

  /**
   * Returns these settings with Paho's in-flight messages kept in files under {@code directory}.
   *
   * @param directory the directory, or {@code null} to keep them in memory
   * @return the new settings
   */
  public MqttSettings withPersistence(Path directory) {
    return toBuilder().persistenceDirectory(directory).build();
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
        + ", version="
        + version
        + ", keepAlive="
        + keepAlive
        + ", cleanSession="
        + cleanSession
        + ", sessionExpiry="
        + sessionExpiry
        + ", connectTimeout="
        + connectTimeout
        + ", maxInflight="
        + maxInflight
        + ", queue="
        + queue
        + ", flushRate="
        + flushRate
        + ", reconnect="
        + reconnect
        + ", inboundCapacity="
        + inboundCapacity
        + ", maxPayload="
        + maxPayload
        + ", will="
        + will
        + ", birth="
        + birth
        + ", persistence="
        + (persistenceDirectory == null ? "memory" : persistenceDirectory)
        + ", tls="
        + tls
        + "]";
  }

  private static TlsSettings checkTls(String name, boolean secure, TlsSettings tls) {
    if (tls == null) {
      return secure ? TlsSettings.trusting(null) : TlsSettings.OFF;
    }
    if (tls.enabled() != secure) {
      throw new ConfigurationException(
          name,
          secure
              ? "broker is ssl:// but TLS is off"
              : "TLS settings are given but the broker is tcp://; use ssl://");
    }
    return tls;
  }
}
