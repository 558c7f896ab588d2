/**
 * Serial connections on jSerialComm: {@link com.eq1.network.serial.SerialProtocol} (factory PID
 * {@code com.eq1.network.serial}), a {@link com.eq1.network.api.ReqResProtocol} per port that
 * survives the USB adapter being pulled and plugged back; {@link
 * com.eq1.network.serial.SerialPortDiscovery} to list the ports with their stable ids; and {@link
 * com.eq1.network.serial.AtCommandClient} for modems and other devices that speak AT commands.
 * Outside OSGi a connection is built from {@link com.eq1.network.serial.SerialSettings}.
 */
@Export
@Version("1.1.0")
package com.eq1.network.serial;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
