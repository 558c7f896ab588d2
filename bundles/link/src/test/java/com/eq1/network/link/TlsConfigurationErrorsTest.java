package com.eq1.network.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import org.bouncycastle.openssl.PKCS8Generator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TlsContexts} refusing bad TLS material: every error names the connection, the
 * configuration key and the file, and never a password.
 */
class TlsConfigurationErrorsTest {

  private static final String NAME = "tls-errors";

  @TempDir static Path dir;
  private static TestCertificates certs;

  @BeforeAll
  static void makeCertificates() {
    certs = TestCertificates.create(dir);
  }

  private static SSLContext client(TlsSettings tls) {
    return TlsContexts.client(NAME, tls);
  }

  private static TlsSettings trustStore(Path store, String password) {
    return new TlsSettings(
        true, null, null, null, null, null, store, password, null, true, ClientAuth.NONE);
  }

  private static TlsSettings keyStore(Path store, String password) {
    return new TlsSettings(
        true, store, password, null, null, null, null, null, null, true, ClientAuth.NONE);
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

  /** Builds a client context that must fail and checks what the message names. */
  private static String failure(TlsSettings tls, String key, Path file) {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> client(tls));
    String message = e.getMessage();
    assertTrue(message.startsWith("[" + NAME + "] "), message);
    assertTrue(message.contains(key), message);
    assertTrue(message.contains(file.toString()), message);
    assertEquals(NAME, e.connectionName().orElseThrow());
    return message;
  }

  @Test
  void aMissingFileIsNamedWithItsKey() {
    Path missing = dir.resolve("missing.pem");
    failure(keyStore(missing, "x"), "tlsKeyStore", missing);
    failure(trustStore(missing, "x"), "tlsTrustStore", missing);
    failure(TlsSettings.trusting(missing), "tlsCaCertificates", missing);
    failure(pemKey(missing, certs.clientKey, null), "tlsCertificate", missing);
    String message =
        failure(pemKey(certs.clientCertificate, missing, null), "tlsPrivateKey", missing);
    assertTrue(message.contains("does not exist or is not a readable file"), message);
    failure(TlsSettings.trusting(dir), "tlsCaCertificates", dir);
  }

  @Test
  void aWrongStorePasswordIsNamedButNeverShown() {
    String wrong = "Geheim-9876";
    String keyStore =
        failure(keyStore(certs.clientKeyStore, wrong), "tlsKeyStorePassword", certs.clientKeyStore);
    assertFalse(keyStore.contains(wrong), keyStore);
    assertFalse(keyStore.contains(TestCertificates.STORE_PASSWORD), keyStore);
    String trustStore =
        failure(trustStore(certs.trustStore, wrong), "tlsTrustStorePassword", certs.trustStore);
    assertFalse(trustStore.contains(wrong), trustStore);
    String noPassword =
        failure(trustStore(certs.trustStore, ""), "tlsTrustStorePassword", certs.trustStore);
    assertTrue(noPassword.contains("holds no certificate"), noPassword);
  }

  @Test
  void filesThatAreNotWhatTheirKeySaysAreRefused() {
    String notAStore =
        failure(keyStore(certs.caCertificate, "x"), "tlsKeyStore", certs.caCertificate);
    assertTrue(notAStore.contains("not a PKCS#12 or JKS key store"), notAStore);
    String noKey =
        failure(
            keyStore(certs.trustStore, TestCertificates.STORE_PASSWORD),
            "tlsKeyStore",
            certs.trustStore);
    assertTrue(noKey.contains("holds no private key"), noKey);
    String noCertificate =
        failure(TlsSettings.trusting(certs.clientKey), "tlsCaCertificates", certs.clientKey);
    assertTrue(noCertificate.contains("holds no PEM certificate"), noCertificate);
    String noPrivateKey =
        failure(
            pemKey(certs.clientCertificate, certs.clientCertificate, null),
            "tlsPrivateKey",
            certs.clientCertificate);
    assertTrue(noPrivateKey.contains("holds no PEM private key"), noPrivateKey);
    String traditional =
        failure(
            pemKey(certs.clientCertificate, certs.traditionalClientKey, null),
            "tlsPrivateKey",
            certs.traditionalClientKey);
    assertTrue(
        traditional.contains("not PKCS#8") && traditional.contains("openssl pkcs8 -topk8"),
        traditional);
    String mismatch =
        failure(
            pemKey(certs.clientCertificate, certs.serverKey, null),
            "tlsPrivateKey",
            certs.serverKey);
    assertTrue(
        mismatch.contains("does not belong")
            && mismatch.contains(certs.clientCertificate.toString()),
        mismatch);
  }

