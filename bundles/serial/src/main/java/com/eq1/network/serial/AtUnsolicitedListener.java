package com.eq1.network.serial;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the unsolicited result codes (URCs) of a modem, such as {@code RING} or {@code +CMTI:
 * "SM",3}, from an {@link AtCommandClient}.
 */
@ConsumerType
@FunctionalInterface
public interface AtUnsolicitedListener {

  /**
   * Called with one unsolicited line, without CR LF, on the client's delivery thread (never on the
   * thread that reads the modem), one line at a time and in the order received. A URC that carries
   * its data on a second line ({@code +CMT:}, {@code +CDS:}, {@code +CBM:}) arrives as two calls in
   * a row. The listener may call {@link AtCommandClient#execute} but should return quickly: while
   * it runs, later lines wait (up to a bounded number, then they are dropped). An exception it
   * throws is logged and delivery goes on.
   *
   * @param line the line, never empty
   */
  void unsolicited(String line);
}
