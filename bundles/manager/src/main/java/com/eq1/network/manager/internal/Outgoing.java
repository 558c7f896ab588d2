package com.eq1.network.manager.internal;

import java.util.List;

/**
 * One message waiting for the Requester: its frames (several for a chunked transfer, sent
 * together), the correlation id of a pending request or 0, and when it expires.
 *
 * @param frames the frames, ready for the protocol
 * @param correlationId the request it belongs to, or 0
 * @param deadlineNanos when it expires, on the {@link System#nanoTime()} scale
 */
public record Outgoing(List<byte[]> frames, long correlationId, long deadlineNanos) {}
