package com.eq1.network.tcp;

/**
 * A message a {@link TcpServer} received, with the session it came from.
 *
 * @param session the session id, for {@link TcpServer#send(String, byte[])}
 * @param payload the message
 */
public record TcpMessage(String session, byte[] payload) {}
