package com.eq1.network.api;

/**
 * A frame or payload is malformed; the connection stays usable and nothing already accepted is
 * lost.
 */
public class PacketException extends ProtocolException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param connectionName the connection concerned, or {@code null} if there is none
   * @param message what went wrong
   */
  public PacketException(String connectionName, String message) {
    super(connectionName, message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param connectionName the connection concerned, or {@code null} if there is none
   * @param message what went wrong
   * @param cause the underlying failure, or {@code null}
   */
  public PacketException(String connectionName, String message, Throwable cause) {
    super(connectionName, message, cause);
  }
}
