package com.eq1.network.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link TlsContexts} with JDK peers on loopback: handshakes that must work, refusals that must
 * happen, and configuration errors that must name the key, the file and the connection.
 */
class TlsContextsTest {

  private static final String NAME = "tls-test";
  private static final int TIMEOUT_MILLIS = 10_000;

  @TempDir static Path dir;
  private static TestCertificates certs;
  private static ExecutorService server;

  @BeforeAll
  static void makeCertificates() {
    certs = TestCertificates.create(dir);
    server = Executors.newCachedThreadPool(new NamedThreadFactory("tls-test-server"));
  }

  @AfterAll
  static void stopServer() {
    server.shutdownNow();
  }

  private static TlsSettings trustingCa() {
    return TlsSettings.trusting(certs.caCertificate);
  }

  private static TlsSettings serverSettings(ClientAuth auth) {
    return new TlsSettings(
        true,
        null,
        null,
        certs.serverCertificate,
        certs.serverKey,
        null,
        null,
        null,
        certs.caCertificate,
        true,
        auth);
  }

  /**
   * One exchange: the server accepts, asks for client certificates as {@code tls} says, echoes a
   * byte and returns the client certificate subject it saw (or "none"). The client connects to
   * {@code localhost} as Paho does: an unconnected socket from the factory, then fresh {@link
   * SSLParameters} with only SNI set, which drops whatever endpoint identification was set before,
   * and endpoint identification {@code identification} if that is not {@code null}.
   */
  private static String exchange(TlsSettings serverTls, SSLContext client) throws Exception {
    return exchange(serverTls, client, null, null);
  }

