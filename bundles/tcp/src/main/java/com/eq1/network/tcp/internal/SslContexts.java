package com.eq1.network.tcp.internal;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.TlsSettings;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds Netty TLS contexts (JDK provider) from {@link TlsSettings}. Key and trust stores are read
 * with the type the JDK detects (PKCS#12 or JKS); PEM files through Netty. Every failure is a
 * {@link ConfigurationException} that names the file and the configuration key, never a password.
 */
public final class SslContexts {

  private SslContexts() {}

  /**
   * Builds a client context.
   *
   * @param name the connection, named in errors
   * @param tls the settings, enabled
   * @return the context
   * @throws ConfigurationException if a file is missing or unreadable
   */
  public static SslContext client(String name, TlsSettings tls) {
    SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
    trust(name, tls, builder);
    if (tls.hasKeyMaterial()) {
      keys(name, tls, builder);
    }
    return build(name, builder);
  }

  /**
   * Builds a server context.
   *
   * @param name the connection, named in errors
   * @param tls the settings, enabled, with key material
   * @return the context
   * @throws ConfigurationException if a file is missing or unreadable
   */
  public static SslContext server(String name, TlsSettings tls) {
    SslContextBuilder builder;
    if (tls.keyStore() != null) {
      builder = SslContextBuilder.forServer(keyManagers(name, tls));
    } else {
      builder =
          SslContextBuilder.forServer(
              readable(name, tls.certificate(), "tlsCertificate").toFile(),
              readable(name, tls.privateKey(), "tlsPrivateKey").toFile(),
              tls.privateKeyPassword());
    }
    builder.sslProvider(SslProvider.JDK);
    trust(name, tls, builder);
    builder.clientAuth(
        switch (tls.clientAuth()) {
          case NONE -> io.netty.handler.ssl.ClientAuth.NONE;
          case OPTIONAL -> io.netty.handler.ssl.ClientAuth.OPTIONAL;
          case REQUIRE -> io.netty.handler.ssl.ClientAuth.REQUIRE;
        });
    return build(name, builder);
  }

  private static void trust(String name, TlsSettings tls, SslContextBuilder builder) {
    if (tls.trustStore() != null) {
      try {
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(load(name, tls.trustStore(), tls.trustStorePassword(), "tlsTrustStore"));
        builder.trustManager(factory);
      } catch (GeneralSecurityException e) {
        throw new ConfigurationException(
            name, "tlsTrustStore " + tls.trustStore() + " cannot be used: " + e.getMessage(), e);
      }
    } else if (tls.caCertificates() != null) {
      builder.trustManager(readable(name, tls.caCertificates(), "tlsCaCertificates").toFile());
    }
  }

  private static void keys(String name, TlsSettings tls, SslContextBuilder builder) {
    if (tls.keyStore() != null) {
      builder.keyManager(keyManagers(name, tls));
    } else {
      builder.keyManager(
          readable(name, tls.certificate(), "tlsCertificate").toFile(),
          readable(name, tls.privateKey(), "tlsPrivateKey").toFile(),
          tls.privateKeyPassword());
    }
  }

  private static KeyManagerFactory keyManagers(String name, TlsSettings tls) {
    char[] password = chars(tls.keyStorePassword());
    try {
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(load(name, tls.keyStore(), tls.keyStorePassword(), "tlsKeyStore"), password);
      return factory;
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException(
          name, "tlsKeyStore " + tls.keyStore() + " cannot be used: " + e.getMessage(), e);
    }
  }

  private static KeyStore load(String name, Path file, String password, String key) {
    try {
      return KeyStore.getInstance(readable(name, file, key).toFile(), chars(password));
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigurationException(
          name, key + " " + file + " cannot be read (wrong password or not a key store): " + e, e);
    }
  }

  private static SslContext build(String name, SslContextBuilder builder) {
    try {
      return builder.build();
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException(name, "TLS settings cannot be used: " + e.getMessage(), e);
    }
  }

  private static Path readable(String name, Path file, String key) {
    if (!Files.isReadable(file)) {
      throw new ConfigurationException(
          name, key + " " + file + " does not exist or is not readable");
    }
    return file;
  }

  private static char[] chars(String password) {
    return password == null ? new char[0] : password.toCharArray();
  }
}
