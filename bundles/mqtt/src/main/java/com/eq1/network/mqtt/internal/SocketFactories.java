package com.eq1.network.mqtt.internal;

import com.eq1.network.link.TlsContexts;
import com.eq1.network.mqtt.MqttSettings;
import javax.net.SocketFactory;

/**
 * The socket factory a Paho client gets: always {@code TCP_NODELAY}; for {@code ssl://} brokers an
 * {@link javax.net.ssl.SSLSocketFactory} (Paho refuses anything else there, and a TLS factory for
 * {@code tcp://}) from {@link TlsContexts#client}.
 *
 * <p>Host names: before each handshake Paho 1.2.5 replaces the socket's {@code SSLParameters} with
 * fresh ones (to set SNI), dropping any endpoint identification set earlier, and then, if {@code
 * MqttConnectOptions.setHttpsHostnameVerificationEnabled(true)} (its default), sets endpoint
 * identification {@code HTTPS}. The sessions pass {@code tls().hostnameVerification()} there; the
 * context's own trust manager enforces the same setting whatever the socket says, so the two cannot
 * disagree.
 */
final class SocketFactories {

  private SocketFactories() {}

  /**
   * Returns the socket factory for a connection. The TLS files are read on every call, so a renewed
   * certificate is used from the next connect on.
   *
   * @param settings the connection settings
   * @return the factory
   * @throws com.eq1.network.api.ConfigurationException if a TLS file is missing, unreadable or not
   *     what its configuration key says, or a password is wrong
   */
  static SocketFactory of(MqttSettings settings) {
    if (!settings.tls().enabled()) {
      return new NoDelaySocketFactory();
    }
    return new NoDelaySslSocketFactory(
        TlsContexts.client(settings.name(), settings.tls()).getSocketFactory());
  }
}
