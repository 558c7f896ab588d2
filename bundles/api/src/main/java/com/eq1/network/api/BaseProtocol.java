package com.eq1.network.api;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What every protocol connection offers: an explicit connect and disconnect, an observable
 * connection state and counters. A protocol service is registered with the service properties
 * {@link ProtocolProperties#NAME} and {@link ProtocolProperties#PROTOCOL}.
 *
 * <p>After an unexpected loss of the link a protocol reconnects by itself with exponential backoff
 * and jitter; it never reconnects after a deliberate {@link #disconnect()}. All methods are
 * thread-safe.
 */
@ProviderType
public interface BaseProtocol {

  /** The {@link #details()} key of the peer: broker URI, remote address or port path. */
  String DETAIL_PEER = "peer";

  /**
   * The {@link #details()} key telling whether the link is encrypted: {@code on} or {@code off}.
   */
  String DETAIL_TLS = "tls";

  /**
   * Returns the unique connection name (the {@link ProtocolProperties#NAME} service property).
   *
   * @return the connection name, never {@code null}
   */
  String name();

  /**
   * Returns the protocol type (the {@link ProtocolProperties#PROTOCOL} service property), such as
   * {@code loopback-pubsub} or {@code tcp-client}.
   *
   * @return the protocol type, never {@code null}
   */
  String protocolType();

  /**
   * Connects the link and waits for it to come up, at most for the protocol's connect timeout.
   * Returns at once if already connected. If the attempt fails the connect intent stays: the
   * protocol goes on retrying with backoff (state {@link ConnectionState#RECONNECTING}) until
   * {@link #disconnect()} is called.
   *
   * @throws ConnectionException if the link did not come up within the connect timeout, or the
   *     protocol is {@link ConnectionState#CLOSED}
   * @throws AuthenticationException if the peer refused the credentials
   */
  void connect();

  /**
   * Closes the link deliberately; no automatic reconnection follows. Messages waiting in the
   * outbound queue stay there, subject to their time to live, until the next {@link #connect()}.
   * Idempotent; blocks at most for the protocol's disconnect timeout.
   */
  void disconnect();

  /**
   * Tells whether the link is up.
   *
   * @return {@code true} if the state is {@link ConnectionState#CONNECTED}
   */
  default boolean isConnected() {
    return state() == ConnectionState.CONNECTED;
  }

  /**
   * Returns the current connection state.
   *
   * @return the state, never {@code null}
   */
  ConnectionState state();

  /**
   * Registers a listener for state changes. Adding the same listener twice has no effect.
   *
   * @param listener the listener
   */
  void addStateListener(ConnectionStateListener listener);

  /**
   * Removes a listener added with {@link #addStateListener}; unknown listeners are ignored.
   *
   * @param listener the listener
   */
  void removeStateListener(ConnectionStateListener listener);

  /**
   * Returns a snapshot of this connection's counters. Never blocks.
   *
   * @return the counters, never {@code null}
   */
  ConnectionStatistics statistics();

  /**
   * Returns what an operator wants to know about this connection beyond its counters: the peer
   * ({@link #DETAIL_PEER}), whether TLS is on ({@link #DETAIL_TLS}), the local address, line
   * settings and the like, in a stable order. Values are for display; they never contain secrets
   * (passwords, private keys). The keys other than the two constants are protocol-specific.
   *
   * @return an ordered, unmodifiable map; empty if the protocol has nothing to add
   */
  default Map<String, String> details() {
    return Map.of();
  }
}
