package com.eq1.network.mqtt.internal;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.link.ConnectionCounters;
import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the broker's CONNACK allows on one MQTT 5 connection, taken again on every connect: the
 * Maximum Packet Size our publishes must respect, the Receive Maximum that bounds the in-flight
 * window, whether wildcard and shared subscriptions are available, and the Maximum QoS and Retain
 * Available that Paho applies silently (it lowers the QoS and clears the retain flag of publishes
 * the broker would refuse), which are logged.
 *
 * <p>Paho 1.2.5 keeps the broker's Maximum Packet Size but checks outgoing packets against the
 * client's own (which we do not set): left to Paho, a packet over the broker's limit is sent and
 * the broker drops the connection. {@link #check} refuses it before it reaches Paho.
 */
final class Paho5Limits {

  /** The Receive Maximum when the broker announces none. */
  static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;

  private static final Logger LOG = LoggerFactory.getLogger(Paho5Limits.class);

  private final String name;
  private final ConnectionCounters counters;
  private volatile long maximumPacketSize; // 0: the broker announced none
  private volatile boolean wildcards = true;
  private volatile boolean shared = true;

  /**
   * Creates the limits of a connection: none until the first CONNACK.
   *
   * @param name the connection name
   * @param counters where a refused publish is counted
   */
  Paho5Limits(String name, ConnectionCounters counters) {
    this.name = name;
    this.counters = counters;
  }

  /**
   * Takes the limits from a CONNACK.
   *
   * @param connack the CONNACK's properties, or {@code null} if Paho gave none
   * @return the broker's Receive Maximum
   */
  int accept(MqttProperties connack) {
    MqttProperties limits = connack == null ? new MqttProperties() : connack;
    Long packetLimit = limits.getMaximumPacketSize();
    maximumPacketSize = packetLimit == null ? 0 : packetLimit;
    wildcards = limits.isWildcardSubscriptionsAvailable();
    shared = limits.isSharedSubscriptionAvailable();
    Integer maximumQos = limits.getMaximumQoS();
    if (maximumQos != null && maximumQos < 2) {
      LOG.info("[{}] the broker takes QoS {} at most: Paho lowers higher ones", name, maximumQos);
    }
    if (Boolean.FALSE.equals(limits.isRetainAvailable())) {
      LOG.info("[{}] the broker keeps no retained messages: Paho clears the flag", name);
    }
    Integer receiveMaximum = limits.getReceiveMaximum();
    return receiveMaximum == null ? DEFAULT_RECEIVE_MAXIMUM : receiveMaximum;
  }

  /**
   * Refuses a publish whose PUBLISH packet would exceed the broker's Maximum Packet Size.
   *
   * @param publication the publish
   * @throws OversizedPacketException naming the packet's size and the broker's maximum; counted as
   *     an error
   */
  void check(Publication publication) {
    long limit = maximumPacketSize;
    if (limit == 0) {
      return;
    }
    long size = packetSize(publication);
    if (size > limit) {
      counters.recordError(
          "publish to '"
              + publication.topic()
              + "' refused: "
              + size
              + " bytes exceed the broker's Maximum Packet Size of "
              + limit);
      throw new OversizedPacketException(name, size, limit);
    }
  }

  /**
   * Says why the broker's CONNACK rules a subscription out, if it does: a wildcard where the broker
   * announced Wildcard Subscription Available 0, or {@code $share/} where it announced Shared
   * Subscription Available 0. Paho would refuse such a filter with a message about topic names.
   *
   * @param filter the topic filter
   * @return the reason, or {@code null} if the subscription may be made
   */
  String ruledOut(String filter) {
    if (!shared && filter.startsWith("$share/")) {
      return "the broker takes no shared subscriptions (CONNACK: Shared Subscription Available 0)";
    }
    if (!wildcards && (filter.contains("+") || filter.contains("#"))) {
      return "the broker takes no wildcard subscriptions"
          + " (CONNACK: Wildcard Subscription Available 0)";
    }
    return null;
  }

  /**
   * Returns the size of the PUBLISH packet Paho sends for a publish: fixed header, topic name,
   * packet identifier (QoS 1 and 2), an empty property list (no topic alias, no other property) and
   * the payload.
   *
   * @param publication the publish
   * @return the size in bytes
   */
  static long packetSize(Publication publication) {
    long topic = publication.topic().getBytes(StandardCharsets.UTF_8).length;
    long remaining = 2 + topic + (publication.qos() > 0 ? 2 : 0) + 1 + publication.payload().length;
    int lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
    return 1 + lengthBytes + remaining;
  }
}
