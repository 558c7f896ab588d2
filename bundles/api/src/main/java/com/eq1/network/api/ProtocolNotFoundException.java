package com.eq1.network.api;

/**
 * No protocol is registered under the name: it was never known, or it went away and did not return
 * within the manager's swap grace period.
 */
public class ProtocolNotFoundException extends ProtocolException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param connectionName the name that was looked up
   * @param message why no protocol is available under it
   */
  public ProtocolNotFoundException(String connectionName, String message) {
    super(connectionName, message);
  }
}
