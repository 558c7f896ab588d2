/**
 * Link supervision every transport shares: a {@link com.eq1.network.link.ConnectionStateMachine}
 * with listeners, a bounded {@link com.eq1.network.link.OutboundQueue} whose entries carry a time
 * to live, per-connection {@link com.eq1.network.link.ConnectionCounters}, named, bounded threads,
 * and the one reconnect policy of every transport: {@link com.eq1.network.link.Reconnector} with
 * {@link com.eq1.network.link.ReconnectSettings} (exponential backoff, full jitter, per
 * connection). Protocol bundles build on this package so that every transport behaves the same way.
 */
@Export
@Version("1.0.0")
package com.eq1.network.link;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
