package com.eq1.network.api;

/**
 * The peer refused the credentials or the client is not authorized; retrying with the same
 * credentials will not help.
 */
public class AuthenticationException extends ConnectionException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param connectionName the connection concerned, or {@code null} if there is none
   * @param message what went wrong
   */
  public AuthenticationException(String connectionName, String message) {
    super(connectionName, message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param connectionName the connection concerned, or {@code null} if there is none
   * @param message what went wrong
   * @param cause the underlying failure, or {@code null}
   */
  public AuthenticationException(String connectionName, String message, Throwable cause) {
    super(connectionName, message, cause);
  }
}
