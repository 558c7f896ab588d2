package com.eq1.network.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.NamedThreadFactory;
import com.eq1.network.link.TestCertificates;
import com.eq1.network.link.TlsContexts;
import com.eq1.network.link.TlsSettings;
import com.eq1.network.mqtt.MqttSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SocketFactories} for {@code ssl://}: a TLS factory whose sockets have {@code TCP_NODELAY}
 * on, made the way Paho makes them (unconnected, then connected), and through every other call.
 */
class MqttTlsSocketTest {

  private static final int TIMEOUT_MILLIS = 10_000;

  @TempDir Path dir;
  private TestCertificates certs;
  private SSLServerSocket server;
  private final ExecutorService acceptor =
      Executors.newSingleThreadExecutor(new NamedThreadFactory("tls-socket-test"));
  private final List<Socket> sockets = new ArrayList<>();
  private final InetAddress loopback = InetAddress.getLoopbackAddress();

  @BeforeEach
  void listen() throws IOException {
    certs = TestCertificates.create(dir);
    TlsSettings serverTls =
        TlsSettings.trusting(certs.caCertificate).withKey(certs.serverCertificate, certs.serverKey);
    server =
        (SSLServerSocket)
            TlsContexts.server("server", serverTls)
                .getServerSocketFactory()
                .createServerSocket(0, 50, loopback);
  }

  @AfterEach
  void closeAll() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    server.close();
    acceptor.shutdownNow();
  }

  private SocketFactory factory() {
    MqttSettings settings =
        MqttSettings.defaults("tls", "ssl://localhost:" + server.getLocalPort()).toBuilder()
            .tls(TlsSettings.trusting(certs.caCertificate))
            .build();
    return SocketFactories.of(settings);
  }

  private Socket kept(Socket socket) {
    sockets.add(socket);
    assertInstanceOf(SSLSocket.class, socket);
    return socket;
  }

  @Test
  void aTlsSocketHasNoDelayBeforeAndAfterItsHandshake() throws Exception {
    SocketFactory factory = factory();
    assertInstanceOf(SSLSocketFactory.class, factory, "Paho refuses anything else for ssl://");
    Socket socket = kept(factory.createSocket());
    assertFalse(socket.isConnected());
    assertTrue(socket.getTcpNoDelay(), "TCP_NODELAY before connecting");

    Future<Integer> echoed =
        acceptor.submit(
            () -> {
              try (Socket accepted = server.accept()) {
                int b = accepted.getInputStream().read();
                accepted.getOutputStream().write(b);
                return b;
              }
            });
    socket.connect(new InetSocketAddress("localhost", server.getLocalPort()), TIMEOUT_MILLIS);
    socket.setSoTimeout(TIMEOUT_MILLIS);
    ((SSLSocket) socket).startHandshake();
    socket.getOutputStream().write(7);
    assertEquals(7, socket.getInputStream().read());
    assertEquals(7, echoed.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
    assertTrue(socket.getTcpNoDelay(), "TCP_NODELAY after the handshake");
    assertEquals("TLSv1.3", ((SSLSocket) socket).getSession().getProtocol());
  }

  @Test
  void everyWayOfMakingASocketSetsNoDelay() throws IOException {
    SSLSocketFactory factory = (SSLSocketFactory) factory();
    int port = server.getLocalPort();
    String host = loopback.getHostAddress();
    List<Socket> made = new ArrayList<>();
    made.add(kept(factory.createSocket(host, port)));
    made.add(kept(factory.createSocket(host, port, loopback, 0)));
    made.add(kept(factory.createSocket(loopback, port)));
    made.add(kept(factory.createSocket(loopback, port, loopback, 0)));
    Socket plain = new Socket(loopback, port);
    sockets.add(plain);
    made.add(kept(factory.createSocket(plain, host, port, true)));
    for (Socket socket : made) {
      assertTrue(socket.isConnected());
      assertTrue(socket.getTcpNoDelay(), "TCP_NODELAY on " + socket);
    }
    assertTrue(plain.getTcpNoDelay(), "the layered-over socket");
    assertTrue(factory.getDefaultCipherSuites().length > 0);
    assertTrue(
        factory.getSupportedCipherSuites().length >= factory.getDefaultCipherSuites().length);
  }

  @Test
  void plainTcpGetsAPlainFactoryAndBadTlsFilesAConfigurationError() {
    SocketFactory plain = SocketFactories.of(MqttSettings.defaults("plain", "tcp://localhost:1"));
    assertFalse(plain instanceof SSLSocketFactory, "Paho refuses a TLS factory for tcp://");
    assertInstanceOf(NoDelaySocketFactory.class, plain);

    Path missing = dir.resolve("nowhere.pem");
    MqttSettings broken =
        MqttSettings.defaults("broken", "ssl://localhost:1").toBuilder()
            .tls(TlsSettings.trusting(missing))
            .build();
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> SocketFactories.of(broken));
    assertTrue(e.getMessage().startsWith("[broken] tlsCaCertificates " + missing), e.getMessage());
  }
}
