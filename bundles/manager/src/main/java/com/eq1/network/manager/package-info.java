/**
 * The manager implementations. In OSGi they are Declarative Services components registered as
 * {@link com.eq1.network.api.ReqResManager}, {@link com.eq1.network.api.PubSubManager} and {@link
 * com.eq1.network.api.ProtocolManager}, configured by PID {@code com.eq1.network.manager}; use the
 * service interfaces there. Outside OSGi construct them directly ({@code new
 * DefaultPubSubManager()}), {@link com.eq1.network.api.ConnectionManager#register register}
 * protocols by hand, and close the managers when done.
 *
 * <p>{@link com.eq1.network.manager.NetworkHandler} is the message-level view of one
 * request/response connection: typed messages framed by the packet layer, a Requester and a
 * Listener worker, request/reply correlation and heartbeats. Equipment code constructs it over a
 * protocol; it is not a service.
 */
@Export
@Version("1.1.0")
package com.eq1.network.manager;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
