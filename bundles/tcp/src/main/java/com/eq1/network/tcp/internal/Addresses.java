package com.eq1.network.tcp.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** How peers are named in session ids and log lines. */
public final class Addresses {

  private Addresses() {}

  /**
   * Names an address as {@code host:port}, without a resolved host name.
   *
   * @param address the address, possibly {@code null}
   * @return the name; {@code "?"} if unknown
   */
  public static String describe(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      String host =
          inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
    }
    return address == null ? "?" : address.toString();
  }
}
