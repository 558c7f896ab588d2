package com.eq1.network.tcp.internal;

/** What a channel's {@link LinkHandler} reports to the connection owning it, on the event loop. */
public interface LinkEvents {

  /**
   * The link is ready: connected, and the TLS handshake done if there is one.
   *
   * @param link the link
   */
  void opened(Link link);

  /**
   * One message arrived.
   *
   * @param link the link
   * @param payload the message
   */
  void received(Link link, byte[] payload);

  /**
   * Something went wrong on the link; it is logged by the handler. Counted by the owner.
   *
   * @param link the link
   * @param message what went wrong, naming the peer
   */
  void problem(Link link, String message);

  /**
   * The link closed, for whatever reason.
   *
   * @param link the link
   */
  void closed(Link link);
}
