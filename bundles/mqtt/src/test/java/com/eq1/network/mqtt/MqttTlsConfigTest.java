package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.ConfigProxy;
import com.eq1.network.link.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS through the OSGi configuration: the {@code tls*} keys of an {@link MqttConfig} turned into
 * settings by {@link MqttConfigs}, connecting to Mosquitto with mutual TLS; bad files and passwords
 * fail the connect with a {@link ConfigurationException} naming the connection and the key, never
 * the password.
 */
class MqttTlsConfigTest {

  private static final Duration DEADLINE = Duration.ofSeconds(45);
  private static final Map<String, Object> PROPERTIES =
      Map.of("service.pid", MqttProtocol.FACTORY_PID + ".tls");

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

  private void startMutualTlsBroker() throws IOException {
    broker =
        new MosquittoBroker(
            dir -> {
              certs = TestCertificates.create(dir);
              return List.of(
                  "cafile " + certs.caCertificate,
                  "certfile " + certs.serverCertificate,
                  "keyfile " + certs.serverKey,
                  "require_certificate true",
                  "use_identity_as_username true");
            });
    closing.add(broker);
  }

  /** A configuration as Declarative Services gives it: these values, defaults for the rest. */
  private static MqttConfig config(Map<String, Object> values) {
    return ConfigProxy.of(MqttConfig.class, values);
  }

  private Map<String, Object> tls(String name, Object... keysAndValues) {
    Map<String, Object> values = new HashMap<>();
    values.put("eq1.name", name);
    values.put("broker", "ssl://localhost:" + (broker == null ? 1 : broker.port()));
    values.put("autoConnect", false);
    values.put("connectTimeoutSeconds", 15);
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return values;
  }

  private MqttProtocol activate(Map<String, Object> values) {
    MqttProtocol protocol = new MqttProtocol(config(values), PROPERTIES);
    closing.add(protocol);
    return protocol;
  }

  @Test
  void mutualTlsFromPemFilesAndFromStoresConfiguredByKey() throws IOException {
    startMutualTlsBroker();
    MqttProtocol pem =
        activate(
            tls(
                "cfg-pem",
                "tlsCaCertificates",
                certs.caCertificate.toString(),
                "tlsCertificate",
                certs.clientCertificate.toString(),
                "tlsPrivateKey",
                certs.encryptedClientKey.toString(),
                "tlsPrivateKeyPassword",
                TestCertificates.KEY_PASSWORD));
    MqttProtocol stores =
        activate(
            tls(
                "cfg-p12",
                "tlsTrustStore",
                certs.trustStore.toString(),
                "tlsTrustStorePassword",
                TestCertificates.STORE_PASSWORD,
                "tlsKeyStore",
                certs.clientKeyStore.toString(),
                "tlsKeyStorePassword",
                TestCertificates.STORE_PASSWORD));
    assertTrue(pem.settings().tls().hostnameVerification(), "on unless configured off");
    assertFalse(pem.settings().toString().contains(TestCertificates.KEY_PASSWORD));
    assertFalse(stores.settings().toString().contains(TestCertificates.STORE_PASSWORD));

    List<String> received = new CopyOnWriteArrayList<>();
    pem.subscribe(
        "cfg/tls",
        1,
        (topic, payload) -> received.add(new String(payload, StandardCharsets.UTF_8)));
    pem.connect();
    stores.connect();
    stores.publish("cfg/tls", "configured", 1, false);
    await().atMost(DEADLINE).until(() -> received.contains("configured"));
  }

  /**
   * Activates, which must fail, before any connect, naming the connection, {@code key} and {@code
   * file}: a configuration whose TLS files cannot be used starts nothing.
   */
  private String failure(Map<String, Object> values, String key, Path file, String password) {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> activate(values));
    String message = e.getMessage();
    assertTrue(message.startsWith("[" + values.get("eq1.name") + "] " + key), message);
    assertTrue(message.contains(file.toString()), message);
    assertFalse(message.contains(password), message);
    assertEquals(values.get("eq1.name"), e.connectionName().orElseThrow());
    return message;
  }

  @Test
  void missingFilesAndWrongPasswordsAreConfigurationErrors(@TempDir Path dir) {
    certs = TestCertificates.create(dir); // no broker: the files fail before any connection
    String wrong = "Wrong-Secret-42";
    Path missing = certs.caCertificate.resolveSibling("missing-ca.pem");
    failure(
        tls("cfg-missing", "tlsCaCertificates", missing.toString()),
        "tlsCaCertificates",
        missing,
        wrong);

    String keyStore =
        failure(
            tls(
                "cfg-ks",
                "tlsKeyStore",
                certs.clientKeyStore.toString(),
                "tlsKeyStorePassword",
                wrong),
            "tlsKeyStore",
            certs.clientKeyStore,
            wrong);
    assertTrue(keyStore.contains("wrong tlsKeyStorePassword"), keyStore);

    String trustStore =
        failure(
            tls(
                "cfg-ts",
                "tlsTrustStore",
                certs.trustStore.toString(),
                "tlsTrustStorePassword",
                wrong),
            "tlsTrustStore",
            certs.trustStore,
            wrong);
    assertTrue(trustStore.contains("wrong tlsTrustStorePassword"), trustStore);

    String key =
        failure(
            tls(
                "cfg-key",
                "tlsCaCertificates",
                certs.caCertificate.toString(),
                "tlsCertificate",
                certs.clientCertificate.toString(),
                "tlsPrivateKey",
                certs.encryptedClientKey.toString(),
                "tlsPrivateKeyPassword",
                wrong),
            "tlsPrivateKey",
            certs.encryptedClientKey,
            wrong);
    assertTrue(key.contains("wrong tlsPrivateKeyPassword"), key);
  }

  @Test
  void halfAKeyPairIsRefusedWhenTheConfigurationIsRead() {
    Map<String, Object> values = tls("cfg-half", "tlsCertificate", "/etc/eq1/client.pem");
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class, () -> MqttConfigs.settings(config(values), PROPERTIES));
    assertTrue(e.getMessage().startsWith("[cfg-half] "), e.getMessage());
    assertTrue(e.getMessage().contains("tlsPrivateKey"), e.getMessage());
  }

  @Test
  void aTlsFileGoneAfterActivationStopsTheConnectionInsteadOfRetryingForEver(@TempDir Path dir)
      throws IOException {
    certs = TestCertificates.create(dir);
    MqttProtocol protocol =
        activate(tls("cfg-gone", "tlsCaCertificates", certs.caCertificate.toString()));
    java.nio.file.Files.delete(certs.caCertificate);

    ConfigurationException e = assertThrows(ConfigurationException.class, protocol::connect);
    assertTrue(e.getMessage().contains("tlsCaCertificates"), e.getMessage());
    assertEquals(com.eq1.network.api.ConnectionState.DISCONNECTED, protocol.state());
    assertEquals(e.getMessage(), protocol.statistics().lastError());
  }
}
