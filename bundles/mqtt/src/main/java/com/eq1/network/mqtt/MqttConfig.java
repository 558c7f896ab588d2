package com.eq1.network.mqtt;

import com.eq1.network.link.OverflowPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of one MQTT connection, factory PID {@code com.eq1.network.mqtt} (file {@code
 * etc/com.eq1.network.mqtt-<name>.cfg}). Turned into {@link MqttSettings}.
 */
@ObjectClassDefinition(
    id = MqttProtocol.FACTORY_PID,
    name = "EQ-1 MQTT connection",
    description = "A connection to an MQTT 3.1.1 or 5 broker (Eclipse Paho).")
public @interface MqttConfig {

  /**
   * The unique connection name.
   *
   * @return the {@code eq1.name} value
   */
  @AttributeDefinition(name = "Connection name", description = "eq1.name")
  String eq1_name() default "";

  /**
   * The broker.
   *
   * @return the broker URI
   */
  @AttributeDefinition(
      name = "Broker",
      description =
          "tcp://host:port or ssl://host:port; several, comma-separated, are tried in order")
  String broker() default "tcp://127.0.0.1:1883";

  /**
   * The client id; empty means {@code eq1-<name>}.
   *
   * @return the client id
   */
  @AttributeDefinition(name = "Client id", required = false)
  String clientId() default "";

  /**
   * The user name; empty for none.
   *
   * @return the user name
   */
  @AttributeDefinition(name = "User name", required = false)
  String username() default "";

  /**
   * The password; empty for none. Never logged or printed.
   *
   * @return the password
   */
  @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
  String password() default "";

  /**
   * The MQTT protocol version, {@code 3.1.1} or {@code 5}; the aliases {@link MqttVersion#parse}
   * takes are options too, so that the shell refuses nothing the connection accepts.
   *
   * @return the version
   */
  @AttributeDefinition(
      name = "Protocol version",
      options = {
        @Option(label = "MQTT 3.1.1", value = "3.1.1"),
        @Option(label = "MQTT 5", value = "5"),
        @Option(label = "MQTT 3.1.1 (protocol level 4)", value = "4"),
        @Option(label = "MQTT 3.1.1 (as 3)", value = "3"),
        @Option(label = "MQTT 5 (as 5.0)", value = "5.0")
      })
  String protocolVersion() default "3.1.1";

  /**
   * The keep-alive interval.
   *
   * @return seconds, 0 to turn keep-alive off
   */
  @AttributeDefinition(name = "Keep-alive (s)", min = "0", max = "65535")
  int keepAliveSeconds() default 30;

  /**
   * Whether the session starts clean at every connect.
   *
   * @return {@code false} keeps subscriptions and QoS ≥ 1 messages at the broker while away
   */
  @AttributeDefinition(name = "Clean session")
  boolean cleanSession() default false;

  /**
   * How long one connect attempt may take.
   *
   * @return seconds
   */
  @AttributeDefinition(name = "Connect timeout (s)", min = "1")
  int connectTimeoutSeconds() default 10;

  /**
   * How many QoS ≥ 1 publishes may wait for their acknowledgement at once.
   *
   * @return the in-flight window
   */
  @AttributeDefinition(name = "In-flight window", min = "1", max = "65535")
  int maxInflight() default 1_000;

  /**
   * Whether to connect when the configuration is activated.
   *
   * @return {@code true} to connect at once (in the background)
   */
  @AttributeDefinition(name = "Connect on start")
  boolean autoConnect() default true;

  /**
   * The most publishes held while disconnected.
   *
   * @return the offline queue capacity
   */
  @AttributeDefinition(name = "Offline queue capacity", min = "1")
  int queueCapacity() default 10_000;

  /**
   * How long a publish may wait in the offline queue.
   *
   * @return seconds
   */
  @AttributeDefinition(name = "Offline queue time to live (s)", min = "1")
  long queueTtlSeconds() default 30;

  /**
   * What a full offline queue does with one more publish.
   *
   * @return the overflow policy
   */
  @AttributeDefinition(name = "Offline queue overflow policy")
  OverflowPolicy queueOverflow() default OverflowPolicy.REJECT_NEWEST;

  /**
   * The ceiling of the first reconnect delay.
   *
   * @return milliseconds
   */
  @AttributeDefinition(name = "Reconnect initial delay (ms)", min = "1")
  long reconnectInitialMillis() default 1_000;

  /**
   * The largest ceiling of a reconnect delay.
   *
   * @return milliseconds
   */
  @AttributeDefinition(name = "Reconnect maximum delay (ms)", min = "1")
  long reconnectMaxMillis() default 60_000;

  /**
   * How long a connection must stay up before the backoff starts over.
   *
   * @return milliseconds
   */
  @AttributeDefinition(name = "Reconnect stable time (ms)", min = "0")
  long reconnectStableMillis() default 30_000;

  /**
   * The most received messages waiting for any one listener; each listener has its own lane, and
   * one that falls this far behind loses the next messages (counted as errors) instead of holding
   * up the others.
   *
   * @return the per-listener delivery queue capacity
   */
  @AttributeDefinition(
      name = "Inbound delivery queue capacity (per listener)",
      min = "1",
      description = "A listener this far behind loses messages, counted; the others go on")
  int inboundCapacity() default 10_000;

  /**
   * Topic the broker publishes the will on if the connection is lost; empty = no will.
   *
   * @return the willTopic value
   */
  @AttributeDefinition(
      name = "Last Will topic",
      description =
          "Topic the broker publishes the will on if the connection is lost; empty = no will.",
      required = false)
  String willTopic() default "";

