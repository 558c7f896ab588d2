/**
 * TCP connections on Netty: {@link com.eq1.network.tcp.TcpClient} (factory PID {@code
 * com.eq1.network.tcp.client}) and {@link com.eq1.network.tcp.TcpServer} (factory PID {@code
 * com.eq1.network.tcp.server}), both {@link com.eq1.network.api.ReqResProtocol}s, sharing the event
 * loops of one {@link com.eq1.network.tcp.TcpTransport}. Outside OSGi they are built from {@link
 * com.eq1.network.tcp.TcpClientSettings} and {@link com.eq1.network.tcp.TcpServerSettings}.
 */
@Export
@Version("1.1.0")
package com.eq1.network.tcp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
