package com.eq1.network.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every socket {@link NoDelaySocketFactory} makes has {@code TCP_NODELAY} on. */
class NoDelaySocketFactoryTest {

  private final NoDelaySocketFactory factory = new NoDelaySocketFactory();
  private final List<Socket> sockets = new ArrayList<>();
  private final InetAddress loopback = InetAddress.getLoopbackAddress();
  private ServerSocket server;

  @BeforeEach
  void listen() throws IOException {
    server = new ServerSocket(0, 50, loopback);
  }

  @AfterEach
  void closeAll() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    server.close();
  }

  private Socket connected(Socket socket) throws IOException {
    sockets.add(socket);
    assertTrue(socket.isConnected());
    assertEquals(server.getLocalPort(), socket.getPort());
    assertTrue(socket.getTcpNoDelay(), "TCP_NODELAY");
    return socket;
  }

  @Test
  void anUnconnectedSocketHasNoDelayBeforeItConnects() throws IOException {
    Socket socket = factory.createSocket();
    sockets.add(socket);
    assertFalse(socket.isConnected());
    assertTrue(socket.getTcpNoDelay(), "TCP_NODELAY");
    socket.connect(new InetSocketAddress(loopback, server.getLocalPort()), 5_000);
    connected(socket);
  }

  @Test
  void socketsToAHostName() throws IOException {
    connected(factory.createSocket(loopback.getHostAddress(), server.getLocalPort()));
    Socket bound =
        connected(
            factory.createSocket(loopback.getHostAddress(), server.getLocalPort(), loopback, 0));
    assertEquals(loopback, bound.getLocalAddress());
  }

  @Test
  void socketsToAnAddress() throws IOException {
    connected(factory.createSocket(loopback, server.getLocalPort()));
    Socket bound = connected(factory.createSocket(loopback, server.getLocalPort(), loopback, 0));
    assertEquals(loopback, bound.getLocalAddress());
  }
}
