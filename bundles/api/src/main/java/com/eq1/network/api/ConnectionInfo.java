package com.eq1.network.api;

import java.util.Objects;

/**
 * What a manager knows about one connection name.
 *
 * @param name the connection name
 * @param kind the family of protocol the name belongs to
 * @param protocolType the {@link ProtocolProperties#PROTOCOL} of the protocol registered now or
 *     last, or {@code null} if none ever was
 * @param presence whether a protocol is registered under the name
 * @param state the protocol's state; {@link ConnectionState#DISCONNECTED} when none is present
 * @param connectRequested {@code Boolean.TRUE} after the last call through the manager was {@code
 *     connect}, {@code Boolean.FALSE} after it was {@code disconnect}, {@code null} if neither was
 *     called (the protocol's own configuration decides)
 * @param subscriptions the number of subscriptions the manager keeps for the name
 * @param held sends or publishes held by the manager now, waiting for the protocol to return
 * @param expired held sends or publishes discarded because the protocol did not return in time
 */
public record ConnectionInfo(
    String name,
    ProtocolKind kind,
    String protocolType,
    Presence presence,
    ConnectionState state,
    Boolean connectRequested,
    int subscriptions,
    int held,
    long expired) {

  /** Checks that the mandatory components are present. */
  public ConnectionInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(presence, "presence");
    Objects.requireNonNull(state, "state");
  }
}
