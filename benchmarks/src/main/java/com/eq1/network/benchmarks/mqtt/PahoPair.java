package com.eq1.network.benchmarks.mqtt;

import com.eq1.network.api.MessageListener;
import com.eq1.network.mqtt.internal.NoDelaySocketFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The baseline: two raw Paho {@code mqttv3} {@link MqttAsyncClient}s set up as EQ-1 sets up its own
 * (MQTT 3.1.1, memory persistence, {@code TCP_NODELAY}, 30 s keep-alive, the same in-flight window,
 * no automatic reconnect), here with a clean session. The publisher keeps at most the window's
 * worth of QoS ≥ 1 messages unacknowledged with a semaphore released by each publish's action
 * listener; the subscriber's single {@link MqttCallback} looks the listener up by topic and calls
 * it on Paho's callback thread.
 */
final class PahoPair implements PubSubPair {

  private static final long TIMEOUT_MILLIS = 10_000;

  private final MqttAsyncClient publisher;
  private final MqttAsyncClient subscriber;
  private final Map<String, MessageListener> listeners = new ConcurrentHashMap<>();
  private final Semaphore window;
  private final boolean ownWindow;
  private final LongAdder windowRetries = new LongAdder();
  private final IMqttActionListener release;

  /**
   * Connects both clients.
   *
   * @param broker the broker URI
   * @param clientId the client id prefix
   * @param maxInflight the in-flight window
   * @param ownWindow whether the publisher keeps to the window with its own semaphore
   * @throws MqttException if a connect failed
   */
  PahoPair(String broker, String clientId, int maxInflight, boolean ownWindow)
      throws MqttException {
    this.window = new Semaphore(maxInflight);
    this.ownWindow = ownWindow;
    this.release =
        new IMqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            window.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable cause) {
            window.release();
          }
        };
    this.publisher = connect(broker, clientId + "-pub", maxInflight, null);
    this.subscriber =
        connect(
            broker,
            clientId + "-sub",
            maxInflight,
            (topic, payload) -> {
              MessageListener listener = listeners.get(topic);
              if (listener != null) {
                listener.onMessage(topic, payload);
              }
            });
  }

  /**
   * Creates and connects one client as the baseline does.
   *
   * @param broker the broker URI
   * @param clientId the client id
   * @param maxInflight the in-flight window
   * @param inbound receives every message, on Paho's callback thread, or {@code null}
   * @return the connected client
   * @throws MqttException if the connect failed
   */
  static MqttAsyncClient connect(
      String broker, String clientId, int maxInflight, MessageListener inbound)
      throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient(broker, clientId, new MemoryPersistence());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {
            System.err.println("[" + clientId + "] connection lost: " + cause);
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            if (inbound != null) {
              inbound.onMessage(topic, message.getPayload());
            }
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {
            // the publish's own action listener frees the window
          }
        });
    MqttConnectOptions options = new MqttConnectOptions();
    options.setAutomaticReconnect(false);
    options.setCleanSession(true);
    options.setKeepAliveInterval(30);
    options.setConnectionTimeout(10);
    options.setMaxInflight(maxInflight);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setSocketFactory(new NoDelaySocketFactory()); // the very factory EQ-1 uses
    client.connect(options).waitForCompletion(TIMEOUT_MILLIS);
    return client;
  }

  @Override
  public String label() {
    return "paho";
  }

  @Override
  public void subscribe(String topic, int qos, MessageListener listener) throws MqttException {
    listeners.put(topic, listener);
    subscriber.subscribe(topic, qos).waitForCompletion(TIMEOUT_MILLIS);
  }

  @Override
  public void publish(String topic, byte[] payload, int qos)
      throws MqttException, InterruptedException {
    if (qos == 0) {
      publisher.publish(topic, payload, 0, false);
      return;
    }
    if (ownWindow) {
      window.acquire();
    }
    while (true) {
      try {
        publisher.publish(topic, payload, qos, false, null, ownWindow ? release : null);
        return;
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
          if (ownWindow) {
            window.release();
          }
          throw e;
        }
        windowRetries
            .increment(); // with the semaphore: Paho frees its slot before the listener runs
        Thread.yield();
      }
    }
  }

  /**
   * Returns how often Paho refused a publish with a full window although the semaphore allowed it.
   *
   * @return the count
   */
  long windowRetries() {
    return windowRetries.sum();
  }

  @Override
  public void close() {
    close(publisher);
    close(subscriber);
  }

  /**
   * Disconnects and closes a client, ignoring failures.
   *
   * @param client the client
   */
  static void close(MqttAsyncClient client) {
    try {
      client.disconnect(TIMEOUT_MILLIS).waitForCompletion(TIMEOUT_MILLIS);
    } catch (MqttException e) {
      System.err.println("disconnect: " + e);
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      System.err.println("close: " + e);
    }
  }
}
