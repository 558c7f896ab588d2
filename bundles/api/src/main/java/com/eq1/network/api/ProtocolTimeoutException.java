package com.eq1.network.api;

/** A blocking operation did not complete within its timeout; the connection stays usable. */
public class ProtocolTimeoutException extends ProtocolException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param connectionName the connection concerned, or {@code null} if there is none
   * @param message what went wrong
   */
  public ProtocolTimeoutException(String connectionName, String message) {
    super(connectionName, message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param connectionName the connection concerned, or {@code null} if there is none
   * @param message what went wrong
   * @param cause the underlying failure, or {@code null}
   */
  public ProtocolTimeoutException(String connectionName, String message, Throwable cause) {
    super(connectionName, message, cause);
  }
}
