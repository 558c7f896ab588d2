package com.eq1.network.link;

import com.eq1.network.api.ConfigurationException;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds JDK {@link SSLContext}s from {@link TlsSettings}, with the JDK alone: key and trust stores
 * in PKCS#12 or JKS (the type is detected), PEM certificate chains, PEM PKCS#8 private keys (RSA,
 * EC, Ed25519, unencrypted or encrypted with a scheme the JDK knows, such as OpenSSL's default
 * PBES2 with AES), a PEM file of CA certificates as trust, and otherwise the JVM's default trust.
 * Files are read on every call, so a renewed certificate is picked up by the next context.
 *
 * <p>A client context verifies the server's host name when {@link
 * TlsSettings#hostnameVerification()} is on, whatever the socket's own {@link SSLParameters} say:
 * its trust manager sets endpoint identification {@code HTTPS} on the socket or engine during the
 * handshake if none is set. Libraries such as Paho replace the socket's parameters with fresh ones
 * before the handshake, which would otherwise drop it. With verification off, only the certificate
 * chain is checked, even if the socket asks for more.
 *
 * <p>Every failure is a {@link ConfigurationException} naming the connection, the configuration key
 * (for example {@code tlsKeyStore}, {@code tlsPrivateKey}) and the file; never a password. Nothing
 * here blocks on the network.
 */
public final class TlsContexts {

  /** Protects the in-memory key store made from PEM files; not a secret. */
  private static final char[] IN_MEMORY = "eq1-in-memory".toCharArray();

  private TlsContexts() {}

  /**
   * Builds a client context: this side's key material if any, the configured trust (the JVM's
   * default without a trust store or CA file), and the host name policy described above.
   *
   * @param name the connection, named in errors
   * @param tls the settings; TLS must be enabled
   * @return the context, initialised
   * @throws ConfigurationException if TLS is off, a file is missing, unreadable or not what its key
   *     says, a password is wrong, or a private key does not match its certificate
   */
  public static SSLContext client(String name, TlsSettings tls) {
    requireEnabled(name, tls);
    try {
      KeyManager[] keys = tls.hasKeyMaterial() ? keyManagers(name, tls) : null;
      return context(keys, new HostnamePolicy(trustManager(name, tls), tls.hostnameVerification()));
    } catch (GeneralSecurityException | IOException e) {
      throw unavailable(name, e);
    }
  }

  /**
   * Builds a server context with this side's key material and the configured trust for client
   * certificates (the JVM's default without a trust store or CA file). The context does not carry
   * {@link TlsSettings#clientAuth()}: the caller asks for client certificates on each server socket
   * or engine ({@code setNeedClientAuth}, {@code setWantClientAuth}).
   *
   * @param name the connection, named in errors
   * @param tls the settings; TLS must be enabled and key material given
   * @return the context, initialised
   * @throws ConfigurationException as {@link #client(String, TlsSettings)}, or if there is no key
   *     material
   */
  public static SSLContext server(String name, TlsSettings tls) {
    requireEnabled(name, tls);
    if (!tls.hasKeyMaterial()) {
      throw new ConfigurationException(
          name, "a TLS server needs tlsKeyStore, or tlsCertificate with tlsPrivateKey");
    }
    try {
      return context(keyManagers(name, tls), trustManager(name, tls));
    } catch (GeneralSecurityException | IOException e) {
      throw unavailable(name, e);
    }
  }

