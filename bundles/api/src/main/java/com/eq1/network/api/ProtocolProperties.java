package com.eq1.network.api;

import java.util.regex.Pattern;

/**
 * Names of the service properties every protocol service carries. The managers key connections by
 * {@link #NAME}; operators and the shell filter by {@link #PROTOCOL}.
 */
public final class ProtocolProperties {

  /**
   * Service (and configuration) property holding the unique connection name, for example {@code
   * local} or {@code plc1}. A protocol service without it is ignored by the managers.
   */
  public static final String NAME = "eq1.name";

  /**
   * Service property holding the protocol type, for example {@code loopback-pubsub}, {@code
   * tcp-client} or {@code mqtt}.
   */
  public static final String PROTOCOL = "eq1.protocol";

  private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private ProtocolProperties() {}

  /**
   * Checks a connection name: 1 to 64 characters, letters, digits, {@code .}, {@code _} and {@code
   * -}, starting with a letter or digit, so that it is safe in a file name, a thread name, an LDAP
   * filter and a JMX object name.
   *
   * @param name the name to check
   * @return {@code name}, for chaining
   * @throws ConfigurationException naming the missing or invalid value
   */
  public static String validateName(String name) {
    if (name == null || name.isBlank()) {
      throw new ConfigurationException(null, "the connection name (" + NAME + ") is missing");
    }
    if (!VALID_NAME.matcher(name).matches()) {
      throw new ConfigurationException(
          null,
          "the connection name ("
              + NAME
              + ") '"
              + name
              + "' is not valid: use 1 to 64 letters, digits, '.', '_' or '-',"
              + " starting with a letter or digit");
    }
    return name;
  }
}
