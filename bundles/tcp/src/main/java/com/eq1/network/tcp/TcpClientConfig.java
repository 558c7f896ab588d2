package com.eq1.network.tcp;

import com.eq1.network.link.OverflowPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of one TCP client connection, factory PID {@code com.eq1.network.tcp.client} (file
 * {@code etc/com.eq1.network.tcp.client-<name>.cfg}).
 */
@ObjectClassDefinition(
    id = TcpClient.FACTORY_PID,
    name = "EQ-1 TCP client connection",
    description = "A connection to a TCP server.")
public @interface TcpClientConfig {

  /**
   * Unique name equipment code uses for this connection (eq1.name).
   *
   * @return the eq1.name value
   */
  @AttributeDefinition(
      name = "Connection name",
      description = "Unique name equipment code uses for this connection (eq1.name).")
  String eq1_name() default "";

  /**
   * Connect (client) or listen (server) when the configuration is activated.
   *
   * @return the autoConnect value
   */
  @AttributeDefinition(
      name = "Connect on start",
      description = "Connect (client) or listen (server) when the configuration is activated.")
  boolean autoConnect() default true;

  /**
   * Host name or address of the server (required: no default, so that the shell reports it missing;
   * Declarative Services hands {@code null} for a missing key, refused naming the key).
   *
   * @return the host value
   */
  @AttributeDefinition(
      name = "Server host",
      description = "Host name or address of the server (required).")
  String host();

  /**
   * Port of the server, 1-65535 (required: no default; Declarative Services hands 0 for a missing
   * key, refused naming the key).
   *
   * @return the port value
   */
  @AttributeDefinition(
      name = "Server port",
      description = "Port of the server, 1-65535 (required).",
      min = "1",
      max = "65535")
  int port();

  /**
   * How long one connect attempt, TLS handshake included, may take.
   *
   * @return the connectTimeoutMillis value
   */
  @AttributeDefinition(
      name = "Connect timeout (ms)",
      description = "How long one connect attempt, TLS handshake included, may take.",
      min = "1",
      max = "2147483647")
  long connectTimeoutMillis() default 5_000;

  /**
   * raw (bytes as they arrive), length (4-byte big-endian length prefix) or delimited.
   *
   * @return the framing value
   */
  @AttributeDefinition(
      name = "Framing",
      description =
          "raw (bytes as they arrive), length (4-byte big-endian length prefix) or delimited.",
      options = {
        @Option(label = "raw", value = "raw"),
        @Option(label = "length", value = "length"),
        @Option(label = "delimited", value = "delimited")
      })
  String framing() default "length";

  /**
   * For framing=delimited: lines (\n) or dollar ($...$).
   *
   * @return the delimiter value
   */
  @AttributeDefinition(
      name = "Delimiter",
      description = "For framing=delimited: lines (\\n) or dollar ($...$).",
      options = {
        @Option(label = "lines", value = "lines"),
        @Option(label = "dollar", value = "dollar")
      })
  String delimiter() default "lines";

  /**
   * Largest payload of one message; at most 1 MiB.
   *
   * @return the maxFrameBytes value
   */
  @AttributeDefinition(
      name = "Maximum message size (bytes)",
      description = "Largest payload of one message; at most 1 MiB.",
      min = "1",
      max = "1048576")
  int maxFrameBytes() default 1_048_576;

  /**
   * How long a send waits for a peer that is not reading before it fails.
   *
   * @return the writeTimeoutMillis value
   */
  @AttributeDefinition(
      name = "Write timeout (ms)",
      description = "How long a send waits for a peer that is not reading before it fails.",
      min = "1")
  long writeTimeoutMillis() default 5_000;

  /**
   * Close a link that receives nothing for this long; 0 = never.
   *
   * @return the readTimeoutMillis value
   */
  @AttributeDefinition(
      name = "Read timeout (ms)",
      description = "Close a link that receives nothing for this long; 0 = never.",
      min = "0")
  long readTimeoutMillis() default 0;

  /**
   * Send an empty frame after this long without sending; 0 = no heartbeats.
   *
   * @return the heartbeatIntervalMillis value
   */
  @AttributeDefinition(
      name = "Heartbeat interval (ms)",
      description = "Send an empty frame after this long without sending; 0 = no heartbeats.",
      min = "0")
  long heartbeatIntervalMillis() default 0;

  /**
   * Intervals without a byte received before the peer is presumed dead.
   *
   * @return the heartbeatMisses value
   */
  @AttributeDefinition(
      name = "Heartbeat misses",
      description = "Intervals without a byte received before the peer is presumed dead.",
      min = "1")
  int heartbeatMisses() default 3;

  /**
   * SO_KEEPALIVE on the socket.
   *
   * @return the keepAlive value
   */
  @AttributeDefinition(name = "TCP keepalive", description = "SO_KEEPALIVE on the socket.")
  boolean keepAlive() default true;

  /**
   * TCP_NODELAY on the socket.
   *
   * @return the noDelay value
   */
  @AttributeDefinition(name = "TCP no-delay", description = "TCP_NODELAY on the socket.")
  boolean noDelay() default true;

