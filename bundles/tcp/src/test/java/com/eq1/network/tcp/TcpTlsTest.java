package com.eq1.network.tcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.link.ClientAuth;
import com.eq1.network.link.ReconnectSettings;
import com.eq1.network.link.TlsSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS between our client and our server over loopback sockets, with certificates
 * made at test time: what is accepted round-trips, what is not is refused with an error that says
 * why, and the server serves its good clients on.
 */
class TcpTlsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /**
   * Refused clients should not retry during the test: the first retry comes at a random moment
   * within a day.
   */
  private static final ReconnectSettings NO_RETRY_SOON =
      new ReconnectSettings(Duration.ofDays(1), Duration.ofDays(1), Duration.ofSeconds(30));

  @TempDir static Path dir;

  private static TestCertificates certs;
  private static TcpTransport transport;

  @BeforeAll
  static void start() {
    certs = TestCertificates.create(dir);
    transport = new TcpTransport(2);
  }

  @AfterAll
  static void stop() {
    transport.close();
  }

  @Test
  void serverOnlyTlsWithPemFilesRoundTripsAndMarksTheSessionTls() {
    TlsSettings serverTls = TlsSettings.OFF.withKey(certs.serverCertificate, certs.serverKey);
    try (TcpServer server = server(serverTls)) {
      server.connect();
      try (TcpClient client = client("cli", server.port(), trusting())) {
        client.connect();
        assertEquals(ConnectionState.CONNECTED, client.state());
        for (int i = 0; i < 3; i++) {
          roundTrip(server, client, "pem " + i);
        }
        List<TcpSession> sessions = server.sessions();
        assertEquals(1, sessions.size());
        assertTrue(sessions.get(0).tls());
        assertNull(sessions.get(0).peerPrincipal(), "no client certificate was asked for");
        assertEquals(3, server.statistics().messagesIn());
        assertEquals(0, server.statistics().errors());
        assertEquals(0, client.statistics().errors());
      }
    }
  }

  @Test
  void serverOnlyTlsWithPkcs12StoresRoundTrips() {
    TlsSettings serverTls =
        new TlsSettings(
            true,
            certs.serverKeyStore,
            TestCertificates.STORE_PASSWORD,
            null,
            null,
            null,
            null,
            null,
            null,
            true,
            ClientAuth.NONE);
    TlsSettings clientTls =
        new TlsSettings(
            true,
            null,
            null,
            null,
            null,
            null,
            certs.trustStore,
            TestCertificates.STORE_PASSWORD,
            null,
            true,
            ClientAuth.NONE);
    try (TcpServer server = server(serverTls);
        TcpClient client = client("cli", serverPortAfterConnect(server), clientTls)) {
      client.connect();
      roundTrip(server, client, "pkcs12");
      assertEquals(1, server.sessions().size());
      assertTrue(server.sessions().get(0).tls());
    }
  }

  @Test
  void mutualTlsAcceptsATrustedClientCertificateAndNamesItsSubject() {
    try (TcpServer server = server(mutual(ClientAuth.REQUIRE))) {
      server.connect();
      TlsSettings clientTls = trusting().withKey(certs.clientCertificate, certs.clientKey);
      try (TcpClient client = client("cli", server.port(), clientTls)) {
        client.connect();
        roundTrip(server, client, "mutual");
        TcpSession session = server.sessions().get(0);
        assertTrue(session.tls());
        assertEquals(certs.clientX509.getSubjectX500Principal().getName(), session.peerPrincipal());
        assertTrue(session.peerPrincipal().contains("CN=eq1-test-client"), session.peerPrincipal());
      }
    }
  }

  @Test
  void mutualTlsAcceptsAClientKeyStore() {
    TlsSettings clientTls =
        new TlsSettings(
            true,
            certs.clientKeyStore,
            TestCertificates.STORE_PASSWORD,
            null,
            null,
            null,
            certs.trustStore,
            TestCertificates.STORE_PASSWORD,
            null,
            true,
            ClientAuth.NONE);
    try (TcpServer server = server(mutual(ClientAuth.REQUIRE));
        TcpClient client = client("cli", serverPortAfterConnect(server), clientTls)) {
      client.connect();
      roundTrip(server, client, "mutual from a key store");
      assertTrue(server.sessions().get(0).peerPrincipal().contains("CN=eq1-test-client"));
    }
  }

  @Test
  void optionalClientAuthAcceptsAClientWithoutCertificate() {
    try (TcpServer server = server(mutual(ClientAuth.OPTIONAL));
        TcpClient client = client("cli", serverPortAfterConnect(server), trusting())) {
      client.connect();
      roundTrip(server, client, "anonymous");
      assertNull(server.sessions().get(0).peerPrincipal());
    }
  }

  @Test
  void mutualTlsRefusesAClientCertificateFromAnUnknownCa() {
    TlsSettings intruder =
        trusting().withKey(certs.unknownClientCertificate, certs.unknownClientKey);
    // The server names the CAs it trusts; the JDK client has no certificate from them to offer,
    // so it offers none: the server sees an empty chain.
    assertRefusedWhileAGoodClientIsServed(intruder, "empty client certificate chain");
  }

  @Test
  void mutualTlsRefusesAClientCertificateFromAnImpostorCa() {
    TlsSettings impostor =
        trusting().withKey(certs.impostorClientCertificate, certs.impostorClientKey);
    // The impostor CA bears the trusted CA's name, so this certificate is offered and checked.
    assertRefusedWhileAGoodClientIsServed(impostor, "PKIX path validation failed");
  }

  @Test
  void mutualTlsRefusesAClientWithoutCertificate() {
    assertRefusedWhileAGoodClientIsServed(trusting(), "empty client certificate chain");
  }

  @Test
  void aServerCertificateFromAnUnknownCaIsRefused() {
    TlsSettings serverTls = TlsSettings.OFF.withKey(certs.serverCertificate, certs.serverKey);
    try (TcpServer server = server(serverTls);
        TcpClient client =
            client(
                "cli",
                serverPortAfterConnect(server),
                TlsSettings.trusting(certs.unknownCaCertificate))) {
      ConnectionException e = assertThrows(ConnectionException.class, client::connect);
      assertTrue(
          e.getMessage().contains("TLS handshake with 127.0.0.1:" + server.port() + " failed"),
          e.getMessage());
      assertTrue(
          e.getMessage().contains("unable to find valid certification path"), e.getMessage());
      assertNotEquals(ConnectionState.CONNECTED, client.state());
      assertTrue(server.sessions().isEmpty());
    }
  }

  @Test
  void aHostNameMismatchIsRefusedByDefault() {
    TlsSettings serverTls = TlsSettings.OFF.withKey(certs.wrongHostCertificate, certs.wrongHostKey);
    try (TcpServer server = server(serverTls);
        TcpClient client = client("cli", serverPortAfterConnect(server), trusting())) {
      assertTrue(client.settings().options().tls().hostnameVerification(), "the default");
      ConnectionException e = assertThrows(ConnectionException.class, client::connect);
      assertTrue(
          e.getMessage().contains("TLS handshake with 127.0.0.1:" + server.port() + " failed"),
          e.getMessage());
      assertTrue(
          e.getMessage().contains("No subject alternative names matching IP address 127.0.0.1"),
          "says why: " + e.getMessage());
      assertNotEquals(ConnectionState.CONNECTED, client.state());
      assertTrue(
          client.statistics().lastError().contains("No subject alternative names"),
          client.statistics().lastError());
      await().atMost(WAIT).until(() -> server.statistics().errors() > 0);
      assertTrue(
          server.statistics().lastError().contains("certificate_unknown"),
          "the server hears the client's refusal: " + server.statistics().lastError());
      assertTrue(server.sessions().isEmpty());
      assertEquals(0, server.statistics().messagesIn());
    }
  }

  @Test
  void aHostNameMismatchIsAcceptedWithHostnameVerificationOff() {
    TlsSettings serverTls = TlsSettings.OFF.withKey(certs.wrongHostCertificate, certs.wrongHostKey);
    try (TcpServer server = server(serverTls);
        TcpClient client =
            client(
                "cli",
                serverPortAfterConnect(server),
                trusting().withHostnameVerification(false))) {
      client.connect();
      assertEquals(ConnectionState.CONNECTED, client.state());
      roundTrip(server, client, "any host will do");
    }
  }

  @Test
  void aPlainClientIsRefusedWithAClearErrorAndATlsClientIsServedOn() throws IOException {
    TlsSettings serverTls = TlsSettings.OFF.withKey(certs.serverCertificate, certs.serverKey);
    try (TcpServer server = server(serverTls);
        TcpClient good = client("good", serverPortAfterConnect(server), trusting())) {
      good.connect();
      roundTrip(server, good, "before");
      String peer;
      String logged;
      try (LogCapture log = new LogCapture();
          Socket plain = new Socket()) {
        plain.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        plain.setSoTimeout((int) WAIT.toMillis());
        peer = "127.0.0.1:" + plain.getLocalPort();
        plain.getOutputStream().write("hello, no TLS here\n".getBytes(StandardCharsets.US_ASCII));
        plain.getOutputStream().flush();
        assertClosedByPeer(plain);
        await()
            .atMost(WAIT)
            .untilAsserted(
                () -> {
                  String error = server.statistics().lastError();
                  assertTrue(error != null && error.contains(peer), String.valueOf(error));
                });
        logged = log.text();
      }
      String error = server.statistics().lastError();
      assertTrue(error.startsWith("TLS with " + peer + " failed"), error);
      assertTrue(error.toLowerCase(Locale.ROOT).contains("not an ssl/tls record"), error);
      assertTrue(logged.contains("[tls-srv] TLS with " + peer + " failed"), logged);
      String hex = "68656c6c6f"; // "hello": what the plain client sent must not reach the log
      assertFalse(error.toLowerCase(Locale.ROOT).contains(hex), error);
      assertFalse(logged.toLowerCase(Locale.ROOT).contains(hex), logged);
      roundTrip(server, good, "after");
      assertEquals(1, server.sessions().size(), "only the TLS client is a session");
      assertEquals(2, server.statistics().messagesIn(), "nothing of the plain client delivered");
    }
  }

  @Test
  void aWrongStorePasswordFailsConstructionNamingTheKeyButNotThePassword() {
    String wrong = "not-the-password-0815";
    TlsSettings serverTls =
        new TlsSettings(
            true,
            certs.serverKeyStore,
            wrong,
            null,
            null,
            null,
            null,
            null,
            null,
            true,
            ClientAuth.NONE);
    ConfigurationException server =
        assertThrows(ConfigurationException.class, () -> server(serverTls).close());
    assertTrue(server.getMessage().contains("tlsKeyStore"), server.getMessage());
    assertTrue(server.getMessage().contains("server.p12"), server.getMessage());
    assertNoSecret(server, wrong);

    TlsSettings clientTls =
        new TlsSettings(
            true,
            null,
            null,
            null,
            null,
            null,
            certs.trustStore,
            wrong,
            null,
            true,
            ClientAuth.NONE);
    ConfigurationException client =
        assertThrows(ConfigurationException.class, () -> client("cli", 1, clientTls).close());
    assertTrue(client.getMessage().contains("tlsTrustStore"), client.getMessage());
    assertNoSecret(client, wrong);
  }

  @Test
  void aMissingPemFileFailsConstructionNamingTheKeyButNotThePassword() {
    String secret = "pem-secret-1234";
    Path missing = dir.resolve("no-such-file.pem");
    TlsSettings noCertificate =
        new TlsSettings(
            true,
            null,
            null,
            missing,
            certs.serverKey,
            secret,
            null,
            null,
            null,
            true,
            ClientAuth.NONE);
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> server(noCertificate).close());
    assertTrue(e.getMessage().contains("tlsCertificate"), e.getMessage());
    assertTrue(e.getMessage().contains("no-such-file.pem"), e.getMessage());
    assertTrue(e.getMessage().startsWith("[tls-srv]"), e.getMessage());
    assertNoSecret(e, secret);

    TlsSettings noKey =
        new TlsSettings(
            true,
            null,
            null,
            certs.serverCertificate,
            missing,
            secret,
            null,
            null,
            null,
            true,
            ClientAuth.NONE);
    e = assertThrows(ConfigurationException.class, () -> server(noKey).close());
    assertTrue(e.getMessage().contains("tlsPrivateKey"), e.getMessage());
    assertNoSecret(e, secret);

    e =
        assertThrows(
            ConfigurationException.class,
            () -> client("cli", 1, TlsSettings.trusting(missing)).close());
    assertTrue(e.getMessage().contains("tlsCaCertificates"), e.getMessage());
    assertTrue(e.getMessage().startsWith("[cli]"), e.getMessage());
  }

  @Test
  void requiringClientCertificatesWithoutATrustSourceIsAConfigurationError() {
    // TlsSettings promises this; without it the server would check client certificates against
    // the JVM's public CAs, so any certificate bought from one would pass mutual TLS.
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                server(
                        TlsSettings.OFF
                            .withKey(certs.serverCertificate, certs.serverKey)
                            .withClientAuth(ClientAuth.REQUIRE))
                    .close());
    assertTrue(e.getMessage().contains("tlsClientAuth"), e.getMessage());
    assertTrue(
        e.getMessage().contains("tlsTrustStore") || e.getMessage().contains("tlsCaCertificates"),
        e.getMessage());
  }

  @Test
  void toStringMasksEveryPassword() {
    TlsSettings tls =
        new TlsSettings(
            true,
            certs.clientKeyStore,
            "key-store-secret",
            null,
            null,
            null,
            certs.trustStore,
            "trust-store-secret",
            null,
            true,
            ClientAuth.NONE);
    TlsSettings pem =
        new TlsSettings(
            true,
            null,
            null,
            certs.clientCertificate,
            certs.clientKey,
            "private-key-secret",
            null,
            null,
            certs.caCertificate,
            false,
            ClientAuth.REQUIRE);
    String settings =
        TcpClientSettings.of("cli", "127.0.0.1", 1)
            .withOptions(TcpOptions.DEFAULT.withTls(tls))
            .toString();
    for (String text : List.of(tls.toString(), pem.toString(), settings)) {
      assertFalse(text.contains("secret"), text);
      assertTrue(text.contains("****"), text);
    }
    assertTrue(tls.toString().contains("client.p12"), "the file is shown: " + tls);
    assertTrue(pem.toString().contains("clientAuth=REQUIRE"), pem.toString());
  }

  /**
   * A server requiring client certificates meets a good client and a client it must refuse at the
   * same time. With TLS 1.3 the refused client finishes its side of the handshake before the server
   * has checked its certificate, so its {@code connect()} returns and it is CONNECTED for a moment;
   * the server's refusal arrives as an alert just after and takes it to RECONNECTING. A client that
   * learns of the refusal during the handshake (TLS 1.2) gets a ConnectionException from {@code
   * connect()} instead. Either way: nothing of it is delivered, both sides record why, and the good
   * client is served before, during and after.
   */
  private static void assertRefusedWhileAGoodClientIsServed(
      TlsSettings refusedTls, String serverSays) {
    try (TcpServer server = server(mutual(ClientAuth.REQUIRE));
        TcpClient good =
            client(
                "good",
                serverPortAfterConnect(server),
                trusting().withKey(certs.clientCertificate, certs.clientKey));
        TcpClient refused = client("refused", server.port(), refusedTls)) {
      good.connect();
      roundTrip(server, good, "before");
      List<ConnectionState> states = new CopyOnWriteArrayList<>();
      refused.addStateListener((name, from, to) -> states.add(to));
      ConnectionException thrown = null;
      try {
        refused.connect();
        refused.send("let me in".getBytes(StandardCharsets.UTF_8));
      } catch (ConnectionException e) {
        thrown = e;
      }
      roundTrip(server, good, "during");
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                String error = server.statistics().lastError();
                assertTrue(error != null && error.startsWith("TLS with "), String.valueOf(error));
                assertTrue(
                    error.toLowerCase(Locale.ROOT).contains(serverSays.toLowerCase(Locale.ROOT)),
                    "says what is wrong with the certificate: " + error);
              });
      if (thrown != null) {
        assertTrue(thrown.getMessage().contains("TLS handshake with"), thrown.getMessage());
        assertFalse(states.contains(ConnectionState.CONNECTED), states.toString());
      } else {
        await().atMost(WAIT).until(() -> states.contains(ConnectionState.RECONNECTING));
        assertEquals(
            List.of(ConnectionState.CONNECTING, ConnectionState.CONNECTED),
            states.subList(0, 2),
            "connected for a moment");
        String error = refused.statistics().lastError();
        assertTrue(
            error != null && error.startsWith("TLS with 127.0.0.1:" + server.port() + " failed"),
            "the refused client says why: " + error);
      }
      roundTrip(server, good, "after");
      assertEquals(1, server.sessions().size(), "only the good client is a session");
      assertTrue(server.sessions().get(0).peerPrincipal().contains("CN=eq1-test-client"));
      assertEquals(3, server.statistics().messagesIn(), "nothing of the refused client delivered");
      assertTrue(server.receive(Duration.ZERO).isEmpty());
    }
  }

  private static TcpServer server(TlsSettings tls) {
    return new TcpServer(
        TcpServerSettings.of("tls-srv", 0).withOptions(TcpOptions.DEFAULT.withTls(tls)), transport);
  }

  private static int serverPortAfterConnect(TcpServer server) {
    server.connect();
    return server.port();
  }

  private static TcpClient client(String name, int port, TlsSettings tls) {
    return new TcpClient(
        TcpClientSettings.of(name, "127.0.0.1", port)
            .withOptions(TcpOptions.DEFAULT.withTls(tls))
            .withReconnect(NO_RETRY_SOON),
        transport);
  }

  private static TlsSettings trusting() {
    return TlsSettings.trusting(certs.caCertificate);
  }

  private static TlsSettings mutual(ClientAuth auth) {
    return trusting().withKey(certs.serverCertificate, certs.serverKey).withClientAuth(auth);
  }

  /** Client to server and back; the answer goes to the session the request came from. */
  private static void roundTrip(TcpServer server, TcpClient client, String text) {
    client.send(text.getBytes(StandardCharsets.UTF_8));
    TcpMessage request = server.receive(WAIT).orElseThrow(() -> new AssertionError("no " + text));
    assertEquals(text, new String(request.payload(), StandardCharsets.UTF_8));
    server.send(request.session(), ("re: " + text).getBytes(StandardCharsets.UTF_8));
    byte[] reply = client.read(WAIT).orElseThrow(() -> new AssertionError("no reply " + text));
    assertEquals("re: " + text, new String(reply, StandardCharsets.UTF_8));
  }

  /** Reads until the server closes the socket; whatever it says before (an alert) is skipped. */
  private static void assertClosedByPeer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[1024];
    try {
      int total = 0;
      int n;
      while ((n = in.read(buffer)) != -1) {
        total += n;
        assertTrue(total < 64 * 1024, "the server keeps talking instead of closing");
      }
    } catch (SocketException e) {
      // a reset is a close too
    }
  }

  private static void assertNoSecret(Throwable e, String secret) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertFalse(trace.toString().contains(secret), trace.toString());
  }

  /**
   * Copies what is written to {@code System.err} (where slf4j-simple logs) while it is open, and
   * lets it through.
   */
  private static final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    LogCapture() {
      OutputStream tee =
          new OutputStream() {
            @Override
            public void write(int b) {
              synchronized (copy) {
                copy.write(b);
              }
              original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
              synchronized (copy) {
                copy.write(b, off, len);
              }
              original.write(b, off, len);
            }

            @Override
            public void flush() {
              original.flush();
            }
          };
      System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    String text() {
      synchronized (copy) {
        return copy.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public void close() {
      System.setErr(original);
    }
  }
}
