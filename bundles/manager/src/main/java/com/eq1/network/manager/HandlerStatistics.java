package com.eq1.network.manager;

/**
 * A snapshot of a {@link NetworkHandler}'s counters, all since the handler was created.
 *
 * @param sent messages handed to the protocol (a chunked transfer counts once)
 * @param received messages decoded from the peer, heartbeats included
 * @param queued messages waiting in the Requester's queue now
 * @param expired messages whose time to live ran out in the queue, never sent
 * @param dropped messages refused or discarded because the queue was full
 * @param sendFailures messages the protocol refused with an error
 * @param unmatchedReplies RESPONSE/ERROR messages that matched no pending request (late or
 *     unknown), dropped
 * @param requestTimeouts requests whose reply did not come in time
 * @param decodeErrors frames or envelopes that could not be decoded, dropped
 * @param heartbeatsSent HEARTBEAT messages sent
 * @param peerLosses times the peer was declared lost after missed heartbeats
 * @param callbacksRefused callbacks dropped because the callback queue stayed full
 */
public record HandlerStatistics(
    long sent,
    long received,
    int queued,
    long expired,
    long dropped,
    long sendFailures,
    long unmatchedReplies,
    long requestTimeouts,
    long decodeErrors,
    long heartbeatsSent,
    long peerLosses,
    long callbacksRefused) {}