  @Test
  void encryptedKeysNeedTheRightPasswordAndASchemeTheJdkKnows() {
    Path key = certs.encryptedClientKey;
    String none = failure(pemKey(certs.clientCertificate, key, null), "tlsPrivateKey", key);
    assertTrue(none.contains("is encrypted: set tlsPrivateKeyPassword"), none);
    String wrong = "Falsch-1234";
    String wrongOne =
        failure(pemKey(certs.clientCertificate, key, wrong), "tlsPrivateKeyPassword", key);
    assertFalse(wrongOne.contains(wrong), wrongOne);

    Path des = certs.encryptedKey("client-key-des3.pem", PKCS8Generator.DES3_CBC);
    String unsupported =
        failure(
            pemKey(certs.clientCertificate, des, TestCertificates.KEY_PASSWORD),
            "tlsPrivateKey",
            des);
    assertTrue(unsupported.contains("openssl pkcs8 -topk8 -v2 aes-256-cbc"), unsupported);
    assertTrue(unsupported.contains("tlsKeyStore"), unsupported);
    assertFalse(unsupported.contains(TestCertificates.KEY_PASSWORD), unsupported);
  }

  @Test
  void tlsOffAndAServerWithoutKeysAreRefused() {
    ConfigurationException off =
        assertThrows(ConfigurationException.class, () -> client(TlsSettings.OFF));
    assertTrue(off.getMessage().contains("TLS is off"), off.getMessage());
    ConfigurationException keyless =
        assertThrows(
            ConfigurationException.class,
            () -> TlsContexts.server(NAME, TlsSettings.trusting(certs.caCertificate)));
    assertTrue(keyless.getMessage().contains("tlsKeyStore"), keyless.getMessage());
    assertNotNull(
        TlsContexts.server(
            NAME,
            TlsSettings.trusting(certs.caCertificate)
                .withKey(certs.serverCertificate, certs.serverKey)));
  }

  @Test
  void aKeyWithAPasswordOfItsOwnInAStoreIsNamed() throws Exception {
    KeyStore source = KeyStore.getInstance(certs.clientKeyStore.toFile(), store());
    PrivateKey key = (PrivateKey) source.getKey("client", store());
    Certificate[] chain = source.getCertificateChain("client");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("client", key, "another-key-pass".toCharArray(), chain);
    Path file = dir.resolve("two-passwords.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, store());
    }
    String message = failure(keyStore(file, TestCertificates.STORE_PASSWORD), "tlsKeyStore", file);
    assertTrue(message.contains("cannot be unlocked with tlsKeyStorePassword"), message);
    assertFalse(message.contains("another-key-pass"), message);
  }

  private static char[] store() {
    return TestCertificates.STORE_PASSWORD.toCharArray();
  }

  @Test
  void brokenPemAndStoreFilesAreNamed() throws Exception {
    Path garbled = write("garbled.pem", pem("CERTIFICATE", new byte[] {1, 2, 3, 4}));
    String broken = failure(TlsSettings.trusting(garbled), "tlsCaCertificates", garbled);
    assertTrue(broken.contains("holds a broken certificate"), broken);

    Path badBase64 =
        write("bad-base64.pem", "-----BEGIN CERTIFICATE-----\nQQ=x\n-----END CERTIFICATE-----\n");
    String base64 = failure(TlsSettings.trusting(badBase64), "tlsCaCertificates", badBase64);
    assertTrue(base64.contains("is not valid Base64"), base64);

    String binary =
        failure(TlsSettings.trusting(certs.trustStore), "tlsCaCertificates", certs.trustStore);
    assertTrue(binary.contains("holds no PEM certificate"), binary);

    byte[] p12 = Files.readAllBytes(certs.clientKeyStore);
    Path truncated = dir.resolve("truncated.p12");
    Files.write(truncated, java.util.Arrays.copyOf(p12, p12.length / 2));
    String cut =
        failure(keyStore(truncated, TestCertificates.STORE_PASSWORD), "tlsKeyStore", truncated);
    assertFalse(cut.contains(TestCertificates.STORE_PASSWORD), cut);
  }

  @Test
  void keysOfTheWrongKindAreNamed() throws Exception {
    TestCertificates.PemPair rsa = certs.client("RSA", "rsa-mismatch");
    String mismatch =
        failure(pemKey(certs.clientCertificate, rsa.key(), null), "tlsPrivateKey", rsa.key());
    assertTrue(mismatch.contains("does not belong"), mismatch);

    byte[] x25519 =
        KeyPairGenerator.getInstance("X25519").generateKeyPair().getPrivate().getEncoded();
    Path agreement = write("x25519-key.pem", pem("PRIVATE KEY", x25519));
    String unknown =
        failure(pemKey(certs.clientCertificate, agreement, null), "tlsPrivateKey", agreement);
    assertTrue(unknown.contains("of a kind this JVM does not know"), unknown);
  }

  @Test
  void aCaFileWithSeveralCertificatesAndCommentsIsReadWhole() throws Exception {
    String both =
        Files.readString(certs.caCertificate)
            + "# another CA\n"
            + Files.readString(certs.unknownCaCertificate);
    Path bundle = write("bundle.pem", both);
    assertEquals(2, PemFiles.certificates(NAME, bundle, "tlsCaCertificates").size());
    assertNotNull(TlsContexts.client(NAME, TlsSettings.trusting(bundle)));
    assertEquals(
        CertificateFactory.getInstance("X.509")
            .generateCertificates(Files.newInputStream(certs.caCertificate))
            .size(),
        PemFiles.certificates(NAME, certs.caCertificate, "tlsCaCertificates").size());
  }

  private static Path write(String file, String text) throws IOException {
    return Files.writeString(dir.resolve(file), text, StandardCharsets.US_ASCII);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
