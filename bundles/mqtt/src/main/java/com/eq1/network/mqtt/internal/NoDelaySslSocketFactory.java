package com.eq1.network.mqtt.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TLS sockets with {@code TCP_NODELAY} on, made by a JDK {@link SSLSocketFactory}. Paho takes an
 * {@link SSLSocketFactory} for {@code ssl://} brokers, calls {@link #createSocket()} and connects
 * the socket itself, and never sets {@code TCP_NODELAY}: without it small MQTT packets wait for
 * Nagle's algorithm, and with TLS records even more so.
 */
final class NoDelaySslSocketFactory extends SSLSocketFactory {

  private final SSLSocketFactory tls;

  /**
   * Wraps a factory.
   *
   * @param tls the factory of the TLS context, which decides keys, trust and host name checks
   */
  NoDelaySslSocketFactory(SSLSocketFactory tls) {
    this.tls = tls;
  }

  private static Socket noDelay(Socket socket) throws IOException {
    socket.setTcpNoDelay(true);
    return socket;
  }

  @Override
  public Socket createSocket() throws IOException {
    return noDelay(tls.createSocket());
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return noDelay(tls.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return noDelay(tls.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return noDelay(tls.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return noDelay(tls.createSocket(address, port, localAddress, localPort));
  }

  /** Layers TLS over a connected socket; {@code TCP_NODELAY} is set on that socket. */
  @Override
  public Socket createSocket(Socket socket, String host, int port, boolean autoClose)
      throws IOException {
    noDelay(socket);
    return tls.createSocket(socket, host, port, autoClose);
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return tls.getDefaultCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return tls.getSupportedCipherSuites();
  }
}
