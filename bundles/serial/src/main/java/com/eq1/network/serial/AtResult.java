package com.eq1.network.serial;

/**
 * The final result code that ends a modem's answer to an AT command (verbose form, {@code ATV1}).
 * Which codes are successes depends on the command: {@link #OK} for most, {@link #CONNECT} for a
 * data call.
 */
public enum AtResult {
  /** {@code OK}: the command was carried out. */
  OK,
  /** {@code CONNECT} or {@code CONNECT <text>}: a data connection is up; the modem is online. */
  CONNECT,
  /** {@code ERROR}: the command was refused, without a reason. */
  ERROR,
  /** {@code +CME ERROR: <n>}: a mobile equipment error, numbered by 3GPP TS 27.007. */
  CME_ERROR,
  /** {@code +CMS ERROR: <n>}: a short message service error, numbered by 3GPP TS 27.005. */
  CMS_ERROR,
  /** {@code NO CARRIER}: the call could not be set up, or it ended. */
  NO_CARRIER,
  /** {@code BUSY}: the called party is busy. */
  BUSY,
  /** {@code NO ANSWER}: the called party did not answer. */
  NO_ANSWER,
  /** {@code NO DIALTONE}: there is no dial tone on the line. */
  NO_DIALTONE;

  /**
   * Tells whether this code reports that the command succeeded.
   *
   * @return {@code true} for {@link #OK} and {@link #CONNECT}
   */
  public boolean isSuccess() {
    return this == OK || this == CONNECT;
  }
}
