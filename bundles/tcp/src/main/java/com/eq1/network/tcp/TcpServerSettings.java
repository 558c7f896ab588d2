package com.eq1.network.tcp;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.link.ReconnectSettings;

/**
 * Everything a {@link TcpServer} needs, constructible in plain Java; in OSGi it comes from a {@link
 * TcpServerConfig}.
 *
 * @param name the connection name ({@code eq1.name})
 * @param bind the local address to listen on; {@code 0.0.0.0} listens on every interface and must
 *     be asked for ({@code bind})
 * @param port the port, 0 for one chosen by the system ({@code port})
 * @param maxClients the most clients connected at once; more are refused and logged ({@code
 *     maxClients})
 * @param options framing, timeouts, heartbeats, socket options, TLS
 * @param rebind the backoff between attempts to listen while the port is taken ({@code reconnect*}
 *     keys)
 */
public record TcpServerSettings(
    String name,
    String bind,
    int port,
    int maxClients,
    TcpOptions options,
    ReconnectSettings rebind) {

  /** The bind address when none is configured: loopback only. */
  public static final String DEFAULT_BIND = "127.0.0.1";

  /**
   * Checks the settings.
   *
   * @throws ConfigurationException naming the configuration key of the first bad value
   */
  public TcpServerSettings {
    ProtocolProperties.validateName(name);
    bind = bind == null || bind.isBlank() ? DEFAULT_BIND : bind.trim();
    if (port < 0 || port > 65_535) {
      throw new ConfigurationException(name, "port must be between 0 and 65535, not " + port);
    }
    if (maxClients < 1) {
      throw new ConfigurationException(name, "maxClients must be at least 1, not " + maxClients);
    }
    if (options == null || rebind == null) {
      throw new ConfigurationException(name, "options and rebind are required");
    }
    if (options.tls().enabled() && !options.tls().hasKeyMaterial()) {
      throw new ConfigurationException(
          name, "a TLS server needs tlsKeyStore, or tlsCertificate with tlsPrivateKey");
    }
  }

  /**
   * Returns server settings on 127.0.0.1 with the defaults: 1,000 clients, {@link
   * TcpOptions#DEFAULT}, {@link ReconnectSettings#DEFAULT}.
   *
   * @param name the connection name
   * @param port the port, 0 for one chosen by the system
   * @return the settings
   */
  public static TcpServerSettings of(String name, int port) {
    return new TcpServerSettings(
        name, DEFAULT_BIND, port, 1_000, TcpOptions.DEFAULT, ReconnectSettings.DEFAULT);
  }

  /**
   * Returns a copy with other shared options.
   *
   * @param newOptions the options
   * @return the copy
   */
  public TcpServerSettings withOptions(TcpOptions newOptions) {
    return new TcpServerSettings(name, bind, port, maxClients, newOptions, rebind);
  }

  /**
   * Returns a copy with another client limit.
   *
   * @param newMaxClients the most clients connected at once
   * @return the copy
   */
  public TcpServerSettings withMaxClients(int newMaxClients) {
    return new TcpServerSettings(name, bind, port, newMaxClients, options, rebind);
  }

  /**
   * Returns a copy with another backoff between attempts to listen.
   *
   * @param newRebind the backoff
   * @return the copy
   */
  public TcpServerSettings withRebind(ReconnectSettings newRebind) {
    return new TcpServerSettings(name, bind, port, maxClients, options, newRebind);
  }
}
