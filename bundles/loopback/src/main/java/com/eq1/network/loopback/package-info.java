/**
 * In-JVM protocols. {@link com.eq1.network.loopback.LoopbackPubSubProtocol} connections attach to
 * one {@link com.eq1.network.loopback.LoopbackBroker} per runtime, a local message bus with MQTT
 * topic semantics; {@link com.eq1.network.loopback.LoopbackReqResProtocol} reads back what it
 * sends. In Karaf each connection is a factory configuration ({@code
 * com.eq1.network.loopback.pubsub-<name>.cfg}, {@code com.eq1.network.loopback.reqres-<name>.cfg});
 * in plain Java construct them directly.
 */
@Export
@Version("1.1.0")
package com.eq1.network.loopback;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
