package com.eq1.network.tcp;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.tcp.internal.Addresses;
import com.eq1.network.tcp.internal.Link;
import com.eq1.network.tcp.internal.SessionRegistry;
import io.netty.channel.Channel;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link BaseProtocol#details()} shows of a TCP connection: the peer, TLS, the addresses in
 * use and the framing. Built from settings and sockets only: no key material, no password.
 */
final class TcpDetails {

  /** The most client addresses a server lists; the rest are counted. */
  static final int CLIENTS_SHOWN = 10;

  private TcpDetails() {}

  /**
   * Describes a client: {@code peer} (the configured {@code host:port}, with the address it
   * resolved to while connected if that differs), {@code tls}, {@code local} (while connected) and
   * {@code framing}.
   *
   * @param settings the client's settings
   * @param link the current link, or {@code null} while not connected
   * @return the details, unmodifiable
   */
  static Map<String, String> client(TcpClientSettings settings, Link link) {
    Map<String, String> details = new LinkedHashMap<>();
    String target = hostAndPort(settings.host(), settings.port());
    boolean open = link != null && link.isOpen();
    String remote = open ? Addresses.describe(link.channel().remoteAddress()) : target;
    details.put(
        BaseProtocol.DETAIL_PEER, remote.equals(target) ? target : target + " (" + remote + ")");
    details.put(BaseProtocol.DETAIL_TLS, onOff(settings.options().tls().enabled()));
    if (open) {
      details.put("local", Addresses.describe(link.channel().localAddress()));
    }
    details.put("framing", framing(settings.options()));
    return Collections.unmodifiableMap(details);
  }

  /**
   * Describes a server: {@code peer} (the address it listens on, or the configured one while not
   * listening), {@code tls}, {@code clients} (how many are connected), {@code clientAddresses} (the
   * first {@value #CLIENTS_SHOWN} by connection time, if any) and {@code framing}.
   *
   * @param settings the server's settings
   * @param listening the listening channel, or {@code null} while not listening
   * @param registry the connected clients
   * @return the details, unmodifiable
   */
  static Map<String, String> server(
      TcpServerSettings settings, Channel listening, SessionRegistry registry) {
    List<TcpSession> sessions = registry.snapshots();
    Map<String, String> details = new LinkedHashMap<>();
    details.put(
        BaseProtocol.DETAIL_PEER,
        listening == null
            ? hostAndPort(settings.bind(), settings.port())
            : Addresses.describe(listening.localAddress()));
    details.put(BaseProtocol.DETAIL_TLS, onOff(settings.options().tls().enabled()));
    details.put("clients", Integer.toString(sessions.size()));
    if (!sessions.isEmpty()) {
      String shown =
          sessions.stream()
              .sorted(Comparator.comparing(TcpSession::openedAt).thenComparing(TcpSession::id))
              .limit(CLIENTS_SHOWN)
              .map(TcpSession::id)
              .collect(Collectors.joining(", "));
      int more = sessions.size() - CLIENTS_SHOWN;
      details.put("clientAddresses", more > 0 ? shown + " and " + more + " more" : shown);
    }
    details.put("framing", framing(settings.options()));
    return Collections.unmodifiableMap(details);
  }

  /** {@code raw}, {@code length}, {@code delimited (lines)} or {@code delimited (dollar)}. */
  static String framing(TcpOptions options) {
    return switch (options.framing()) {
      case RAW -> "raw";
      case LENGTH -> "length";
      case DELIMITED -> "delimited (" + options.delimiter() + ")";
    };
  }

  private static String hostAndPort(String host, int port) {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }
}
