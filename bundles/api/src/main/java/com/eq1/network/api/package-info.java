/**
 * EQ-1 Network contracts: the protocol services every transport bundle registers ({@link
 * com.eq1.network.api.ReqResProtocol}, {@link com.eq1.network.api.PubSubProtocol}), the manager
 * services equipment code calls ({@link com.eq1.network.api.ReqResManager}, {@link
 * com.eq1.network.api.PubSubManager}, {@link com.eq1.network.api.ProtocolManager}), the value types
 * they exchange and the unchecked exception hierarchy rooted at {@link
 * com.eq1.network.api.ProtocolException}.
 *
 * <p>All methods of the service interfaces are thread-safe. Every method that can block says so and
 * names the timeout that bounds it.
 */
@Export
@Version("1.1.0")
package com.eq1.network.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
