package com.eq1.network.link;

import com.eq1.network.api.ConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads PEM certificate chains and PKCS#8 private keys with the JDK alone. Text around the PEM
 * blocks (the {@code subject=} lines OpenSSL writes, comments) is ignored. Every failure is a
 * {@link ConfigurationException} naming the configuration key and the file, never a password.
 */
final class PemFiles {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final List<String> KEY_ALGORITHMS =
      List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA");
  private static final String HOW_TO_CONVERT =
      "convert it with 'openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256 -in OLD"
          + " -out NEW' (or '-nocrypt' for no password), or use tlsKeyStore (PKCS#12)";

  private PemFiles() {}

  private record Block(String type, byte[] der) {}

  /**
   * Reads every {@code CERTIFICATE} block of a PEM file, in file order.
   *
   * @param name the connection, named in errors
   * @param file the file
   * @param key the configuration key naming the file
   * @return the certificates, at least one
   * @throws ConfigurationException if the file is missing, unreadable or holds no certificate
   */
  static List<X509Certificate> certificates(String name, Path file, String key) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block block : blocks(name, file, key)) {
        if ("CERTIFICATE".equals(block.type())) {
          certificates.add(
              (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
        }
      }
    } catch (CertificateException e) {
      throw new ConfigurationException(
          name, key + " " + file + " holds a broken certificate: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new ConfigurationException(
          name, key + " " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  /**
   * Reads a PEM PKCS#8 private key, decrypting it if it is an {@code ENCRYPTED PRIVATE KEY}. RSA,
   * EC, EdDSA (Ed25519, Ed448), RSASSA-PSS and DSA keys are recognised.
   *
   * @param name the connection, named in errors
   * @param file the file, key {@code tlsPrivateKey}
   * @param password the password of an encrypted key, or {@code null}
   * @return the key
   * @throws ConfigurationException if the file is missing or unreadable, holds no PKCS#8 key, the
   *     key is encrypted without a password or with a wrong one, or the JDK cannot decrypt it
   */
  static PrivateKey privateKey(String name, Path file, String password) {
    String key = "tlsPrivateKey";
    for (Block block : blocks(name, file, key)) {
      switch (block.type()) {
        case "PRIVATE KEY":
          return parse(name, file, block.der());
        case "ENCRYPTED PRIVATE KEY":
          return parse(name, file, decrypt(name, file, block.der(), password));
        case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY":
          throw new ConfigurationException(
              name,
              key
                  + " "
                  + file
                  + " is an '"
                  + block.type()
                  + "' (traditional OpenSSL or OpenSSH format), not PKCS#8: "
                  + HOW_TO_CONVERT);
        default:
          // a certificate or parameters beside the key: look further
      }
    }
    throw new ConfigurationException(
        name, key + " " + file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  /**
   * Checks that a private key belongs to a certificate by signing with the one and verifying with
   * the other. Key types without a plain signature (RSASSA-PSS) are not checked here; the TLS
   * handshake would fail instead.
   *
   * @param name the connection, named in errors
   * @param privateKey the key
   * @param certificate the certificate
   * @param keyFile the key's file, named in errors
   * @param certificateFile the certificate's file, named in errors
   * @throws ConfigurationException if they do not match
   */
  static void checkPair(
      String name,
      PrivateKey privateKey,
      X509Certificate certificate,
      Path keyFile,
      Path certificateFile) {
    String algorithm =
        switch (privateKey.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
          case "DSA" -> "SHA256withDSA";
          default -> null;
        };
    if (algorithm == null) {
      return;
    }
    boolean matches;
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new ConfigurationException(
          name,
          "tlsPrivateKey "
              + keyFile
              + " does not belong to the first certificate of tlsCertificate "
              + certificateFile
              + " ("
              + certificate.getSubjectX500Principal().getName()
              + ")");
    }
  }

  private static List<Block> blocks(String name, Path file, String key) {
    String text;
    try {
      text = Files.readString(TlsContexts.readable(name, file, key), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new ConfigurationException(
          name, key + " " + file + " cannot be read: " + e.getMessage(), e);
    }
    List<Block> blocks = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(text);
    while (matcher.find()) {
      try {
        // the MIME decoder skips what is not Base64: line breaks, RFC 1421 headers
        blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            name,
            key + " " + file + ": the PEM block '" + matcher.group(1) + "' is not valid Base64",
            e);
      }
    }
    return blocks;
  }

  private static PrivateKey parse(String name, Path file, byte[] pkcs8) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (NoSuchAlgorithmException | InvalidKeySpecException | RuntimeException e) {
        // not this kind of key: try the next
      }
    }
    throw new ConfigurationException(
        name,
        "tlsPrivateKey "
            + file
            + " holds a PKCS#8 key of a kind this JVM does not know (known: "
            + String.join(", ", KEY_ALGORITHMS)
            + ")");
  }

  private static byte[] decrypt(String name, Path file, byte[] der, String password) {
    if (password == null || password.isEmpty()) {
      throw new ConfigurationException(
          name, "tlsPrivateKey " + file + " is encrypted: set tlsPrivateKeyPassword");
    }
    EncryptedPrivateKeyInfo info;
    String scheme;
    AlgorithmParameters parameters;
    try {
      info = new EncryptedPrivateKeyInfo(der);
      parameters = info.getAlgParameters();
      scheme = info.getAlgName();
      if (parameters != null && ("PBES2".equals(scheme) || scheme.startsWith("1.2.840"))) {
        // PBES2: the parameters name the real scheme, e.g. PBEWithHmacSHA256AndAES_256
        scheme = parameters.toString();
      }
    } catch (IOException e) {
      throw new ConfigurationException(
          name,
          "tlsPrivateKey "
              + file
              + " is broken or encrypted with a scheme this JVM cannot read ("
              + e.getMessage()
              + "): "
              + HOW_TO_CONVERT,
          e);
    }
    char[] secret = password.toCharArray();
    PBEKeySpec keySpec = new PBEKeySpec(secret);
    try {
      Cipher cipher = Cipher.getInstance(scheme);
      cipher.init(
          Cipher.DECRYPT_MODE,
          SecretKeyFactory.getInstance(scheme).generateSecret(keySpec),
          parameters);
      return info.getKeySpec(cipher).getEncoded();
    } catch (NoSuchAlgorithmException | javax.crypto.NoSuchPaddingException e) {
      throw new ConfigurationException(
          name,
          "tlsPrivateKey "
              + file
              + " is encrypted with '"
              + scheme
              + "', which this JVM cannot decrypt: "
              + HOW_TO_CONVERT,
          e);
    } catch (GeneralSecurityException e) { // mostly a bad padding or key: the password
      throw new ConfigurationException(
          name, "tlsPrivateKey " + file + " cannot be decrypted: wrong tlsPrivateKeyPassword?", e);
    } finally {
      keySpec.clearPassword();
      Arrays.fill(secret, '\0');
    }
  }
}
