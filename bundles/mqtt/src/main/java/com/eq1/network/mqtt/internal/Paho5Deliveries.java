package com.eq1.network.mqtt.internal;

import com.eq1.network.link.ConnectionCounters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of each publish handed to Paho on one MQTT 5 connection. A refusing acknowledgement
 * arrives long after {@code publish} returned, so it cannot be thrown: a PUBACK or PUBCOMP with a
 * failure code (0x80 and up: not authorized, quota exceeded, topic name invalid, ...) is counted as
 * an error naming the topic and the code, and logged as a warning.
 *
 * <p>A PUBREC with a failure code above 0x80 Paho 1.2.5 does not report per message: it drops the
 * connection, fails every open publish with the PUBREC's code, and keeps the refused message to
 * send it again on the next connection, where it is refused again. The refused message is the
 * oldest QoS 2 publish without a PUBREC yet (Paho sends in order, and the broker answers in order):
 * when the connection is lost, {@link #refusedInPubrec} counts it as refused and removes it from
 * Paho's session ({@link Paho5Internals#forget}), so that the next connection goes on.
 */
final class Paho5Deliveries {

  private static final Logger LOG = LoggerFactory.getLogger(Paho5Deliveries.class);

  private final String name;
  private final ConnectionCounters counters;
  private final MqttAsyncClient client;
  private final MqttClientPersistence persistence;
  private final String clientId;
  private final AtomicLong sequence = new AtomicLong();
  private final List<Delivery> withoutPubrec = new ArrayList<>(); // guarded by itself

  /**
   * Creates the record of a connection's publishes.
   *
   * @param name the connection name
   * @param counters where refusals are counted
   * @param client the Paho client
   * @param persistence the client's persistence
   * @param clientId the client id
   */
  Paho5Deliveries(
      String name,
      ConnectionCounters counters,
      MqttAsyncClient client,
      MqttClientPersistence persistence,
      String clientId) {
    this.name = name;
    this.counters = counters;
    this.client = client;
    this.persistence = persistence;
    this.clientId = clientId;
  }

  /**
   * Returns the listener of one publish: it gives the window slot back when Paho is done with the
   * message and reports a refusal.
   *
   * @param publication the publish
   * @param slot its place in the in-flight window
   * @return the listener
   */
  MqttActionListener listener(Publication publication, InflightWindow.Slot slot) {
    return new Delivery(publication.topic(), publication.qos(), slot, sequence.incrementAndGet());
  }

  /**
   * Handles a connection Paho dropped because a PUBREC refused a QoS 2 publish: counts the refusal
   * and removes the message from Paho's session. Call it from Paho's {@code disconnected} callback,
   * which follows the failure of every open publish.
   *
   * @param code the PUBREC's reason code
   * @return the error to record
   */
  String refusedInPubrec(int code) {
    Delivery refused;
    synchronized (withoutPubrec) {
      refused = withoutPubrec.stream().min(Comparator.comparingLong(d -> d.order)).orElse(null);
      withoutPubrec.clear();
    }
    if (refused == null) {
      return "connection lost: " + ReasonCodes.describe(code);
    }
    boolean forgotten = Paho5Internals.forget(client, persistence, clientId, refused.token);
    String refusal =
        "the broker refused the publish to '"
            + refused.topic
            + "': "
            + ReasonCodes.describe(code)
            + (forgotten
                ? " (in its PUBREC: Paho dropped the connection; the message is not sent again)"
                : " (in its PUBREC: Paho dropped the connection and sends the message again)");
    LOG.warn("[{}] {}", name, refusal);
    return refusal;
  }

  private void refused(String topic, int code) {
    String refusal =
        "the broker refused the publish to '" + topic + "': " + ReasonCodes.describe(code);
    counters.recordError(refusal);
    LOG.warn("[{}] {}", name, refusal);
  }

  /** One publish's completion. */
  private final class Delivery implements MqttActionListener {

    private final String topic;
    private final int qos;
    private final InflightWindow.Slot slot;
    private final long order;
    private volatile IMqttToken token;

    Delivery(String topic, int qos, InflightWindow.Slot slot, long order) {
      this.topic = topic;
      this.qos = qos;
      this.slot = slot;
      this.order = order;
    }

    @Override
    public void onSuccess(IMqttToken done) {
      slot.release();
      int[] codes = done.getReasonCodes();
      for (int code : codes == null ? new int[0] : codes) {
        if (ReasonCodes.isFailure(code)) {
          refused(topic, code);
          return;
        }
      }
    }

    @Override
    public void onFailure(IMqttToken failed, Throwable cause) {
      // the connection dropped (counted there); Paho sends QoS 1 and 2 again if the session stays
      slot.release();
      if (qos == 2
          && failed.getReasonCodes() == null
          && cause instanceof MqttException lost
          && ReasonCodes.isFailure(lost.getReasonCode())) {
        token = failed;
        synchronized (withoutPubrec) {
          withoutPubrec.add(this);
        }
      }
    }
  }
}
