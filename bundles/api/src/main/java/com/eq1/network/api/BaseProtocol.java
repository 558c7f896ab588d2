package com.eq1.network.api;

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
}