  /**
   * Use TLS.
   *
   * @return the tls value
   */
  @AttributeDefinition(name = "TLS", description = "Use TLS.")
  boolean tls() default false;

  /**
   * PKCS#12 or JKS file with this side's key and certificate.
   *
   * @return the tlsKeyStore value
   */
  @AttributeDefinition(
      name = "Key store",
      description = "PKCS#12 or JKS file with this side's key and certificate.",
      required = false)
  String tlsKeyStore() default "";

  /**
   * Password of the key store.
   *
   * @return the tlsKeyStorePassword value
   */
  @AttributeDefinition(
      name = "Key store password",
      description = "Password of the key store.",
      type = AttributeType.PASSWORD,
      required = false)
  String tlsKeyStorePassword() default "";

  /**
   * PEM certificate chain of this side (instead of a key store).
   *
   * @return the tlsCertificate value
   */
  @AttributeDefinition(
      name = "Certificate (PEM)",
      description = "PEM certificate chain of this side (instead of a key store).",
      required = false)
  String tlsCertificate() default "";

  /**
   * PEM PKCS#8 private key matching tlsCertificate.
   *
   * @return the tlsPrivateKey value
   */
  @AttributeDefinition(
      name = "Private key (PEM)",
      description = "PEM PKCS#8 private key matching tlsCertificate.",
      required = false)
  String tlsPrivateKey() default "";

  /**
   * Password of an encrypted private key.
   *
   * @return the tlsPrivateKeyPassword value
   */
  @AttributeDefinition(
      name = "Private key password",
      description = "Password of an encrypted private key.",
      type = AttributeType.PASSWORD,
      required = false)
  String tlsPrivateKeyPassword() default "";

  /**
   * PKCS#12 or JKS file of the CAs whose peers are accepted; empty = JVM default.
   *
   * @return the tlsTrustStore value
   */
  @AttributeDefinition(
      name = "Trust store",
      description = "PKCS#12 or JKS file of the CAs whose peers are accepted; empty = JVM default.",
      required = false)
  String tlsTrustStore() default "";

  /**
   * Password of the trust store.
   *
   * @return the tlsTrustStorePassword value
   */
  @AttributeDefinition(
      name = "Trust store password",
      description = "Password of the trust store.",
      type = AttributeType.PASSWORD,
      required = false)
  String tlsTrustStorePassword() default "";

  /**
   * PEM file of accepted CAs (instead of a trust store).
   *
   * @return the tlsCaCertificates value
   */
  @AttributeDefinition(
      name = "CA certificates (PEM)",
      description = "PEM file of accepted CAs (instead of a trust store).",
      required = false)
  String tlsCaCertificates() default "";

  /**
   * Check that the server certificate names the host.
   *
   * @return the tlsHostnameVerification value
   */
  @AttributeDefinition(
      name = "Hostname verification",
      description = "Check that the server certificate names the host.")
  boolean tlsHostnameVerification() default true;

  /**
   * Most sends held while disconnected.
   *
   * @return the queueCapacity value
   */
  @AttributeDefinition(
      name = "Outbound queue capacity",
      description = "Most sends held while disconnected.",
      min = "1")
  int queueCapacity() default 10_000;

  /**
   * How long a send may wait while disconnected; older ones are counted as expired, not sent.
   *
   * @return the queueTtlSeconds value
   */
  @AttributeDefinition(
      name = "Outbound queue time to live (s)",
      description =
          "How long a send may wait while disconnected; older ones are counted as expired, not sent.",
      min = "1")
  long queueTtlSeconds() default 30;

  /**
   * What a full queue does with one more send.
   *
   * @return the queueOverflow value
   */
  @AttributeDefinition(
      name = "Outbound queue overflow policy",
      description = "What a full queue does with one more send.")
  OverflowPolicy queueOverflow() default OverflowPolicy.REJECT_NEWEST;

  /**
   * Ceiling of the first jittered delay.
   *
   * @return the reconnectInitialMillis value
   */
  @AttributeDefinition(
      name = "Reconnect initial delay (ms)",
      description = "Ceiling of the first jittered delay.",
      min = "1")
  long reconnectInitialMillis() default 1_000;

  /**
   * Largest ceiling of the jittered delay.
   *
   * @return the reconnectMaxMillis value
   */
  @AttributeDefinition(
      name = "Reconnect maximum delay (ms)",
      description = "Largest ceiling of the jittered delay.",
      min = "1")
  long reconnectMaxMillis() default 60_000;

  /**
   * Time up after which the backoff starts over.
   *
   * @return the reconnectStableMillis value
   */
  @AttributeDefinition(
      name = "Reconnect stable time (ms)",
      description = "Time up after which the backoff starts over.",
      min = "0")
  long reconnectStableMillis() default 30_000;

  /**
   * Received messages waiting to be read; beyond it reading pauses (nothing is dropped).
   *
   * @return the inboundCapacity value
   */
  @AttributeDefinition(
      name = "Receive buffer (messages)",
      description =
          "Received messages waiting to be read; beyond it reading pauses (nothing is dropped).",
      min = "1")
  int inboundCapacity() default 10_000;
}
