package com.eq1.network.mqtt.internal;

import com.eq1.network.api.AuthenticationException;
import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.link.ConnectionCounters;
import com.eq1.network.mqtt.MqttSettings;
import com.eq1.network.mqtt.StatusMessage;
import java.nio.file.Path;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 3.1.1 {@link Session} on Paho's {@code mqttv3} {@link MqttAsyncClient}, with Paho's
 * exceptions turned into the API's. Paho's automatic reconnect and offline buffer stay off.
 */
final class Paho3Session implements Session {

  private static final Logger LOG = LoggerFactory.getLogger(Paho3Session.class);
  private static final int SUBSCRIPTION_REFUSED = 0x80;

  private final MqttSettings settings;
  private final ConnectionCounters counters;
  private final MqttAsyncClient client;
  private final long timeoutMillis;
  private final InflightWindow window;

  /**
   * Creates the Paho client; nothing is connected yet.
   *
   * @param settings the connection settings
   * @param counters where traffic and errors are counted
   * @param events where Paho's callbacks go
   * @throws ConfigurationException if Paho refuses the broker URI or client id
   */
  Paho3Session(MqttSettings settings, ConnectionCounters counters, Events events) {
    this.settings = settings;
    this.counters = counters;
    this.timeoutMillis = settings.connectTimeout().toMillis();
    this.window = new InflightWindow(settings.maxInflight());
    try {
      this.client =
          new MqttAsyncClient(
              settings.brokers().get(0), settings.clientId(), persistence(settings));
    } catch (MqttException | IllegalArgumentException e) {
      throw new ConfigurationException(settings.name(), "Paho refused the settings: " + e, e);
    }
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {
            counters.recordError("connection lost: " + cause);
            events.connectionLost(cause);
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            byte[] payload = message.getPayload();
            counters.recordIn(payload.length);
            events.messageArrived(topic, payload);
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {
            // counted when handed to Paho
          }
        });
  }

  /**
   * Publishes one of the connection's status messages now, if there is one and the session is up. A
   * failure is logged, never thrown: a status message must not stop a connect or disconnect.
   *
   * @param message the message, or {@code null}
   * @param what what it is, for the log
   */
  @Override
  public void announce(StatusMessage message, String what) {
    Announcer.announce(this, settings.name(), message, what);
  }

  private static MqttClientPersistence persistence(MqttSettings settings) {
    Path directory = PersistenceDirectory.prepare(settings);
    if (directory == null) {
      return new MemoryPersistence();
    }
    return new MqttDefaultFilePersistence(directory.toString());
  }

  /**
   * Connects once and waits for the CONNACK, within the connect timeout.
   *
   * @throws AuthenticationException if the broker refused the credentials or client id
   * @throws ConnectionException if the broker could not be reached or refused otherwise
   */
  @Override
  public void connect() {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setAutomaticReconnect(false);
    options.setCleanSession(settings.cleanSession());
    options.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
    options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
    options.setMaxInflight(settings.maxInflight());
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setSocketFactory(SocketFactories.of(settings));
    options.setHttpsHostnameVerificationEnabled(settings.tls().hostnameVerification());
    if (settings.brokers().size() > 1) {
      options.setServerURIs(settings.brokers().toArray(String[]::new));
    }
    StatusMessage will = settings.will();
    if (will != null) {
      options.setWill(will.topic(), will.payload(), will.qos(), will.retain());
    }
    if (!settings.username().isEmpty()) {
      options.setUserName(settings.username());
    }
    if (!settings.password().isEmpty()) {
      options.setPassword(settings.password().toCharArray());
    }
    try {
      client.connect(options).waitForCompletion(timeoutMillis);
      window.reset(settings.maxInflight()); // what the last connection had in flight is gone
    } catch (MqttException e) {
      if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT) {
        abandonConnect(); // else Paho keeps connecting and refuses every later attempt
      }
      throw connectFailure(e);
    }
  }

  /**
   * Hands a message to Paho. Waits, within the connect timeout, for room in the in-flight window.
   *
   * @param publication the message
   * @return {@code false} if the client is not connected (the caller keeps the message)
   * @throws ProtocolTimeoutException if the in-flight window stayed full
   * @throws ProtocolException if Paho refused the message for another reason
   */
  @Override
  public boolean publish(Publication publication) {
    if (!client.isConnected()) {
      return false;
    }
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    InflightWindow.Slot slot = window.acquire(settings.name(), counters, deadline, timeoutMillis);
    IMqttActionListener release =
        new IMqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            slot.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable cause) {
            slot.release();
          }
        };
    while (true) {
      if (!client.isConnected()) {
        slot.release();
        return false;
      }
      try {
        client.publish(
            publication.topic(),
            publication.payload(),
            publication.qos(),
            publication.retain(),
            null,
            release);
        counters.recordOut(publication.payload().length);
        return true;
      } catch (MqttException e) {
        int code = e.getReasonCode();
        if (code == MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
            || code == MqttException.REASON_CODE_CONNECTION_LOST) {
          slot.release();
          return false;
        }
        boolean paho =
            code == MqttException.REASON_CODE_MAX_INFLIGHT
                || code == MqttException.REASON_CODE_NO_MESSAGE_IDS_AVAILABLE;
        if (!paho || System.nanoTime() - deadline > 0) {
          slot.release();
          counters.recordError("publish failed: " + e);
          throw paho
              ? InflightWindow.full(settings.name(), timeoutMillis)
              : new ProtocolException(settings.name(), "publish refused: " + e, e);
        }
        window.pause(settings.name(), 10); // Paho's own window (resent messages) is full
      }
    }
  }

  /**
   * Subscribes and checks the QoS the broker granted.
   *
   * @param filter the topic filter
   * @param qos the QoS asked for
   * @return the QoS the broker granted
   * @throws ConnectionException if the broker refused the subscription (granted 0x80) or did not
   *     answer within the connect timeout
   */
  @Override
  public int subscribe(String filter, int qos) {
    try {
      IMqttToken token = client.subscribe(filter, qos);
      token.waitForCompletion(timeoutMillis);
      int[] granted = token.getGrantedQos();
      if (granted.length == 0 || granted[0] == SUBSCRIPTION_REFUSED) {
        counters.recordError("subscription to '" + filter + "' refused by the broker");
        throw new ConnectionException(
            settings.name(), "the broker refused the subscription to '" + filter + "'");
      }
      if (granted[0] < qos) {
        LOG.info("[{}] '{}' granted QoS {} of {}", settings.name(), filter, granted[0], qos);
      }
      return granted[0];
    } catch (MqttException e) {
      counters.recordError("subscribe failed: " + e);
      throw new ConnectionException(
          settings.name(), "subscription to '" + filter + "' failed: " + e, e);
    }
  }

  /**
   * Unsubscribes, without waiting for the answer.
   *
   * @param filter the topic filter
   */
  @Override
  public void unsubscribe(String filter) {
    try {
      client.unsubscribe(filter);
    } catch (MqttException e) {
      LOG.debug("[{}] unsubscribe of '{}' failed: {}", settings.name(), filter, e.toString());
    }
  }

  /** Sends DISCONNECT if connected, waiting at most the connect timeout. */
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
        client.disconnectForcibly(0, timeoutMillis);
      } catch (MqttException again) {
        LOG.debug("[{}] forced disconnect: {}", settings.name(), again.toString());
      }
    }
  }

  /** Releases the Paho client and its threads. */
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
    } catch (MqttException again) {
      LOG.debug("[{}] abandoning the connect: {}", settings.name(), again.toString());
    }
  }

  private ProtocolException connectFailure(MqttException e) {
    counters.recordError("connect failed: " + e);
    int code = e.getReasonCode();
    if (code == MqttException.REASON_CODE_FAILED_AUTHENTICATION
        || code == MqttException.REASON_CODE_NOT_AUTHORIZED
        || code == MqttException.REASON_CODE_INVALID_CLIENT_ID) {
      return new AuthenticationException(
          settings.name(), "the broker refused the connection (code " + code + "): " + e, e);
    }
    return new ConnectionException(
        settings.name(), "cannot connect to " + settings.broker() + ": " + e, e);
  }
}
