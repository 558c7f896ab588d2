/**
 * The packet and data layer contracts: {@link com.eq1.network.api.data.PacketStructure} turns a
 * payload into a frame and frames back into payloads; {@link com.eq1.network.api.data.SendData} and
 * {@link com.eq1.network.api.data.ReceivedData} turn application values into payloads and back.
 * Neither knows anything about the transport that moves the bytes.
 */
@Export
@Version("1.0.0")
package com.eq1.network.api.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
