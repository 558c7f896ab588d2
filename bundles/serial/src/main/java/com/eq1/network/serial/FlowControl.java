package com.eq1.network.serial;

/** How the two ends pause each other; the configuration key is {@code flowControl}. */
public enum FlowControl {
  /** No flow control ({@code none}). */
  NONE,
  /** Hardware flow control on the RTS and CTS lines ({@code rts-cts}). */
  RTS_CTS,
  /** Software flow control with the XON (0x11) and XOFF (0x13) characters ({@code xon-xoff}). */
  XON_XOFF
}
