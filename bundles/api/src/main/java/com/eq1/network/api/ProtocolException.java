package com.eq1.network.api;

import java.util.Optional;

/**
 * Root of the EQ-1 Network exception hierarchy. Unchecked: every failure a caller can handle has
 * its own subclass, and each carries the name of the connection it concerns where there is one; the
 * message then starts with that name in brackets.
 */
public class ProtocolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String connectionName;

  /**
   * Creates an exception.
   *
   * @param connectionName the connection concerned, or {@code null} if there is none
   * @param message what went wrong
   */
  public ProtocolException(String connectionName, String message) {
    this(connectionName, message, null);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param connectionName the connection concerned, or {@code null} if there is none
   * @param message what went wrong
   * @param cause the underlying failure, or {@code null}
   */
  public ProtocolException(String connectionName, String message, Throwable cause) {
    super(connectionName == null ? message : "[" + connectionName + "] " + message, cause);
    this.connectionName = connectionName;
  }

  /**
   * Returns the name of the connection the failure concerns.
   *
   * @return the connection name, or empty if the failure concerns no single connection
   */
  public Optional<String> connectionName() {
    return Optional.ofNullable(connectionName);
  }
}
