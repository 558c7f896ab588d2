package com.eq1.network.tcp;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import java.time.Duration;

/**
 * Everything a {@link TcpClient} needs, constructible in plain Java; in OSGi it comes from a {@link
 * TcpClientConfig}.
 *
 * @param name the connection name ({@code eq1.name})
 * @param host the server's host name or address ({@code host})
 * @param port the server's port, 1–65535 ({@code port})
 * @param connectTimeout how long one connect attempt, TLS handshake included, may take ({@code
 *     connectTimeoutMillis})
 * @param options framing, timeouts, heartbeats, socket options, TLS
 * @param reconnect the backoff after an unexpected loss ({@code reconnect*} keys)
 * @param queue the outbound queue used while disconnected ({@code queue*} keys)
 */
public record TcpClientSettings(
    String name,
    String host,
    int port,
    Duration connectTimeout,
    TcpOptions options,
    ReconnectSettings reconnect,
    QueueSettings queue) {

  /**
   * Checks the settings.
   *
   * @throws ConfigurationException naming the configuration key of the first bad value
   */
  public TcpClientSettings {
    ProtocolProperties.validateName(name);
    if (host == null || host.isBlank()) {
      throw new ConfigurationException(name, "host is missing");
    }
    host = host.trim();
    if (port < 1 || port > 65_535) {
      throw new ConfigurationException(name, "port must be between 1 and 65535, not " + port);
    }
    if (connectTimeout == null || connectTimeout.isZero() || connectTimeout.isNegative()) {
      throw new ConfigurationException(
          name, "connectTimeoutMillis must be positive, not " + connectTimeout);
    }
    if (connectTimeout.toMillis() > Integer.MAX_VALUE) { // the socket option is an int
      throw new ConfigurationException(
          name,
          "connectTimeoutMillis must be at most 2147483647, not " + connectTimeout.toMillis());
    }
    if (options == null || reconnect == null || queue == null) {
      throw new ConfigurationException(name, "options, reconnect and queue are required");
    }
  }

  /**
   * Returns client settings with the defaults: 5 s connect timeout, {@link TcpOptions#DEFAULT},
   * {@link ReconnectSettings#DEFAULT} and {@link QueueSettings#DEFAULT}.
   *
   * @param name the connection name
   * @param host the server's host
   * @param port the server's port
   * @return the settings
   */
  public static TcpClientSettings of(String name, String host, int port) {
    return new TcpClientSettings(
        name,
        host,
        port,
        Duration.ofSeconds(5),
        TcpOptions.DEFAULT,
        ReconnectSettings.DEFAULT,
        QueueSettings.DEFAULT);
  }

  /**
   * Returns a copy with other shared options.
   *
   * @param newOptions the options
   * @return the copy
   */
  public TcpClientSettings withOptions(TcpOptions newOptions) {
    return new TcpClientSettings(name, host, port, connectTimeout, newOptions, reconnect, queue);
  }

  /**
   * Returns a copy with another reconnect backoff.
   *
   * @param newReconnect the backoff
   * @return the copy
   */
  public TcpClientSettings withReconnect(ReconnectSettings newReconnect) {
    return new TcpClientSettings(name, host, port, connectTimeout, options, newReconnect, queue);
  }

  /**
   * Returns a copy with another outbound queue.
   *
   * @param newQueue the queue settings
   * @return the copy
   */
  public TcpClientSettings withQueue(QueueSettings newQueue) {
    return new TcpClientSettings(name, host, port, connectTimeout, options, reconnect, newQueue);
  }

  /**
   * Returns a copy with another connect timeout.
   *
   * @param timeout the connect timeout
   * @return the copy
   */
  public TcpClientSettings withConnectTimeout(Duration timeout) {
    return new TcpClientSettings(name, host, port, timeout, options, reconnect, queue);
  }
}
