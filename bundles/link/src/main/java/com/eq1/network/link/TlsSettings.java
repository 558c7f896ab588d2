package com.eq1.network.link;

import com.eq1.network.api.ConfigurationException;
import java.nio.file.Path;

/**
 * TLS for one network connection (TCP, MQTT). Key material comes either from a key store (PKCS#12
 * or JKS) or from PEM files (a certificate chain and a PKCS#8 private key); trust from a trust
 * store or a PEM file of CA certificates, and otherwise from the JVM's default trust. Passwords are
 * never printed: {@link #toString()} masks them.
 *
 * @param enabled whether the connection uses TLS at all
 * @param keyStore the key store holding this side's key and certificate, or {@code null}
 * @param keyStorePassword its password, or {@code null}
 * @param certificate a PEM certificate chain of this side, or {@code null}
 * @param privateKey the PEM (PKCS#8) private key matching {@code certificate}, or {@code null}
 * @param privateKeyPassword the private key's password if it is encrypted, or {@code null}
 * @param trustStore the trust store of accepted peers' CAs, or {@code null}
 * @param trustStorePassword its password, or {@code null}
 * @param caCertificates a PEM file of accepted peers' CA certificates, or {@code null}
 * @param hostnameVerification whether a client checks that the server certificate names the host
 * @param clientAuth whether a server asks clients for certificates
 */
public record TlsSettings(
    boolean enabled,
    Path keyStore,
    String keyStorePassword,
    Path certificate,
    Path privateKey,
    String privateKeyPassword,
    Path trustStore,
    String trustStorePassword,
    Path caCertificates,
    boolean hostnameVerification,
    ClientAuth clientAuth) {

  /** No TLS. */
  public static final TlsSettings OFF =
      new TlsSettings(false, null, null, null, null, null, null, null, null, true, ClientAuth.NONE);

  /**
   * Checks that the settings are complete and consistent.
   *
   * @throws ConfigurationException if, with TLS on, key material is given twice or half, or a
   *     client certificate is required without anything to check it against
   */
  public TlsSettings {
    if (clientAuth == null) {
      throw new ConfigurationException(null, "tlsClientAuth is missing");
    }
    if (enabled) {
      if (keyStore != null && (certificate != null || privateKey != null)) {
        throw new ConfigurationException(
            null, "give either tlsKeyStore or tlsCertificate with tlsPrivateKey, not both");
      }
      if ((certificate == null) != (privateKey == null)) {
        throw new ConfigurationException(
            null, "tlsCertificate and tlsPrivateKey must be given together");
      }
      if (clientAuth != ClientAuth.NONE && trustStore == null && caCertificates == null) {
        throw new ConfigurationException(
            null,
            "tlsClientAuth="
                + clientAuth.name().toLowerCase(java.util.Locale.ROOT)
                + " needs tlsTrustStore or tlsCaCertificates to check client certificates"
                + " (the JVM's public CAs are never trusted for that)");
      }
      if (trustStore != null && caCertificates != null) {
        throw new ConfigurationException(
            null, "give either tlsTrustStore or tlsCaCertificates, not both");
      }
    }
  }

  /**
   * Returns TLS settings that trust the given PEM CA certificates and present no certificate of
   * their own: the usual client set-up.
   *
   * @param caCertificates the PEM file of CA certificates
   * @return the settings, with hostname verification on
   */
  public static TlsSettings trusting(Path caCertificates) {
    return new TlsSettings(
        true, null, null, null, null, null, null, null, caCertificates, true, ClientAuth.NONE);
  }

  /**
   * Tells whether this side has a key and certificate to present.
   *
   * @return {@code true} if a key store or a PEM certificate and key are given
   */
  public boolean hasKeyMaterial() {
    return keyStore != null || certificate != null;
  }

  /**
   * Returns a copy with this side's PEM certificate chain and private key.
   *
   * @param chain the PEM certificate chain
   * @param key the PEM (PKCS#8) private key, not encrypted
   * @return the copy
   */
  public TlsSettings withKey(Path chain, Path key) {
    return new TlsSettings(
        true,
        null,
        null,
        chain,
        key,
        null,
        trustStore,
        trustStorePassword,
        caCertificates,
        hostnameVerification,
        clientAuth);
  }

  /**
   * Returns a copy with the given client authentication.
   *
   * @param auth whether a server asks clients for certificates
   * @return the copy
   */
  public TlsSettings withClientAuth(ClientAuth auth) {
    return new TlsSettings(
        enabled,
        keyStore,
        keyStorePassword,
        certificate,
        privateKey,
        privateKeyPassword,
        trustStore,
        trustStorePassword,
        caCertificates,
        hostnameVerification,
        auth);
  }

  /**
   * Returns a copy with hostname verification on or off.
   *
   * @param verify whether a client checks the server certificate's names
   * @return the copy
   */
  public TlsSettings withHostnameVerification(boolean verify) {
    return new TlsSettings(
        enabled,
        keyStore,
        keyStorePassword,
        certificate,
        privateKey,
        privateKeyPassword,
        trustStore,
        trustStorePassword,
        caCertificates,
        verify,
        clientAuth);
  }

  /** Shows the settings with every password masked. */
  @Override
  public String toString() {
    if (!enabled) {
      return "TlsSettings[off]";
    }
    return "TlsSettings[keyStore="
        + keyStore
        + ", keyStorePassword="
        + mask(keyStorePassword)
        + ", certificate="
        + certificate
        + ", privateKey="
        + privateKey
        + ", privateKeyPassword="
        + mask(privateKeyPassword)
        + ", trustStore="
        + trustStore
        + ", trustStorePassword="
        + mask(trustStorePassword)
        + ", caCertificates="
        + caCertificates
        + ", hostnameVerification="
        + hostnameVerification
        + ", clientAuth="
        + clientAuth
        + "]";
  }

  private static String mask(String secret) {
    return secret == null || secret.isEmpty() ? "" : "****";
  }
}
