package com.eq1.network.serial;

import com.eq1.network.api.ProtocolException;

/**
 * A modem answered an AT command with a final result code other than the expected {@code OK}.
 * Thrown by {@link AtCommandClient#requireOk}; {@link AtCommandClient#execute} returns such answers
 * instead.
 */
public class AtCommandException extends ProtocolException {

  private static final long serialVersionUID = 1L;

  private final transient AtResponse response;

  /**
   * Creates the exception.
   *
   * @param connectionName the connection the modem is on
   * @param response the modem's answer
   */
  public AtCommandException(String connectionName, AtResponse response) {
    super(connectionName, response.command() + " answered " + response.finalLine());
    this.response = response;
  }

  /**
   * Returns the modem's answer.
   *
   * @return the response with its result code and error number; {@code null} only after the
   *     exception was serialised, as the response is not
   */
  public AtResponse response() {
    return response;
  }
}
