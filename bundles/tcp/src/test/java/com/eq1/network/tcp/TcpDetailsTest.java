package com.eq1.network.tcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.link.ConfigProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code eq1:info} shows of TCP connections: the peer first, then TLS, the addresses in use
 * and the framing; never a password of the key material.
 */
class TcpDetailsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path dir;

  private static TcpTransport transport;

  @BeforeAll
  static void start() {
    transport = new TcpTransport(2);
  }

  @AfterAll
  static void stop() {
    transport.close();
  }

  @Test
  void aClientShowsTheHostItWasGivenTheAddressItReachedAndItsOwnAddress() {
    try (TcpServer server = new TcpServer(TcpServerSettings.of("d-srv", 0), transport)) {
      server.connect();
      int port = server.port();
      try (TcpClient client =
          new TcpClient(TcpClientSettings.of("d-cli", "localhost", port), transport)) {
        assertEquals(
            Map.of("peer", "localhost:" + port, "tls", "off", "framing", "length"),
            client.details());

        client.connect();
        Map<String, String> details = client.details();

        assertEquals(
            List.of(BaseProtocol.DETAIL_PEER, BaseProtocol.DETAIL_TLS, "local", "framing"),
            List.copyOf(details.keySet()));
        assertEquals(
            "localhost:" + port + " (127.0.0.1:" + port + ")",
            details.get(BaseProtocol.DETAIL_PEER));
        await().atMost(WAIT).until(() -> server.sessions().size() == 1);
        assertEquals(server.sessions().get(0).id(), details.get("local"), "what the server sees");
        assertThrows(UnsupportedOperationException.class, () -> details.put("tls", "on"));

        client.disconnect();
        assertFalse(client.details().containsKey("local"));
      }
    }
  }

  @Test
  void aServerShowsWhereItListensAndTheFirstTenOfItsClients() throws IOException {
    TcpServerSettings settings =
        TcpServerSettings.of("d-many", 0)
            .withOptions(TcpOptions.DEFAULT.withFraming(Framing.DELIMITED));
    try (TcpServer server = new TcpServer(settings, transport)) {
      assertEquals(
          Map.of(
              "peer", "127.0.0.1:0", "tls", "off", "clients", "0", "framing", "delimited (lines)"),
          server.details(),
          "not listening yet: the configured address");

      server.connect();
      assertEquals("127.0.0.1:" + server.port(), server.details().get(BaseProtocol.DETAIL_PEER));
      assertFalse(server.details().containsKey("clientAddresses"));

      List<Socket> clients = new ArrayList<>();
      try {
        for (int i = 0; i < TcpDetails.CLIENTS_SHOWN + 2; i++) {
          Socket socket = new Socket();
          clients.add(socket);
          socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
        }
        await().atMost(WAIT).until(() -> server.sessions().size() == clients.size());
        Map<String, String> details = server.details();

        assertEquals(
            List.of("peer", "tls", "clients", "clientAddresses", "framing"),
            List.copyOf(details.keySet()));
        assertEquals("12", details.get("clients"));
        String addresses = details.get("clientAddresses");
        assertTrue(addresses.endsWith(" and 2 more"), addresses);
        List<String> shown = List.of(addresses.replace(" and 2 more", "").split(", "));
        assertEquals(TcpDetails.CLIENTS_SHOWN, shown.size(), addresses);
        for (String address : shown) {
          assertTrue(
              clients.stream().anyMatch(s -> address.equals("127.0.0.1:" + s.getLocalPort())),
              address + " is one of the clients");
        }
      } finally {
        for (Socket socket : clients) {
          socket.close();
        }
      }
    }
  }

  /** Configured as an operator would, key store and trust store passwords included. */
  @Test
  void tlsShowsAsOnAndNoPasswordAppearsInAnyValue() {
    TestCertificates certs = TestCertificates.create(dir);
    String password = TestCertificates.STORE_PASSWORD;
    TcpServerSettings serverSettings =
        TcpConfigs.server(
            ConfigProxy.of(
                TcpServerConfig.class,
                Map.of(
                    "eq1.name",
                    "d-tls-srv",
                    "tls",
                    true,
                    "tlsKeyStore",
                    certs.serverKeyStore.toString(),
                    "tlsKeyStorePassword",
                    password)),
            Map.of());
    try (TcpServer server = new TcpServer(serverSettings, transport)) {
      server.connect();
      TcpClientSettings clientSettings =
          TcpConfigs.client(
              ConfigProxy.of(
                  TcpClientConfig.class,
                  Map.of(
                      "eq1.name",
                      "d-tls-cli",
                      "host",
                      "127.0.0.1",
                      "port",
                      server.port(),
                      "tls",
                      true,
                      "tlsTrustStore",
                      certs.trustStore.toString(),
                      "tlsTrustStorePassword",
                      password)),
              Map.of());
      try (TcpClient client = new TcpClient(clientSettings, transport)) {
        client.connect();
        await().atMost(WAIT).until(() -> server.sessions().size() == 1);

        for (Map<String, String> details : List.of(client.details(), server.details())) {
          assertEquals("on", details.get(BaseProtocol.DETAIL_TLS), details.toString());
          assertTrue(
              details.values().stream().noneMatch(value -> value.contains(password)),
              details.toString());
          assertFalse(details.toString().contains(certs.serverKeyStore.toString()));
        }
        assertEquals("127.0.0.1:" + server.port(), client.details().get("peer"));
      }
    }
  }
}
