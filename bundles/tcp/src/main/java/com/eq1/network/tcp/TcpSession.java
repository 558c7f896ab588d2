package com.eq1.network.tcp;

import java.time.Instant;

/**
 * One client connected to a {@link TcpServer}, as seen at a moment.
 *
 * @param id the session id: the client's address as {@code host:port}
 * @param openedAt when the connection was accepted
 * @param messagesIn messages received from the client
 * @param messagesOut messages sent to the client
 * @param bytesIn payload bytes received
 * @param bytesOut payload bytes sent
 * @param tls whether the session uses TLS
 * @param peerPrincipal the subject of the client's certificate (mutual TLS), or {@code null}
 */
public record TcpSession(
    String id,
    Instant openedAt,
    long messagesIn,
    long messagesOut,
    long bytesIn,
    long bytesOut,
    boolean tls,
    String peerPrincipal) {}