  /** Returns {@code file} if it can be read; otherwise fails naming the file and its key. */
  static Path readable(String name, Path file, String key) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ConfigurationException(
          name, key + " " + file + " does not exist or is not a readable file");
    }
    return file;
  }

  private static void requireEnabled(String name, TlsSettings tls) {
    if (tls == null || !tls.enabled()) {
      throw new ConfigurationException(name, "TLS is off: there is no TLS context to build");
    }
  }

  /** What the files cannot cause: this JVM lacks TLS, PKCS#12 or X.509 support. */
  private static ConfigurationException unavailable(String name, Exception e) {
    return new ConfigurationException(name, "TLS cannot be set up in this JVM: " + e, e);
  }

  private static SSLContext context(KeyManager[] keys, TrustManager trust)
      throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys, new TrustManager[] {trust}, null);
    return context;
  }

  private static KeyManager[] keyManagers(String name, TlsSettings tls)
      throws GeneralSecurityException, IOException {
    KeyStore store;
    char[] password;
    if (tls.keyStore() != null) {
      password = chars(tls.keyStorePassword());
      store = load(name, tls.keyStore(), password, "tlsKeyStore", "tlsKeyStorePassword");
      requireEntry(name, store, true, "tlsKeyStore", tls.keyStore());
    } else {
      password = IN_MEMORY.clone();
      store = pemKeyStore(name, tls);
    }
    try {
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory.getKeyManagers();
    } catch (UnrecoverableKeyException e) { // only a store's keys have passwords of their own
      throw new ConfigurationException(
          name,
          "tlsKeyStore "
              + tls.keyStore()
              + ": a private key cannot be unlocked with tlsKeyStorePassword"
              + " (each key must have the store's password)",
          e);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static KeyStore pemKeyStore(String name, TlsSettings tls)
      throws GeneralSecurityException, IOException {
    List<X509Certificate> chain = PemFiles.certificates(name, tls.certificate(), "tlsCertificate");
    PrivateKey key = PemFiles.privateKey(name, tls.privateKey(), tls.privateKeyPassword());
    PemFiles.checkPair(name, key, chain.get(0), tls.privateKey(), tls.certificate());
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("key", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
    return store;
  }

  private static X509ExtendedTrustManager trustManager(String name, TlsSettings tls)
      throws GeneralSecurityException, IOException {
    KeyStore store = null;
    if (tls.trustStore() != null) {
      // a trust store without a password is read without the integrity check
      String password = tls.trustStorePassword();
      store =
          load(
              name,
              tls.trustStore(),
              password == null || password.isEmpty() ? null : password.toCharArray(),
              "tlsTrustStore",
              "tlsTrustStorePassword");
      requireEntry(name, store, false, "tlsTrustStore", tls.trustStore());
    } else if (tls.caCertificates() != null) {
      List<X509Certificate> certificates =
          PemFiles.certificates(name, tls.caCertificates(), "tlsCaCertificates");
      store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return (X509ExtendedTrustManager) factory.getTrustManagers()[0]; // the JDK's PKIX manager
  }

  private static KeyStore load(
      String name, Path file, char[] password, String key, String passwordKey) {
    try {
      return KeyStore.getInstance(readable(name, file, key).toFile(), password);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new ConfigurationException(
            name, key + " " + file + " cannot be opened: wrong " + passwordKey, e);
      }
      throw new ConfigurationException(
          name, key + " " + file + " cannot be read: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException(
          name, key + " " + file + " is not a PKCS#12 or JKS key store: " + e.getMessage(), e);
    }
  }

  private static void requireEntry(
      String name, KeyStore store, boolean privateKey, String key, Path file)
      throws KeyStoreException {
    for (String alias : Collections.list(store.aliases())) {
      if (privateKey ? store.isKeyEntry(alias) : store.getCertificate(alias) != null) {
        return;
      }
    }
    throw new ConfigurationException(
        name,
        key
            + " "
            + file
            + (privateKey
                ? " holds no private key"
                : " holds no certificate (protected ones need tlsTrustStorePassword)"));
  }

  private static char[] chars(String password) {
    return password == null ? new char[0] : password.toCharArray();
  }

  /**
   * Checks the server's host name, or deliberately not, whatever the socket or engine was told.
   * Client certificates are passed through unchanged.
   */
  static final class HostnamePolicy extends X509ExtendedTrustManager {

    private static final String HTTPS = "HTTPS";

    private final X509ExtendedTrustManager trust;
    private final boolean verify;

    HostnamePolicy(X509ExtendedTrustManager trust, boolean verify) {
      this.trust = trust;
      this.verify = verify;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      if (!verify) {
        trust.checkServerTrusted(chain, authType);
        return;
      }
      if (socket instanceof SSLSocket ssl) {
        SSLParameters parameters = ssl.getSSLParameters();
        if (unset(parameters)) {
          parameters.setEndpointIdentificationAlgorithm(HTTPS);
          ssl.setSSLParameters(parameters);
        }
      }
      trust.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      if (!verify) {
        trust.checkServerTrusted(chain, authType);
        return;
      }
      if (engine != null) {
        SSLParameters parameters = engine.getSSLParameters();
        if (unset(parameters)) {
          parameters.setEndpointIdentificationAlgorithm(HTTPS);
          engine.setSSLParameters(parameters);
        }
      }
      trust.checkServerTrusted(chain, authType, engine);
    }

    /** Whether nobody chose an identification (a caller's own choice, such as LDAPS, stays). */
    private static boolean unset(SSLParameters parameters) {
      String algorithm = parameters.getEndpointIdentificationAlgorithm();
      return algorithm == null || algorithm.isEmpty();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      trust.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      trust.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      trust.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      trust.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return trust.getAcceptedIssuers();
    }
  }
}
