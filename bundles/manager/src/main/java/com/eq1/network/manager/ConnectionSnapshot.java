package com.eq1.network.manager;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.Presence;
import com.eq1.network.api.ProtocolManager;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One connection as an operator sees it: what the managers know of the name ({@link
 * ConnectionInfo}) and, while a protocol serves it, that protocol's counters. The shell commands
 * and the JMX MBeans read connections through this one source, so both always agree.
 *
 * @param info what the managers know of the name
 * @param statistics the protocol's counters, or {@code null} while no protocol serves the name
 */
public record ConnectionSnapshot(ConnectionInfo info, ConnectionStatistics statistics) {

  /**
   * Checks the values.
   *
   * @throws NullPointerException if {@code info} is {@code null}
   */
  public ConnectionSnapshot {
    Objects.requireNonNull(info, "info");
  }

  /**
   * Takes a snapshot of one connection.
   *
   * @param manager the protocol manager
   * @param name the connection name
   * @return the snapshot, or empty if the managers do not know the name
   */
  public static Optional<ConnectionSnapshot> of(ProtocolManager manager, String name) {
    return manager
        .connection(name)
        .map(info -> new ConnectionSnapshot(info, statistics(manager, name)));
  }

  /**
   * Takes a snapshot of every connection the managers know and still hold something for (see {@link
   * #retained(ConnectionInfo)}), ordered by name.
   *
   * @param manager the protocol manager
   * @return the snapshots
   */
  public static List<ConnectionSnapshot> all(ProtocolManager manager) {
    return manager.connections().stream()
        .filter(ConnectionSnapshot::retained)
        .map(info -> new ConnectionSnapshot(info, statistics(manager, info.name())))
        .toList();
  }

  /**
   * Tells whether the managers still hold something for a name: a protocol (present, or being
   * swapped), a connect or disconnect request, subscriptions, or held messages. A name with none of
   * these — its configuration was deleted and nobody uses it — is no longer an operator's
   * connection, although the managers remember it and serve it again if it comes back.
   *
   * @param info what the managers know of the name
   * @return whether to show it
   */
  public static boolean retained(ConnectionInfo info) {
    return info.presence() != Presence.ABSENT
        || info.connectRequested() != null
        || info.subscriptions() > 0
        || info.held() > 0;
  }

  private static ConnectionStatistics statistics(ProtocolManager manager, String name) {
    return manager.getProtocol(name).map(BaseProtocol::statistics).orElse(null);
  }
}
