package com.eq1.network.mqtt.internal;

import com.eq1.network.api.AuthenticationException;
import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.link.ConnectionCounters;
import com.eq1.network.mqtt.MqttSettings;
import com.eq1.network.mqtt.StatusMessage;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 5 {@link Session} on Paho's {@code mqttv5} {@link MqttAsyncClient} (embedded in this
 * bundle), with Paho's exceptions and MQTT 5's reason codes turned into the API's. Behaves as
 * {@link Paho3Session} does; what MQTT 5 adds:
 *
 * <ul>
 *   <li>A refusing CONNACK or SUBACK names its reason code, for example {@code 0x87 not
 *       authorized}; a DISCONNECT from the broker becomes the connection's last error with its
 *       code.
 *   <li>The broker's Maximum Packet Size is checked before a publish goes to Paho ({@link
 *       Paho5Limits}).
 *   <li>The in-flight window is the smaller of {@code maxInflight} and the broker's Receive Maximum
 *       ({@link InflightWindow}): Paho's client has no {@code setMaxInflight}.
 *   <li>A refusing PUBACK, PUBREC or PUBCOMP arrives after {@link #publish} returned: it is counted
 *       as an error naming the topic and the code, and logged ({@link Paho5Deliveries}).
 *   <li>Topic aliases are never used, and a QoS 2 message refused in its PUBREC is not sent again
 *       ({@link Paho5Internals}).
 * </ul>
 */
final class Paho5Session implements Session {

  private static final Logger LOG = LoggerFactory.getLogger(Paho5Session.class);

  /**
   * Paho logs through {@code java.util.logging}: every inbound QoS 2 message at INFO, every lost
   * connection with a stack trace. What it says is counted and logged here; only its SEVERE lines
   * pass. Held here so that the level is not lost with a collected logger.
   */
  private static final java.util.logging.Logger PAHO_LOG = quietPaho();

  private static final long RETRY_MILLIS = 10;

  private final MqttSettings settings;
  private final ConnectionCounters counters;
  private final Events events;
  private final MqttAsyncClient client;
  private final long timeoutMillis;
  private final InflightWindow window;
  private final Paho5Limits limits;
  private final Paho5Deliveries deliveries;

  /**
   * Creates the Paho client; nothing is connected yet.
   *
   * @param settings the connection settings
   * @param counters where traffic and errors are counted
   * @param events where Paho's callbacks go
   * @throws ConfigurationException if Paho refuses the broker URI or client id, or the persistence
   *     directory cannot be used
   */
  Paho5Session(MqttSettings settings, ConnectionCounters counters, Events events) {
    this.settings = settings;
    this.counters = counters;
    this.events = events;
    this.timeoutMillis = settings.connectTimeout().toMillis();
    this.window = new InflightWindow(settings.maxInflight());
    this.limits = new Paho5Limits(settings.name(), counters);
    MqttClientPersistence persistence = Paho5Options.persistence(settings);
    try {
      this.client =
          new MqttAsyncClient(settings.brokers().get(0), settings.clientId(), persistence);
    } catch (MqttException | IllegalArgumentException e) {
      throw new ConfigurationException(settings.name(), "Paho refused the settings: " + e, e);
    }
    this.deliveries =
        new Paho5Deliveries(settings.name(), counters, client, persistence, settings.clientId());
    client.setCallback(new Callback());
  }

  @Override
  public void announce(StatusMessage message, String what) {
    Announcer.announce(this, settings.name(), message, what);
  }

  /**
   * Connects once and waits for the CONNACK, within the connect timeout, then takes the broker's
   * limits from it.
   *
   * @throws AuthenticationException if the broker refused the client id, the credentials, the
   *     authentication method or the authorization (0x85, 0x86, 0x87, 0x8C)
   * @throws ConnectionException if the broker could not be reached or refused otherwise
   */
  @Override
  public void connect() {
    IMqttToken token;
    try {
      token = client.connect(Paho5Options.connectOptions(settings));
      token.waitForCompletion(timeoutMillis);
    } catch (MqttException e) {
      if (e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
        abandonConnect(); // else Paho goes on connecting, and may connect, behind our back
      }
      throw connectFailure(e);
    }
    int receiveMaximum = limits.accept(token.getResponseProperties());
    window.reset(Math.min(settings.maxInflight(), receiveMaximum));
    if (!Paho5Internals.disableTopicAliases(client)) {
      LOG.warn("[{}] topic aliases could not be turned off", settings.name());
    }
  }

  /**
   * Hands a message to Paho. Waits, within the connect timeout, for room in the in-flight window.
   *
   * @param publication the message
   * @return {@code false} if the client is not connected (the caller keeps the message)
   * @throws OversizedPacketException if the PUBLISH packet would exceed the broker's Maximum Packet
   *     Size; nothing is sent and the connection stays up
   * @throws ProtocolTimeoutException if the in-flight window stayed full
   * @throws ProtocolException if Paho refused the message for another reason
   */
  @Override
  public boolean publish(Publication publication) {
    if (!client.isConnected()) {
      return false;
    }
    limits.check(publication);
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    InflightWindow.Slot slot = takeSlot(deadline);
    MqttMessage message = new MqttMessage(publication.payload());
    message.setQos(publication.qos());
    message.setRetained(publication.retain());
    while (true) {
      if (!client.isConnected()) {
        slot.release();
        return false;
      }
      try {
        client.publish(publication.topic(), message, null, deliveries.listener(publication, slot));
        counters.recordOut(publication.payload().length);
        return true;
      } catch (MqttException e) {
        int code = e.getReasonCode();
        if (code == MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED
            || code == MqttClientException.REASON_CODE_CONNECTION_LOST
            || code == MqttClientException.REASON_CODE_CLIENT_DISCONNECTING) {
          slot.release();
          return false;
        }
        if (code != MqttClientException.REASON_CODE_MAX_INFLIGHT
            || System.nanoTime() - deadline > 0) {
          slot.release();
          counters.recordError("publish to '" + publication.topic() + "' failed: " + describe(e));
          throw code == MqttClientException.REASON_CODE_MAX_INFLIGHT
              ? windowFull()
              : new ProtocolException(settings.name(), "publish refused: " + describe(e), e);
        }
        awaitRelease(); // Paho's window (the broker's Receive Maximum) is full: wait for room
      }
    }
  }

  /**
   * Subscribes and checks the reason code of the SUBACK.
   *
   * @param filter the topic filter
   * @param qos the QoS asked for
   * @return the QoS the broker granted: its reason code, 0 to 2
   * @throws ConnectionException if the broker refused the subscription (a reason code of 0x80 or
   *     more, named in the message), announced in its CONNACK that it takes no such subscription,
   *     or did not answer within the connect timeout
   */
  @Override
  public int subscribe(String filter, int qos) {
    String ruledOut = limits.ruledOut(filter);
    if (ruledOut != null) {
      String refusal = "subscription to '" + filter + "' not made: " + ruledOut;
      counters.recordError(refusal);
      throw new ConnectionException(settings.name(), refusal);
    }
    IMqttToken token;
    try {
      token = client.subscribe(filter, qos);
      token.waitForCompletion(timeoutMillis);
    } catch (MqttException e) {
      String failure =
          e.getReasonCode() == MqttException.REASON_CODE_INVALID_RETURN_CODE
              ? "the broker refused the subscription to '"
                  + filter
                  + "' with a reason code Paho 1.2.5 cannot read (it takes 0x97, 0xA1, 0xA2 in a"
                  + " SUBACK for a broken packet) and dropped the connection"
              : "subscription to '" + filter + "' failed: " + describe(e);
      counters.recordError(failure);
      throw new ConnectionException(settings.name(), failure, e);
    } catch (IllegalArgumentException e) {
      counters.recordError("subscription to '" + filter + "' failed: " + e.getMessage());
      throw new ConnectionException(
          settings.name(), "subscription to '" + filter + "' failed: " + e.getMessage(), e);
    }
    int[] codes = token.getReasonCodes();
    int granted = codes == null || codes.length == 0 ? ReasonCodes.FAILURE : codes[0];
    if (ReasonCodes.isFailure(granted)) {
      String refusal =
          "the broker refused the subscription to '"
              + filter
              + "': "
              + ReasonCodes.describe(granted);
      counters.recordError(refusal);
      throw new ConnectionException(settings.name(), refusal);
    }
    if (granted < qos) {
      LOG.info("[{}] '{}' granted QoS {} of {}", settings.name(), filter, granted, qos);
    }
    return granted;
  }

  @Override
  public void unsubscribe(String filter) {
    try {
      client.unsubscribe(filter);
    } catch (MqttException e) {
      LOG.debug("[{}] unsubscribe of '{}' failed: {}", settings.name(), filter, e.toString());
    }
  }

  @Override
  public String connectedBroker() {
    return client.isConnected() ? client.getCurrentServerURI() : null;
  }

  @Override
  public void disconnect() {
    if (!client.isConnected()) {
      return;
    }
    try {
      client.disconnect(timeoutMillis).waitForCompletion(timeoutMillis);
    } catch (MqttException e) {
      LOG.debug("[{}] disconnect: {}", settings.name(), e.toString());
      try {
        client.disconnectForcibly(0, timeoutMillis, true);
      } catch (MqttException again) {
        LOG.debug("[{}] forced disconnect: {}", settings.name(), again.toString());
      }
    }
  }

  @Override
  public void close() {
    disconnect();
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("[{}] close: {}", settings.name(), e.toString());
    }
  }

  private void abandonConnect() {
    try {
      client.disconnectForcibly(0, timeoutMillis, false);
    } catch (MqttException e) {
      LOG.debug("[{}] abandoning the connect: {}", settings.name(), e.toString());
    }
  }

  private InflightWindow.Slot takeSlot(long deadline) {
    return window.acquire(settings.name(), counters, deadline, timeoutMillis);
  }

  private void awaitRelease() {
    window.pause(settings.name(), RETRY_MILLIS);
  }

  private ProtocolTimeoutException windowFull() {
    return InflightWindow.full(settings.name(), timeoutMillis);
  }

  private ProtocolException connectFailure(MqttException e) {
    int code = e.getReasonCode();
    if (ReasonCodes.isFailure(code)) {
      counters.recordError("connect failed: the broker refused: " + ReasonCodes.describe(code));
      return ReasonCodes.refusedConnect(settings.name(), code, e);
    }
    counters.recordError("connect failed: " + e);
    return new ConnectionException(
        settings.name(), "cannot connect to " + settings.broker() + ": " + e, e);
  }

  private static java.util.logging.Logger quietPaho() {
    java.util.logging.Logger paho = java.util.logging.Logger.getLogger("org.eclipse.paho.mqttv5");
    paho.setLevel(java.util.logging.Level.SEVERE);
    return paho;
  }

  /** Paho's exception with its MQTT reason code named, if it carries one. */
  private static String describe(MqttException e) {
    int code = e.getReasonCode();
    if (code == MqttException.REASON_CODE_INVALID_RETURN_CODE) {
      return "the broker sent a reason code Paho 1.2.5 cannot read (" + e.getMessage() + ")";
    }
    return ReasonCodes.isFailure(code) ? ReasonCodes.describe(code) : e.toString();
  }

  /** What Paho reports, on its callback thread: counted, then handed on at once. */
  private final class Callback implements MqttCallback {

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      MqttException lost = response.getException();
      if (lost == null) { // the broker sent DISCONNECT
        String reason = response.getReasonString();
        String message =
            "the broker disconnected: "
                + ReasonCodes.describe(response.getReturnCode())
                + (reason == null ? "" : " (" + reason + ")");
        counters.recordError(message);
        events.connectionLost(new ConnectionException(settings.name(), message));
      } else {
        int code = lost.getReasonCode();
        counters.recordError(
            ReasonCodes.isFailure(code) // only a refusing PUBREC makes Paho drop with a reason code
                ? deliveries.refusedInPubrec(code)
                : "connection lost: " + describe(lost));
        events.connectionLost(lost);
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      counters.recordError("MQTT error: " + describe(exception));
      LOG.warn("[{}] MQTT error: {}", settings.name(), describe(exception));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      byte[] payload = message.getPayload();
      counters.recordIn(payload.length);
      events.messageArrived(topic, payload);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
      // counted when handed to Paho; refusals are seen by each publish's listener
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      // connect() waits for the token
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
      LOG.debug("[{}] AUTH {} ignored", settings.name(), ReasonCodes.describe(reasonCode));
    }
  }
}
