package com.eq1.network.api;

/** A configuration value is missing or invalid; the message names the key and the value. */
public class ConfigurationException extends ProtocolException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param connectionName the connection concerned, or {@code null} if there is none
   * @param message what went wrong
   */
  public ConfigurationException(String connectionName, String message) {
    super(connectionName, message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param connectionName the connection concerned, or {@code null} if there is none
   * @param message what went wrong
   * @param cause the underlying failure, or {@code null}
   */
  public ConfigurationException(String connectionName, String message, Throwable cause) {
    super(connectionName, message, cause);
  }
}
