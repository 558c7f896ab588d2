package com.eq1.network.manager.internal;

import static com.eq1.network.manager.internal.JmxTestBed.DEADLINE;
import static com.eq1.network.manager.internal.JmxTestBed.SERVER;
import static com.eq1.network.manager.internal.JmxTestBed.name;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.Presence;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.manager.ConnectionMXBean;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A JMX client reads the connection MBeans through a real RMI connector server on an ephemeral
 * loopback port, as jconsole reads them through Karaf's.
 */
class ConnectionMBeanRemoteTest {

  private final JmxTestBed bed = new JmxTestBed(Duration.ofMinutes(1));

  @AfterEach
  void tearDown() throws Exception {
    bed.close();
  }

  /** Listens on the loopback address only. */
  static final class LoopbackServerSockets implements RMIServerSocketFactory {
    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      return new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof LoopbackServerSockets;
    }

    @Override
    public int hashCode() {
      return LoopbackServerSockets.class.hashCode();
    }
  }

  /** Connects to the loopback address whatever host name the connector's stub carries. */
  static final class LoopbackClientSockets implements RMIClientSocketFactory, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return new Socket(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof LoopbackClientSockets;
    }

    @Override
    public int hashCode() {
      return LoopbackClientSockets.class.hashCode();
    }
  }

  @Test
  void aJmxClientReadsAttributesAndSeesTrafficThroughAConnectorServer() throws Exception {
    String name = name("remote");
    LoopbackReqResProtocol protocol = bed.echo(name);
    bed.reqRes.register(name, protocol);
    bed.reqRes.connect(name);
    bed.exporter(bed.manager, Duration.ZERO);
    ObjectName objectName = new ObjectName("com.eq1.network:type=Connection,name=" + name);

    Map<String, Object> environment = new HashMap<>();
    environment.put(
        RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, new LoopbackServerSockets());
    environment.put(
        RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, new LoopbackClientSockets());
    JMXConnectorServer connectorServer =
        JMXConnectorServerFactory.newJMXConnectorServer(
            new JMXServiceURL("service:jmx:rmi://127.0.0.1:0"), environment, SERVER);
    connectorServer.start();
    try (JMXConnector client = JMXConnectorFactory.connect(connectorServer.getAddress())) {
      MBeanServerConnection remote = client.getMBeanServerConnection();

      assertTrue(
          remote
              .queryNames(new ObjectName(ConnectionMXBean.DOMAIN + ":type=Connection,*"), null)
              .contains(objectName));
      assertEquals("CONNECTED", remote.getAttribute(objectName, "State"));
      assertEquals(0L, remote.getAttribute(objectName, "MessagesOut"));

      bed.reqRes.send(name, new byte[] {1, 2, 3});
      await()
          .atMost(DEADLINE)
          .until(() -> remote.getAttribute(objectName, "MessagesOut").equals(1L));
      assertEquals(3L, remote.getAttribute(objectName, "BytesOut"));

      ConnectionMXBean proxy = JMX.newMXBeanProxy(remote, objectName, ConnectionMXBean.class);
      assertEquals(ConnectionState.CONNECTED, proxy.getState());
      assertEquals(Presence.PRESENT, proxy.getPresence());
      assertEquals(protocol.statistics().bytesIn(), proxy.getBytesIn());
      assertEquals(name, proxy.getName());
    } finally {
      connectorServer.stop();
    }
    assertFalse(connectorServer.isActive());
  }
}