  private static String exchange(
      TlsSettings serverTls, SSLContext client, String identification, String protocol)
      throws Exception {
    SSLContext serverContext = TlsContexts.server(NAME, serverTls);
    try (SSLServerSocket listener =
        (SSLServerSocket)
            serverContext
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      if (protocol != null) {
        listener.setEnabledProtocols(new String[] {protocol});
      }
      if (serverTls.clientAuth() == ClientAuth.REQUIRE) { // the two setters reset each other
        listener.setNeedClientAuth(true);
      } else if (serverTls.clientAuth() == ClientAuth.OPTIONAL) {
        listener.setWantClientAuth(true);
      }
      Future<String> seen =
          server.submit(
              () -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                  accepted.setSoTimeout(TIMEOUT_MILLIS);
                  accepted.getOutputStream().write(accepted.getInputStream().read());
                  accepted.getOutputStream().flush();
                  try {
                    return accepted.getSession().getPeerPrincipal().getName();
                  } catch (SSLException none) {
                    return "none";
                  }
                }
              });
      try {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
          socket.connect(
              new InetSocketAddress("localhost", listener.getLocalPort()), TIMEOUT_MILLIS);
          socket.setSoTimeout(TIMEOUT_MILLIS);
          SSLParameters fresh = new SSLParameters();
          fresh.setServerNames(List.of(new SNIHostName("localhost")));
          fresh.setEndpointIdentificationAlgorithm(identification);
          socket.setSSLParameters(fresh);
          socket.startHandshake();
          socket.getOutputStream().write(42);
          socket.getOutputStream().flush();
          InputStream in = socket.getInputStream();
          assertEquals(42, in.read(), "the server echoes");
        } // closed first: the server's close waits for the client's close_notify
        return seen.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      } finally {
        seen.cancel(true);
      }
    }
  }

  private static String refusal(TlsSettings serverTls, SSLContext client) {
    Exception e = assertThrows(Exception.class, () -> exchange(serverTls, client));
    return String.valueOf(e);
  }

  @Test
  void serverOnlyTlsWithAPemCaFile() throws Exception {
    assertEquals("none", exchange(serverSettings(ClientAuth.NONE), client(trustingCa())));
  }

  @Test
  void serverOnlyTlsWithAPkcs12TrustStore() throws Exception {
    TlsSettings tls = trustStore(certs.trustStore, TestCertificates.STORE_PASSWORD);
    assertEquals("none", exchange(serverSettings(ClientAuth.NONE), client(tls)));
  }

  @Test
  void mutualTlsWithPemCertificateAndKey() throws Exception {
    TlsSettings tls = trustingCa().withKey(certs.clientCertificate, certs.clientKey);
    String subject = exchange(serverSettings(ClientAuth.REQUIRE), client(tls));
    assertTrue(subject.contains("CN=eq1-test-client"), subject);
  }

  @Test
  void mutualTlsWithAPkcs12KeyStoreAndAKeyStoreOnTheServer() throws Exception {
    TlsSettings tls =
        new TlsSettings(
            true,
            certs.clientKeyStore,
            TestCertificates.STORE_PASSWORD,
            null,
            null,
            null,
            null,
            null,
            certs.caCertificate,
            true,
            ClientAuth.NONE);
    TlsSettings serverTls =
        new TlsSettings(
            true,
            certs.serverKeyStore,
            TestCertificates.STORE_PASSWORD,
            null,
            null,
            null,
            certs.trustStore,
            TestCertificates.STORE_PASSWORD,
            null,
            true,
            ClientAuth.REQUIRE);
    assertTrue(exchange(serverTls, client(tls)).contains("CN=eq1-test-client"));
  }

  @Test
  void mutualTlsWithAnEncryptedPkcs8Key() throws Exception {
    TlsSettings tls =
        pemKey(certs.clientCertificate, certs.encryptedClientKey, TestCertificates.KEY_PASSWORD);
    assertTrue(
        exchange(serverSettings(ClientAuth.REQUIRE), client(tls)).contains("CN=eq1-test-client"));
  }

  @Test
  void mutualTlsWithRsaAndEd25519Keys() throws Exception {
    for (String algorithm : List.of("RSA", "Ed25519")) {
      TestCertificates.PemPair pair = certs.client(algorithm, algorithm.toLowerCase() + "-client");
      TlsSettings tls = trustingCa().withKey(pair.certificate(), pair.key());
      String subject = exchange(serverSettings(ClientAuth.REQUIRE), client(tls));
      assertTrue(subject.contains("CN=" + algorithm.toLowerCase()), algorithm + ": " + subject);
    }
  }

  /** TLS 1.2 fails in the handshake; TLS 1.3 on the first read, after the client's handshake. */
  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void aRequiredClientCertificateThatIsMissingIsRefused(String protocol) throws Exception {
    Exception e =
        assertThrows(
            Exception.class,
            () ->
                exchange(serverSettings(ClientAuth.REQUIRE), client(trustingCa()), null, protocol));
    assertTrue(e instanceof IOException, String.valueOf(e));
    TlsSettings tls = trustingCa().withKey(certs.clientCertificate, certs.clientKey);
    String subject = exchange(serverSettings(ClientAuth.REQUIRE), client(tls), null, protocol);
    assertTrue(subject.contains("CN=eq1-test-client"), protocol + ": " + subject);
  }

  @Test
  void anOptionalClientCertificateMayBeLeftOut() throws Exception {
    assertEquals("none", exchange(serverSettings(ClientAuth.OPTIONAL), client(trustingCa())));
  }

  @Test
  void theHostNameIsVerifiedEvenAfterTheSocketsParametersWereReplaced() {
    TlsSettings wrongHost =
        serverSettings(ClientAuth.NONE).withKey(certs.wrongHostCertificate, certs.wrongHostKey);
    String error = refusal(wrongHost, client(trustingCa()));
    assertTrue(error.contains("No subject alternative DNS name matching localhost"), error);
  }

  @Test
  void hostnameVerificationOffAcceptsAnotherNameEvenIfTheSocketAsksForIt() throws Exception {
    TlsSettings wrongHost =
        serverSettings(ClientAuth.NONE).withKey(certs.wrongHostCertificate, certs.wrongHostKey);
    SSLContext client = client(trustingCa().withHostnameVerification(false));
    assertEquals("none", exchange(wrongHost, client));
    assertEquals(
        "none", exchange(wrongHost, client, "HTTPS", null), "the settings win over the socket");
    SSLContext verifying = client(trustingCa());
    assertTrue(refusal(wrongHost, verifying).contains("No subject alternative DNS name"));
  }

  @Test
  void anUntrustedServerIsRefusedAndTheJvmDefaultTrustDoesNotKnowTheTestCa() {
    String error =
        refusal(
            serverSettings(ClientAuth.NONE),
            client(TlsSettings.trusting(certs.unknownCaCertificate)));
    assertTrue(error.contains("PKIX path"), error);
    String jvmDefault =
        refusal(serverSettings(ClientAuth.NONE), client(TlsSettings.trusting(null)));
    assertTrue(jvmDefault.contains("PKIX path"), jvmDefault);
  }

  private static SSLContext client(TlsSettings tls) {
    return TlsContexts.client(NAME, tls);
  }

  private static TlsSettings trustStore(Path store, String password) {
    return new TlsSettings(
        true, null, null, null, null, null, store, password, null, true, ClientAuth.NONE);
  }

  private static TlsSettings pemKey(Path certificate, Path key, String password) {
    return new TlsSettings(
        true,
        null,
        null,
        certificate,
        key,
        password,
        null,
        null,
        certs.caCertificate,
        true,
        ClientAuth.NONE);
  }

  // ---- SSLEngine (as Netty uses it) and the trust manager's calls without a connection

  /**
   * Runs a handshake between two engines in memory, at most a bounded number of steps. The client
   * engine gets fresh {@link SSLParameters} first, as Paho does to sockets.
   */
  private static void engineHandshake(SSLContext client, TlsSettings serverTls) throws Exception {
    SSLEngine clientEngine = client.createSSLEngine("localhost", 8883);
    clientEngine.setUseClientMode(true);
    clientEngine.setSSLParameters(new SSLParameters());
    SSLEngine serverEngine = TlsContexts.server(NAME, serverTls).createSSLEngine();
    serverEngine.setUseClientMode(false);
    serverEngine.setNeedClientAuth(serverTls.clientAuth() == ClientAuth.REQUIRE);
    ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
    ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
    clientEngine.beginHandshake();
    serverEngine.beginHandshake();
    for (int step = 0; step < 1_000; step++) {
      boolean clientDone = step(clientEngine, toServer, toClient);
      boolean serverDone = step(serverEngine, toClient, toServer);
      if (clientDone && serverDone) {
        return;
      }
    }
    throw new AssertionError("the handshake did not finish");
  }

  /** One step of one engine; returns whether it has finished its handshake. */
  private static boolean step(SSLEngine engine, ByteBuffer out, ByteBuffer in) throws SSLException {
    switch (engine.getHandshakeStatus()) {
      case NEED_WRAP -> engine.wrap(ByteBuffer.allocate(0), out);
      case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
        in.flip();
        engine.unwrap(in, ByteBuffer.allocate(1 << 17));
        in.compact();
      }
      case NEED_TASK -> {
        for (Runnable task = engine.getDelegatedTask();
            task != null;
            task = engine.getDelegatedTask()) {
          task.run();
        }
      }
      default -> {
        return true;
      }
    }
    return false;
  }

  @Test
  void enginesVerifyTheHostNameOrNotAsTheSettingsSay() throws Exception {
    TlsSettings wrongHost =
        serverSettings(ClientAuth.NONE).withKey(certs.wrongHostCertificate, certs.wrongHostKey);
    SSLException refused =
        assertThrows(SSLException.class, () -> engineHandshake(client(trustingCa()), wrongHost));
    assertTrue(
        refused.getMessage().contains("No subject alternative DNS name"), refused.toString());
    engineHandshake(client(trustingCa().withHostnameVerification(false)), wrongHost);
    TlsSettings mutual = trustingCa().withKey(certs.clientCertificate, certs.clientKey);
    engineHandshake(client(mutual), serverSettings(ClientAuth.REQUIRE));
  }

  @Test
  void theTrustManagerChecksChainsWithoutAConnectionToo() throws Exception {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    KeyStore trust = KeyStore.getInstance(certs.trustStore.toFile(), STORE);
    factory.init(trust);
    TlsContexts.HostnamePolicy policy =
        new TlsContexts.HostnamePolicy(
            (X509ExtendedTrustManager) factory.getTrustManagers()[0], true);
    X509Certificate[] server = chain(certs.serverCertificate);
    policy.checkServerTrusted(server, "ECDHE_ECDSA");
    policy.checkClientTrusted(chain(certs.clientCertificate), "ECDHE_ECDSA");
    assertEquals(1, policy.getAcceptedIssuers().length);
    X509Certificate[] unknown = chain(certs.unknownCaCertificate);
    assertThrows(
        CertificateException.class, () -> policy.checkServerTrusted(unknown, "ECDHE_ECDSA"));
    assertThrows(
        CertificateException.class, () -> policy.checkClientTrusted(unknown, "ECDHE_ECDSA"));
  }

  private static final char[] STORE = TestCertificates.STORE_PASSWORD.toCharArray();

  private static X509Certificate[] chain(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509")
          .generateCertificates(in)
          .toArray(X509Certificate[]::new);
    }
  }
}
