package com.eq1.network.link;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
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
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Key material for TLS tests, made at test time in a directory of the test's (every file
 * world-readable, so that a broker running as another user can read it): a CA; a server certificate
 * for {@code localhost} and {@code 127.0.0.1}; a client certificate from the same CA; an unknown
 * CA; a server certificate for a wrong host name. Each is written as PEM (certificate chain, PKCS#8
 * key), the server and client keys and the CA also as PKCS#12 stores protected by {@link
 * #STORE_PASSWORD}. EC P-256 keys, quick to make; {@link #client(String, String)} makes clients
 * with RSA or Ed25519 keys. Shared with other bundles' tests through link's test-jar (the TCP
 * bundle keeps a copy of its own).
 */
public final class TestCertificates {

  /** The password of every PKCS#12 store written here. */
  public static final String STORE_PASSWORD = "store-pass-4711";

  /** The password of {@link #encryptedClientKey}. */
  public static final String KEY_PASSWORD = "key-pass-0815";

  /** The subject of the trusted client certificate. */
  public static final String CLIENT_SUBJECT = "CN=eq1-test-client,O=EQ-1 Test";

  /** The host name the wrong-host server certificate is for. */
  public static final String WRONG_HOST = "wrong.example.com";

  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A PEM file of the trusted CA certificate. */
  public final Path caCertificate;

  /** A PKCS#12 trust store holding the trusted CA certificate, {@link #STORE_PASSWORD}. */
  public final Path trustStore;

  /** The server's PEM chain (server certificate, then the CA): {@code localhost}, 127.0.0.1. */
  public final Path serverCertificate;

  /** The server's PEM PKCS#8 key. */
  public final Path serverKey;

  /** A PKCS#12 key store of the server's key and chain, {@link #STORE_PASSWORD}. */
  public final Path serverKeyStore;

  /** The trusted client's PEM chain, subject {@link #CLIENT_SUBJECT}. */
  public final Path clientCertificate;

  /** The trusted client's PEM PKCS#8 key. */
  public final Path clientKey;

  /** The same key, PKCS#8 encrypted as OpenSSL does (PBES2, AES-256-CBC), {@link #KEY_PASSWORD}. */
  public final Path encryptedClientKey;

  /** The same key in the traditional OpenSSL format ({@code EC PRIVATE KEY}), not PKCS#8. */
  public final Path traditionalClientKey;

  /** A PKCS#12 key store of the trusted client's key and chain, {@link #STORE_PASSWORD}. */
  public final Path clientKeyStore;

  /** A PEM file of a CA nobody trusts. */
  public final Path unknownCaCertificate;

  /** A server PEM chain from the trusted CA, but for {@link #WRONG_HOST} only. */
  public final Path wrongHostCertificate;

  /** Its PEM PKCS#8 key. */
  public final Path wrongHostKey;

  private final Path dir;
  private final Issued ca;
  private final PrivateKey clientPrivateKey;

  private TestCertificates(Path dir) throws GeneralSecurityException, IOException {
    this.dir = dir;
    ca = selfSigned("CN=EQ-1 Test CA,O=EQ-1 Test", ecKeys());
    caCertificate = writePem("ca.pem", ca.certificate);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("eq1-test-ca", ca.certificate);
    trustStore = store(trust, "truststore.p12");

    Issued server =
        issue(
            "CN=localhost,O=EQ-1 Test",
            ecKeys(),
            "SHA256withECDSA",
            KeyPurposeId.id_kp_serverAuth,
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    serverCertificate = writePem("server.pem", server.certificate, ca.certificate);
    serverKey = writeKey("server-key.pem", server.keys.getPrivate());
    serverKeyStore = writeKeyStore("server.p12", "server", server);

    Issued client =
        issue(CLIENT_SUBJECT, ecKeys(), "SHA256withECDSA", KeyPurposeId.id_kp_clientAuth);
    clientPrivateKey = client.keys.getPrivate();
    clientCertificate = writePem("client.pem", client.certificate, ca.certificate);
    clientKey = writeKey("client-key.pem", clientPrivateKey);
    encryptedClientKey = encryptedKey("client-key-aes.pem", PKCS8Generator.AES_256_CBC);
    traditionalClientKey = file("client-key-ec.pem");
    try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(traditionalClientKey))) {
      writer.writeObject(clientPrivateKey);
    }
    readableByAll(traditionalClientKey);
    clientKeyStore = writeKeyStore("client.p12", "client", client);

    Issued unknownCa = selfSigned("CN=Unknown CA,O=Somebody Else", ecKeys());
    unknownCaCertificate = writePem("unknown-ca.pem", unknownCa.certificate);

