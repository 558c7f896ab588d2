package com.eq1.network.mqtt.internal;

/**
 * One publish, as the application made it.
 *
 * @param topic the topic name
 * @param payload the payload, owned by this record
 * @param qos the QoS, 0 to 2
 * @param retain whether the broker keeps it for later subscribers
 */
public record Publication(String topic, byte[] payload, int qos, boolean retain) {}
