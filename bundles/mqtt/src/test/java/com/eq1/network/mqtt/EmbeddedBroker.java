package com.eq1.network.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Properties;

/** A real MQTT broker (Moquette) in the test JVM, on a free loopback port, memory only. */
final class EmbeddedBroker implements AutoCloseable {

  private final int port;
  private final IAuthenticator authenticator;
  private final IAuthorizatorPolicy authorizator;
  private Server server;

  EmbeddedBroker() {
    this(null);
  }

  EmbeddedBroker(IAuthenticator authenticator) {
    this(authenticator, null);
  }

  /**
   * A broker with an authenticator (or {@code null} for anonymous access) and a policy deciding
   * which topics each client may read and write (or {@code null} to permit everything).
   */
  EmbeddedBroker(IAuthenticator authenticator, IAuthorizatorPolicy authorizator) {
    this.port = freePort();
    this.authenticator = authenticator;
    this.authorizator = authorizator;
    start();
  }

  /**
   * A policy that lets every client read and write everything except reading (subscribing to) the
   * topic filters under {@code deniedPrefix}: the broker answers their SUBSCRIBE with 0x80.
   */
  static IAuthorizatorPolicy denyReading(String deniedPrefix) {
    return new IAuthorizatorPolicy() {
      @Override
      public boolean canWrite(Topic topic, String user, String client) {
        return true;
      }

      @Override
      public boolean canRead(Topic topic, String user, String client) {
        return !topic.toString().startsWith(deniedPrefix);
      }
    };
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  void start() {
    Properties props = new Properties();
    props.setProperty("host", "127.0.0.1");
    props.setProperty("port", Integer.toString(port));
    props.setProperty("websocket_port", "disabled");
    props.setProperty("allow_anonymous", Boolean.toString(authenticator == null));
    props.setProperty("persistence_enabled", "false");
    props.setProperty("telemetry_enabled", "false");
    server = new Server();
    try {
      server.startServer(new MemoryConfig(props), List.of(), null, authenticator, authorizator);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void stop() {
    server.stopServer();
  }

  /** Cuts a client's connection from the broker side, as a network failure would. */
  boolean cut(String clientId) {
    return server.disconnectClient(clientId);
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
