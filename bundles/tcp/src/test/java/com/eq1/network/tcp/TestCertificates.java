package com.eq1.network.tcp;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Key material for the TLS tests, made at test time in a directory of the test's: a CA; a server
 * certificate for {@code localhost} and {@code 127.0.0.1}; a client certificate from the same CA;
 * an unknown CA with a client certificate of its own; an impostor CA bearing the trusted CA's name,
 * with a client certificate of its own; a server certificate for a wrong host name. Each is written
 * as PEM (certificate chain, PKCS#8 key), and the server and client keys and the CA also as
 * password-protected PKCS#12 stores. EC P-256 keys: quick to make.
 */
final class TestCertificates {

  /** The password of every PKCS#12 store written here. */
  static final String STORE_PASSWORD = "store-pass-4711";

  /** The subject of the trusted CA (and of the impostor CA). */
  static final String CA_SUBJECT = "CN=EQ-1 Test CA,O=EQ-1 Test";

  /** The subject of the trusted client certificate. */
  static final String CLIENT_SUBJECT = "CN=eq1-test-client,O=EQ-1 Test";

  /** The host name the wrong-host server certificate is for. */
  static final String WRONG_HOST = "wrong.example.com";

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A PEM file of the trusted CA certificate. */
  final Path caCertificate;

  /** A PKCS#12 trust store holding the trusted CA certificate, {@link #STORE_PASSWORD}. */
  final Path trustStore;

  /** The server's PEM chain (server certificate, then the CA): {@code localhost}, 127.0.0.1. */
  final Path serverCertificate;

  /** The server's PEM PKCS#8 key. */
  final Path serverKey;

  /** A PKCS#12 key store of the server's key and chain, {@link #STORE_PASSWORD}. */
  final Path serverKeyStore;

  /** The trusted client's PEM chain, subject {@link #CLIENT_SUBJECT}. */
  final Path clientCertificate;

  /** The trusted client's PEM PKCS#8 key. */
  final Path clientKey;

  /** A PKCS#12 key store of the trusted client's key and chain, {@link #STORE_PASSWORD}. */
  final Path clientKeyStore;

  /** A PEM file of a CA nobody trusts. */
  final Path unknownCaCertificate;

  /** A client PEM chain issued by the unknown CA. */
  final Path unknownClientCertificate;

  /** Its PEM PKCS#8 key. */
  final Path unknownClientKey;

  /**
   * A client PEM chain from an impostor CA: a CA with the trusted CA's name but a key of its own.
   * The chain ends with the impostor CA certificate, so a client offers it to a server that asks
   * for certificates from the trusted CA's name.
   */
  final Path impostorClientCertificate;

  /** Its PEM PKCS#8 key. */
  final Path impostorClientKey;

  /** A server PEM chain from the trusted CA, but for {@link #WRONG_HOST} only. */
  final Path wrongHostCertificate;

  /** Its PEM PKCS#8 key. */
  final Path wrongHostKey;

  /** The trusted client's certificate, to compare what the server sees with. */
  final X509Certificate clientX509;

  private TestCertificates(Path dir) throws GeneralSecurityException, IOException {
    Issued ca = selfSigned(CA_SUBJECT);
    caCertificate = writePem(dir.resolve("ca.pem"), ca.certificate);
    trustStore = dir.resolve("truststore.p12");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("eq1-test-ca", ca.certificate);
    store(trust, trustStore);

    Issued server =
        issue(
            ca,
            "CN=localhost,O=EQ-1 Test",
            KeyPurposeId.id_kp_serverAuth,
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    serverCertificate = writePem(dir.resolve("server.pem"), server.certificate, ca.certificate);
    serverKey = writeKey(dir.resolve("server-key.pem"), server.keys.getPrivate());
    serverKeyStore = writeKeyStore(dir.resolve("server.p12"), "server", server, ca);

    Issued client = issue(ca, CLIENT_SUBJECT, KeyPurposeId.id_kp_clientAuth);
    clientX509 = client.certificate;
    clientCertificate = writePem(dir.resolve("client.pem"), client.certificate, ca.certificate);
    clientKey = writeKey(dir.resolve("client-key.pem"), client.keys.getPrivate());
    clientKeyStore = writeKeyStore(dir.resolve("client.p12"), "client", client, ca);

    Issued unknownCa = selfSigned("CN=Unknown CA,O=Somebody Else");
    unknownCaCertificate = writePem(dir.resolve("unknown-ca.pem"), unknownCa.certificate);
    Issued unknownClient =
        issue(unknownCa, "CN=intruder,O=Somebody Else", KeyPurposeId.id_kp_clientAuth);
    unknownClientCertificate =
        writePem(
            dir.resolve("unknown-client.pem"), unknownClient.certificate, unknownCa.certificate);
    unknownClientKey =
        writeKey(dir.resolve("unknown-client-key.pem"), unknownClient.keys.getPrivate());

    Issued impostorCa = selfSigned(CA_SUBJECT);
    Issued impostorClient =
        issue(impostorCa, "CN=impostor,O=Somebody Else", KeyPurposeId.id_kp_clientAuth);
    impostorClientCertificate =
        writePem(
            dir.resolve("impostor-client.pem"), impostorClient.certificate, impostorCa.certificate);
    impostorClientKey =
        writeKey(dir.resolve("impostor-client-key.pem"), impostorClient.keys.getPrivate());

    Issued wrongHost =
        issue(
            ca,
            "CN=" + WRONG_HOST + ",O=EQ-1 Test",
            KeyPurposeId.id_kp_serverAuth,
            new GeneralName(GeneralName.dNSName, WRONG_HOST));
    wrongHostCertificate =
        writePem(dir.resolve("wrong-host.pem"), wrongHost.certificate, ca.certificate);
    wrongHostKey = writeKey(dir.resolve("wrong-host-key.pem"), wrongHost.keys.getPrivate());
  }

  /**
   * Makes all the key material in a directory.
   *
   * @param dir the directory, typically a {@code @TempDir}
   * @return the files
   */
  static TestCertificates create(Path dir) {
    try {
      return new TestCertificates(dir);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make test certificates in " + dir, e);
    }
  }

  private record Issued(KeyPair keys, X509Certificate certificate) {}

  private static KeyPair keyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static Issued selfSigned(String subject) throws GeneralSecurityException, IOException {
    KeyPair keys = keyPair();
    X500Name name = new X500Name(subject);
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder builder = builder(name, name, keys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(
        Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
    return new Issued(keys, sign(builder, keys.getPrivate()));
  }

  private static Issued issue(
      Issued issuer, String subject, KeyPurposeId purpose, GeneralName... alternativeNames)
      throws GeneralSecurityException, IOException {
    KeyPair keys = keyPair();
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder builder =
        builder(
            X500Name.getInstance(issuer.certificate.getSubjectX500Principal().getEncoded()),
            new X500Name(subject),
            keys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    builder.addExtension(
        Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
    builder.addExtension(
        Extension.authorityKeyIdentifier,
        false,
        utils.createAuthorityKeyIdentifier(issuer.certificate));
    if (alternativeNames.length > 0) {
      builder.addExtension(
          Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames));
    }
    return new Issued(keys, sign(builder, issuer.keys.getPrivate()));
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign", e);
    }
  }

  private static Path writePem(Path file, X509Certificate... chain)
      throws GeneralSecurityException, IOException {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate certificate : chain) {
      pem.append(pem("CERTIFICATE", certificate.getEncoded()));
    }
    return Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }

  /** Writes an unencrypted PKCS#8 key: what {@code Key.getEncoded()} of a private key gives. */
  private static Path writeKey(Path file, PrivateKey key) throws IOException {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IOException("expected a PKCS#8 key, got " + key.getFormat());
    }
    return Files.writeString(file, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static Path writeKeyStore(Path file, String alias, Issued entry, Issued ca)
      throws GeneralSecurityException, IOException {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry(
        alias,
        entry.keys.getPrivate(),
        STORE_PASSWORD.toCharArray(),
        new Certificate[] {entry.certificate, ca.certificate});
    store(keyStore, file);
    return file;
  }

  private static void store(KeyStore keyStore, Path file)
      throws GeneralSecurityException, IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      keyStore.store(out, STORE_PASSWORD.toCharArray());
    }
  }
}
