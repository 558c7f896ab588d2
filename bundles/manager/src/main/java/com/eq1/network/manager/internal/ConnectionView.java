package com.eq1.network.manager.internal;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.Presence;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.manager.ConnectionMXBean;
import com.eq1.network.manager.ConnectionSnapshot;
import java.time.Instant;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The {@link ConnectionMXBean} of one name: every get takes a fresh {@link ConnectionSnapshot}.
 *
 * <p>For the moment between a protocol service appearing and the managers binding it, and after a
 * name is gone but before its MBean is unregistered, the managers do not know the name: the view
 * then describes it as {@link Presence#ABSENT} and {@link ConnectionState#DISCONNECTED}, with the
 * kind it was registered with.
 */
final class ConnectionView implements ConnectionMXBean {

  private final ProtocolManager manager;
  private final String name;
  private final ConnectionSnapshot unknown;

  /**
   * Creates the view.
   *
   * @param manager the protocol manager to read from
   * @param name the connection name
   * @param kind the kind to report while the managers do not know the name
   */
  ConnectionView(ProtocolManager manager, String name, ProtocolKind kind) {
    this.manager = Objects.requireNonNull(manager, "manager");
    this.name = Objects.requireNonNull(name, "name");
    this.unknown =
        new ConnectionSnapshot(
            new ConnectionInfo(
                name, kind, null, Presence.ABSENT, ConnectionState.DISCONNECTED, null, 0, 0, 0),
            null);
  }

  private ConnectionSnapshot snapshot() {
    return ConnectionSnapshot.of(manager, name).orElse(unknown);
  }

  private ConnectionInfo info() {
    return snapshot().info();
  }

  private long counter(ToLongFunction<ConnectionStatistics> counter) {
    ConnectionStatistics statistics = snapshot().statistics();
    return statistics == null ? 0 : counter.applyAsLong(statistics);
  }

  private static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public String getProtocol() {
    return info().protocolType();
  }

  @Override
  public ProtocolKind getKind() {
    return info().kind();
  }

  @Override
  public Presence getPresence() {
    return info().presence();
  }

  @Override
  public ConnectionState getState() {
    return info().state();
  }

  @Override
  public String getStateSince() {
    ConnectionStatistics statistics = snapshot().statistics();
    return statistics == null ? null : iso(statistics.stateSince());
  }

  @Override
  public Boolean getConnectRequested() {
    return info().connectRequested();
  }

  @Override
  public long getMessagesIn() {
    return counter(ConnectionStatistics::messagesIn);
  }

  @Override
  public long getMessagesOut() {
    return counter(ConnectionStatistics::messagesOut);
  }

  @Override
  public long getBytesIn() {
    return counter(ConnectionStatistics::bytesIn);
  }

  @Override
  public long getBytesOut() {
    return counter(ConnectionStatistics::bytesOut);
  }

  @Override
  public long getErrors() {
    return counter(ConnectionStatistics::errors);
  }

  @Override
  public long getReconnects() {
    return counter(ConnectionStatistics::reconnects);
  }

  @Override
  public int getQueued() {
    return (int) counter(ConnectionStatistics::queued);
  }

  @Override
  public long getExpired() {
    return counter(ConnectionStatistics::expired);
  }

  @Override
  public long getDropped() {
    return counter(ConnectionStatistics::dropped);
  }

  @Override
  public int getHeld() {
    return info().held();
  }

  @Override
  public long getHeldExpired() {
    return info().expired();
  }

  @Override
  public int getSubscriptions() {
    return info().subscriptions();
  }

  @Override
  public String getLastError() {
    ConnectionStatistics statistics = snapshot().statistics();
    return statistics == null ? null : statistics.lastError();
  }

  @Override
  public String getLastErrorAt() {
    ConnectionStatistics statistics = snapshot().statistics();
    return statistics == null ? null : iso(statistics.lastErrorAt());
  }
}