  /**
   * UTF-8 payload of the will.
   *
   * @return the willPayload value
   */
  @AttributeDefinition(
      name = "Last Will payload",
      description = "UTF-8 payload of the will.",
      required = false)
  String willPayload() default "offline";

  /**
   * 0, 1 or 2.
   *
   * @return the willQos value
   */
  @AttributeDefinition(name = "Last Will QoS", description = "0, 1 or 2.", min = "0", max = "2")
  int willQos() default 1;

  /**
   * Whether the broker keeps the will for later subscribers.
   *
   * @return the willRetain value
   */
  @AttributeDefinition(
      name = "Last Will retained",
      description = "Whether the broker keeps the will for later subscribers.")
  boolean willRetain() default true;

  /**
   * Topic published on every (re)connect; empty = none. The will's topic gives the online/offline
   * pattern.
   *
   * @return the birthTopic value
   */
  @AttributeDefinition(
      name = "Birth topic",
      description =
          "Topic published on every (re)connect; empty = none. The will's topic gives the online/offline pattern.",
      required = false)
  String birthTopic() default "";

  /**
   * UTF-8 payload of the birth message.
   *
   * @return the birthPayload value
   */
  @AttributeDefinition(
      name = "Birth payload",
      description = "UTF-8 payload of the birth message.",
      required = false)
  String birthPayload() default "online";

  /**
   * 0, 1 or 2.
   *
   * @return the birthQos value
   */
  @AttributeDefinition(name = "Birth QoS", description = "0, 1 or 2.", min = "0", max = "2")
  int birthQos() default 1;

  /**
   * Whether the broker keeps the birth message.
   *
   * @return the birthRetain value
   */
  @AttributeDefinition(
      name = "Birth retained",
      description = "Whether the broker keeps the birth message.")
  boolean birthRetain() default true;

  /**
   * memory, or file (in persistenceDirectory, by default karaf.data/eq1/mqtt/NAME).
   *
   * @return the persistence value
   */
  @AttributeDefinition(
      name = "Paho persistence",
      description =
          "memory, or file (in persistenceDirectory, by default karaf.data/eq1/mqtt/NAME).",
      options = {
        @Option(label = "memory", value = "memory"),
        @Option(label = "file", value = "file")
      })
  String persistence() default "memory";

  /**
   * Absolute directory for persistence=file; empty = karaf.data/eq1/mqtt/NAME.
   *
   * @return the persistenceDirectory value
   */
  @AttributeDefinition(
      name = "Persistence directory",
      description = "Absolute directory for persistence=file; empty = karaf.data/eq1/mqtt/NAME.",
      required = false)
  String persistenceDirectory() default "";

  /**
   * @return MQTT 5: seconds the broker keeps the session after a disconnect; -1 = by cleanSession
   */
  @AttributeDefinition(
      name = "Session expiry (s)",
      description = "MQTT 5 only; -1 follows cleanSession",
      min = "-1",
      max = "4294967295")
  long sessionExpirySeconds() default -1;

  /**
   * @return queued publishes sent per second after a reconnect; 0 = no limit
   */
  @AttributeDefinition(name = "Queue flush rate (msg/s)", description = "0 = no limit", min = "0")
  int queueFlushRate() default 1_000;

  /**
   * @return the largest payload a publish may carry: the broker's limit
   */
  @AttributeDefinition(
      name = "Payload limit (bytes)",
      description = "Mosquitto: message_size_limit",
      min = "1",
      max = "268435455")
  int maxPayloadBytes() default MqttSettings.MQTT_MAX_PAYLOAD;

  /**
   * @return PKCS#12 or JKS file with this client's key and certificate, for mutual TLS
   */
  @AttributeDefinition(name = "Key store", required = false)
  String tlsKeyStore() default "";

  /**
   * @return the key store's password
   */
  @AttributeDefinition(name = "Key store password", type = AttributeType.PASSWORD, required = false)
  String tlsKeyStorePassword() default "";

  /**
   * @return PEM certificate chain of this client (instead of a key store), for mutual TLS
   */
  @AttributeDefinition(name = "Certificate (PEM)", required = false)
  String tlsCertificate() default "";

  /**
   * @return PEM PKCS#8 private key matching tlsCertificate
   */
  @AttributeDefinition(name = "Private key (PEM)", required = false)
  String tlsPrivateKey() default "";

  /**
   * @return the private key's password, if it is encrypted
   */
  @AttributeDefinition(
      name = "Private key password",
      type = AttributeType.PASSWORD,
      required = false)
  String tlsPrivateKeyPassword() default "";

  /**
   * @return PKCS#12 or JKS file of the CAs the broker's certificate must chain to
   */
  @AttributeDefinition(name = "Trust store", required = false)
  String tlsTrustStore() default "";

  /**
   * @return the trust store's password
   */
  @AttributeDefinition(
      name = "Trust store password",
      type = AttributeType.PASSWORD,
      required = false)
  String tlsTrustStorePassword() default "";

  /**
   * @return PEM file of the CAs the broker's certificate must chain to (instead of a store)
   */
  @AttributeDefinition(name = "CA certificates (PEM)", required = false)
  String tlsCaCertificates() default "";

  /**
   * @return whether the broker's certificate must name the broker's host
   */
  @AttributeDefinition(name = "Hostname verification")
  boolean tlsHostnameVerification() default true;
}
