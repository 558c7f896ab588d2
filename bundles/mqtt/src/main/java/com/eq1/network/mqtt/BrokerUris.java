package com.eq1.network.mqtt;

import com.eq1.network.api.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Checks the {@code broker} key: a comma-separated list of {@code tcp://} or {@code ssl://} URIs.
 */
final class BrokerUris {

  private BrokerUris() {}

  /**
   * Checks every URI of the list and returns their one scheme.
   *
   * @param name the connection name, for errors
   * @param broker the list
   * @return {@code tcp} or {@code ssl}
   * @throws ConfigurationException if a URI is not {@code tcp://host:port} or {@code
   *     ssl://host:port}, carries credentials, or the schemes are mixed
   */
  static String scheme(String name, String broker) {
    String common = null;
    for (String each : Objects.requireNonNullElse(broker, "").split(",", -1)) {
      String scheme = check(name, each.trim());
      if (common != null && !common.equals(scheme)) {
        throw new ConfigurationException(
            name, "broker URIs must all be tcp:// or all ssl://, not both: '" + broker + "'");
      }
      common = scheme;
    }
    return common;
  }

  private static String check(String name, String broker) {
    if (broker.contains("@")) {
      // never echo such a URI: its user info may hold a password
      throw new ConfigurationException(
          name,
          "broker URI must not carry credentials (user:password@); use the username and password"
              + " keys");
    }
    try {
      URI uri = new URI(broker);
      if (!("tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme()))
          || uri.getHost() == null
          || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        throw new ConfigurationException(
            name, "broker must be tcp://host:port or ssl://host:port, not '" + broker + "'");
      }
      return uri.getScheme();
    } catch (URISyntaxException e) {
      throw new ConfigurationException(name, "broker is not a URI: '" + broker + "'", e);
    }
  }
}
