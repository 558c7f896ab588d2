/**
 * The packet and data layer: {@link com.eq1.network.packet.NetworkPacketStructure} (4-byte
 * big-endian length prefix) and {@link com.eq1.network.packet.DelimitedPacketStructure} (head/tail
 * delimiters) with their streaming {@link com.eq1.network.packet.FrameDecoder}s, the typed message
 * envelope ({@link com.eq1.network.packet.Message}, {@link com.eq1.network.packet.MessageCodec},
 * chunked transfers reassembled by {@link com.eq1.network.packet.TransferAssembler}), the text,
 * binary and integer data classes, and {@link com.eq1.network.packet.DataPackage} which bundles a
 * framing with its data classes.
 *
 * <p>Nothing here knows a transport or starts a thread; every class is usable without OSGi. The
 * wire layouts are specified, with test vectors, in {@code docs/wire-format.md}.
 */
@Export
@Version("1.0.0")
package com.eq1.network.packet;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
