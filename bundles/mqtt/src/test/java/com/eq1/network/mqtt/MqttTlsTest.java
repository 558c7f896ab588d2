package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.MessageListener;
import com.eq1.network.link.ClientAuth;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.link.ReconnectSettings;
import com.eq1.network.link.TestCertificates;
import com.eq1.network.link.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MqttProtocol} over TLS against Mosquitto: server-only TLS and mutual TLS with PEM files
 * and PKCS#12 stores, and the refusals that must happen (no client certificate, a certificate for
 * another host, an untrusted server, plain MQTT to the TLS port), each failing within the connect
 * timeout.
 */
class MqttTlsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(45);
  private static final ReconnectSettings SLOW =
      new ReconnectSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5));

  private final List<AutoCloseable> closing = new ArrayList<>();
  private TestCertificates certs;
  private MosquittoBroker broker;

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(closing);
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  /**
   * Starts Mosquitto with a TLS listener: the CA, a server certificate from {@code server} (given
   * the key material), and {@code extra} lines such as {@code require_certificate true}.
   */
  private void startBroker(ServerKey server, String... extra) throws IOException {
    broker =
        new MosquittoBroker(
            dir -> {
              certs = TestCertificates.create(dir);
              List<String> lines = new ArrayList<>();
              lines.add("cafile " + certs.caCertificate);
              lines.add("certfile " + server.certificate(certs));
              lines.add("keyfile " + server.key(certs));
              lines.addAll(List.of(extra));
              if (!List.of(extra).contains("require_certificate true")) {
                lines.add("allow_anonymous true");
              }
              return lines;
            });
    closing.add(broker);
  }

  /** Which server certificate the broker presents. */
  private enum ServerKey {
    LOCALHOST,
    WRONG_HOST;

    Path certificate(TestCertificates certs) {
      return this == LOCALHOST ? certs.serverCertificate : certs.wrongHostCertificate;
    }

    Path key(TestCertificates certs) {
      return this == LOCALHOST ? certs.serverKey : certs.wrongHostKey;
    }
  }

  private void startMutualTlsBroker(String... extra) throws IOException {
    List<String> lines = new ArrayList<>(List.of("require_certificate true"));
    lines.add("use_identity_as_username true");
    lines.addAll(List.of(extra));
    startBroker(ServerKey.LOCALHOST, lines.toArray(String[]::new));
  }

  private MqttProtocol mqtt(String name, TlsSettings tls) {
    return mqtt(name, "ssl://localhost:" + broker.port(), tls);
  }

  private MqttProtocol mqtt(String name, String uri, TlsSettings tls) {
    return mqtt(name, uri, tls, MqttVersion.V3_1_1);
  }

  private MqttProtocol mqtt(String name, String uri, TlsSettings tls, MqttVersion version) {
    MqttSettings settings =
        MqttSettings.defaults(name, uri).toBuilder()
            .version(version)
            .tls(tls)
            .connectTimeout(Duration.ofSeconds(15))
            .queue(QueueSettings.DEFAULT)
            .reconnect(SLOW)
            .build();
    MqttProtocol protocol = new MqttProtocol(settings);
    closing.add(protocol);
    return protocol;
  }

  private TlsSettings pemTrust() {
    return TlsSettings.trusting(certs.caCertificate);
  }

  private TlsSettings storeTrust() {
    return new TlsSettings(
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
  }

  private static final class Inbox implements MessageListener {
    final List<String> received = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(String topic, byte[] payload) {
      received.add(topic + "=" + new String(payload, StandardCharsets.UTF_8));
    }
  }

  /** Subscribes with {@code sub}, publishes with {@code pub}, and awaits the message. */
  private static void roundTrip(MqttProtocol sub, MqttProtocol pub) {
    Inbox inbox = new Inbox();
    sub.subscribe("tls/" + sub.name(), 1, inbox);
    sub.connect();
    pub.connect();
    pub.publish("tls/" + sub.name(), "over TLS", 1, false);
    await()
        .atMost(DEADLINE)
        .until(() -> inbox.received.contains("tls/" + sub.name() + "=over TLS"));
    assertEquals(ConnectionState.CONNECTED, sub.state());
  }

  /** Connects, which must fail with a {@link ConnectionException} well within the deadline. */
  private static String refused(MqttProtocol protocol) {
    ConnectionException e =
        assertTimeoutPreemptively(
            DEADLINE, () -> assertThrows(ConnectionException.class, protocol::connect));
    assertNotEquals(ConnectionState.CONNECTED, protocol.state());
    assertTrue(e.getMessage().startsWith("[" + protocol.name() + "] "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void serverOnlyTlsWithAPemCaFileCarriesMessages() throws IOException {
    startBroker(ServerKey.LOCALHOST);
    roundTrip(mqtt("pem-sub", pemTrust()), mqtt("pem-pub", pemTrust()));
  }

  @Test
  void serverOnlyTlsWithAPkcs12TrustStoreCarriesMessages() throws IOException {
    startBroker(ServerKey.LOCALHOST);
    roundTrip(mqtt("p12-sub", storeTrust()), mqtt("p12-pub", storeTrust()));
  }

  @Test
  void mutualTlsWithAPemCertificateAndKey() throws IOException {
    startMutualTlsBroker();
    TlsSettings tls = pemTrust().withKey(certs.clientCertificate, certs.clientKey);
    roundTrip(mqtt("mtls-pem-sub", tls), mqtt("mtls-pem-pub", tls));
    // the broker took the user name from the client certificate
    await().atMost(DEADLINE).until(() -> broker.log().contains("u'eq1-test-client'"));
  }

  @Test
  void mutualTlsWithAPkcs12KeyStoreAndAnEncryptedPemKey() throws IOException {
    startMutualTlsBroker();
    TlsSettings keyStore =
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
    TlsSettings encrypted =
        new TlsSettings(
            true,
            null,
            null,
            certs.clientCertificate,
            certs.encryptedClientKey,
            TestCertificates.KEY_PASSWORD,
            null,
            null,
            certs.caCertificate,
            true,
            ClientAuth.NONE);
    roundTrip(mqtt("mtls-p12", keyStore), mqtt("mtls-encrypted", encrypted));
  }

  /**
   * With TLS 1.3 the client finishes its side of the handshake before the broker checks for a
   * certificate, so the refusal arrives as an alert while Paho waits for the CONNACK. (Mosquitto's
   * {@code tls_version} is a minimum, so TLS 1.2, where the handshake itself fails, is covered by
   * link's {@code TlsContextsTest} against a JDK server instead.)
   */
  @Test
  void aClientWithoutACertificateIsRefusedByAMutualTlsBroker() throws IOException {
    startMutualTlsBroker("tls_version tlsv1.3");
    MqttProtocol protocol = mqtt("no-cert", pemTrust());
    String message = refused(protocol);
    assertTrue(message.contains("certificate_required"), message);
    assertEquals(0, protocol.statistics().messagesIn());
  }

  @Test
  void aServerCertificateForAnotherHostIsRefusedByDefault() throws IOException {
    startBroker(ServerKey.WRONG_HOST);
    MqttProtocol protocol = mqtt("wrong-host", pemTrust());
    assertTrue(protocol.settings().tls().hostnameVerification(), "on by default");
    String message = refused(protocol);
    assertTrue(message.contains("No subject alternative DNS name matching localhost"), message);
  }

  @Test
  void aServerCertificateForAnotherHostIsAcceptedWithHostnameVerificationOff() throws IOException {
    startBroker(ServerKey.WRONG_HOST);
    TlsSettings lax = pemTrust().withHostnameVerification(false);
    roundTrip(mqtt("lax-sub", lax), mqtt("lax-pub", lax));
  }

  @Test
  void anUntrustedServerIsRefusedAsIsOurCaByTheJvmsDefaultTrust() throws IOException {
    startBroker(ServerKey.LOCALHOST);
    String unknown = refused(mqtt("untrusted", TlsSettings.trusting(certs.unknownCaCertificate)));
    assertTrue(unknown.contains("PKIX path building failed"), unknown);
    MqttProtocol jvmTrust = mqtt("jvm-trust", "ssl://localhost:" + broker.port(), null);
    assertTrue(jvmTrust.settings().tls().enabled());
    String message = refused(jvmTrust);
    assertTrue(message.contains("PKIX path building failed"), message);
  }

  @Test
  void plainMqttToTheTlsPortFailsCleanly() throws IOException {
    startBroker(ServerKey.LOCALHOST);
    MqttProtocol plain = mqtt("plain", "tcp://localhost:" + broker.port(), null);
    assertTrue(refused(plain).contains("tcp://localhost:" + broker.port()));
    // the broker is unharmed: a TLS client still gets through
    roundTrip(mqtt("after-sub", pemTrust()), mqtt("after-pub", pemTrust()));
  }

  @Test
  void mqtt5GetsTheSameTlsAndHostNameCheck() throws IOException {
    startMutualTlsBroker();
    String uri = "ssl://localhost:" + broker.port();
    TlsSettings tls = pemTrust().withKey(certs.clientCertificate, certs.clientKey);
    roundTrip(mqtt("v5-sub", uri, tls, MqttVersion.V5), mqtt("v5-pub", uri, tls, MqttVersion.V5));
    String refused = refused(mqtt("v5-no-cert", uri, pemTrust(), MqttVersion.V5));
    assertTrue(refused.contains("certificate_required"), refused);

    startBroker(ServerKey.WRONG_HOST); // with a CA of its own
    String wrongHost =
        refused(
            mqtt("v5-wrong-host", "ssl://localhost:" + broker.port(), pemTrust(), MqttVersion.V5));
    assertTrue(wrongHost.contains("No subject alternative DNS name matching localhost"), wrongHost);
  }
}