    Issued wrongHost =
        issue(
            "CN=" + WRONG_HOST + ",O=EQ-1 Test",
            ecKeys(),
            "SHA256withECDSA",
            KeyPurposeId.id_kp_serverAuth,
            new GeneralName(GeneralName.dNSName, WRONG_HOST));
    wrongHostCertificate = writePem("wrong-host.pem", wrongHost.certificate, ca.certificate);
    wrongHostKey = writeKey("wrong-host-key.pem", wrongHost.keys.getPrivate());
  }

  /**
   * Makes all the key material in a directory.
   *
   * @param dir the directory, typically a {@code @TempDir}
   * @return the files
   */
  public static TestCertificates create(Path dir) {
    try {
      return new TestCertificates(dir);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make test certificates in " + dir, e);
    }
  }

  /** A PEM certificate chain and its PEM PKCS#8 key. */
  public record PemPair(Path certificate, Path key) {}

  /**
   * Makes another client certificate from the trusted CA, with a key of the given kind.
   *
   * @param algorithm {@code RSA} (2048 bits) or {@code Ed25519}
   * @param base the start of the two file names
   * @return the files
   */
  public PemPair client(String algorithm, String base) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if ("RSA".equals(algorithm)) {
        generator.initialize(2048);
      }
      Issued client =
          issue(
              "CN=" + base + ",O=EQ-1 Test",
              generator.generateKeyPair(),
              "SHA256withECDSA",
              KeyPurposeId.id_kp_clientAuth);
      return new PemPair(
          writePem(base + ".pem", client.certificate, ca.certificate),
          writeKey(base + "-key.pem", client.keys.getPrivate()));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot make a " + algorithm + " client certificate", e);
    }
  }

  /**
   * Writes the trusted client's key PKCS#8-encrypted (PBES2, HMAC-SHA256) with {@link
   * #KEY_PASSWORD}.
   *
   * @param file the file name in the directory
   * @param cipher the encryption, a {@link PKCS8Generator} constant such as {@code DES3_CBC}
   * @return the file
   */
  public Path encryptedKey(String file, ASN1ObjectIdentifier cipher) {
    try {
      Path path = file(file);
      JcaPKCS8Generator generator =
          new JcaPKCS8Generator(
              clientPrivateKey,
              new JceOpenSSLPKCS8EncryptorBuilder(cipher)
                  .setProvider(new BouncyCastleProvider()) // not registered: the JDK reads
                  .setPRF(PKCS8Generator.PRF_HMACSHA256)
                  .setPassword(KEY_PASSWORD.toCharArray())
                  .build());
      try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(path))) {
        writer.writeObject(generator.generate());
      }
      return readableByAll(path);
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot encrypt a key", e);
    }
  }

  private record Issued(KeyPair keys, X509Certificate certificate) {}

  private static KeyPair ecKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  private static Issued selfSigned(String subject, KeyPair keys)
      throws GeneralSecurityException, IOException {
    X500Name name = new X500Name(subject);
    X509v3CertificateBuilder builder = builder(name, name, keys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    builder.addExtension(
        Extension.subjectKeyIdentifier,
        false,
        new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
    return new Issued(keys, sign(builder, keys.getPrivate(), "SHA256withECDSA"));
  }

  private Issued issue(
      String subject,
      KeyPair keys,
      String signature,
      KeyPurposeId purpose,
      GeneralName... alternativeNames)
      throws GeneralSecurityException, IOException {
    JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder builder =
        builder(
            X500Name.getInstance(ca.certificate.getSubjectX500Principal().getEncoded()),
            new X500Name(subject),
            keys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    int usage =
        "EC".equals(keys.getPublic().getAlgorithm())
            ? KeyUsage.digitalSignature | KeyUsage.keyAgreement
            : KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    builder.addExtension(
        Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
    builder.addExtension(
        Extension.authorityKeyIdentifier,
        false,
        utils.createAuthorityKeyIdentifier(ca.certificate));
    if (alternativeNames.length > 0) {
      builder.addExtension(
          Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames));
    }
    return new Issued(keys, sign(builder, ca.keys.getPrivate(), signature));
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

  private static X509Certificate sign(
      X509v3CertificateBuilder builder, PrivateKey issuerKey, String signature)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(issuerKey)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign", e);
    }
  }

  private Path writePem(String file, X509Certificate... chain)
      throws GeneralSecurityException, IOException {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate certificate : chain) {
      pem.append("subject=").append(certificate.getSubjectX500Principal()).append('\n');
      pem.append(pem("CERTIFICATE", certificate.getEncoded()));
    }
    return readableByAll(Files.writeString(file(file), pem, StandardCharsets.US_ASCII));
  }

  /** Writes an unencrypted PKCS#8 key: what {@code Key.getEncoded()} of a private key gives. */
  private Path writeKey(String file, PrivateKey key) throws IOException {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IOException("expected a PKCS#8 key, got " + key.getFormat());
    }
    return readableByAll(
        Files.writeString(
            file(file), pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII));
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private Path writeKeyStore(String file, String alias, Issued entry)
      throws GeneralSecurityException, IOException {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry(
        alias,
        entry.keys.getPrivate(),
        STORE_PASSWORD.toCharArray(),
        new Certificate[] {entry.certificate, ca.certificate});
    return store(keyStore, file);
  }

  private Path store(KeyStore keyStore, String file) throws GeneralSecurityException, IOException {
    Path path = file(file);
    try (OutputStream out = Files.newOutputStream(path)) {
      keyStore.store(out, STORE_PASSWORD.toCharArray());
    }
    return readableByAll(path);
  }

  private Path file(String name) {
    return dir.resolve(name);
  }

  private static Path readableByAll(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    return file;
  }
}
