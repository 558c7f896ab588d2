package com.eq1.network.api;

/** The link could not be established, was lost, or the protocol is closed. */
public class ConnectionException extends ProtocolException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param connectionName the connection concerned, or {@code null} if there is none
   * @param message what went wrong
   */
  public ConnectionException(String connectionName, String message) {
    super(connectionName, message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param connectionName the connection concerned, or {@code null} if there is none
   * @param message what went wrong
   * @param cause the underlying failure, or {@code null}
   */
  public ConnectionException(String connectionName, String message, Throwable cause) {
    super(connectionName, message, cause);
  }
}
