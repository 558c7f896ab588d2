package com.eq1.network.api;

/**
 * The state of one protocol connection.
 *
 * <pre>
 * DISCONNECTED ──connect()──► CONNECTING ──► CONNECTED
 *      ▲                          │              │ unexpected loss
 *      │ disconnect()             ▼              ▼
 *      └───────────────────── RECONNECTING ◄─────┘
 * any state ──close──► CLOSED (terminal)
 * </pre>
 */
public enum ConnectionState {
  /** Not connected, and not trying to: initially, and after a deliberate disconnect. */
  DISCONNECTED,
  /** A connect requested by the user is in progress. */
  CONNECTING,
  /** The link is up: sends and publishes go to the wire. */
  CONNECTED,
  /** The link was lost or a connect failed; the protocol is retrying with backoff. */
  RECONNECTING,
  /** The protocol instance was disposed (its service went away); it will never connect again. */
  CLOSED;

  /**
   * Tells whether a connection may move from this state to {@code next}. Moving to the same state
   * is not a transition; nothing leaves {@link #CLOSED}.
   *
   * @param next the state to move to
   * @return {@code true} if the transition is allowed
   */
  public boolean canMoveTo(ConnectionState next) {
    if (next == this || this == CLOSED) {
      return false;
    }
    return switch (next) {
      case CONNECTING -> this == DISCONNECTED;
      case CONNECTED -> this == CONNECTING || this == RECONNECTING;
      case RECONNECTING -> this == CONNECTING || this == CONNECTED;
      case DISCONNECTED, CLOSED -> true;
    };
  }
}
