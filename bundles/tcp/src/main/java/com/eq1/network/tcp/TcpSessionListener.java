package com.eq1.network.tcp;

/**
 * Told when clients connect to and leave a {@link TcpServer}. Called on the server's event thread,
 * one event at a time in order; a listener that throws is logged and keeps receiving events.
 */
public interface TcpSessionListener {

  /**
   * A client connected (after the TLS handshake, if any).
   *
   * @param session the new session
   */
  void onOpened(TcpSession session);

  /**
   * A client left or was closed.
   *
   * @param session the session as it ended
   * @param reason why, for logs
   */
  void onClosed(TcpSession session, String reason);
}
