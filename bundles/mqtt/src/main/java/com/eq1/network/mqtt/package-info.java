/**
 * MQTT 3.1.1 connections on Eclipse Paho: {@link com.eq1.network.mqtt.MqttProtocol}, configured by
 * factory PID {@code com.eq1.network.mqtt} ({@link com.eq1.network.mqtt.MqttConfig}) or, outside
 * OSGi, by {@link com.eq1.network.mqtt.MqttSettings}.
 */
@Export
@Version("1.1.0")
package com.eq1.network.mqtt;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
