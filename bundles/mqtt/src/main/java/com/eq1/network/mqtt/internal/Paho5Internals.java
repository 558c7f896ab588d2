package com.eq1.network.mqtt.internal;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttToken;
import org.eclipse.paho.mqttv5.client.internal.ClientComms;
import org.eclipse.paho.mqttv5.client.internal.ClientState;
import org.eclipse.paho.mqttv5.client.internal.MqttConnectionState;
import org.eclipse.paho.mqttv5.common.MqttPersistenceException;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;

/**
 * Two repairs to Paho 1.2.5's {@code mqttv5} client that its API does not allow, made by reflection
 * on its internals. Paho is embedded in this bundle at that fixed version, so the members are known
 * to be there: embedding another version without them makes this class fail to load, which every
 * MQTT 5 test shows at once.
 *
 * <ul>
 *   <li><b>No topic aliases.</b> Paho gives every topic an alias as soon as the broker's CONNACK
 *       allows any (Mosquitto allows 10), with no option to refuse, and stores the publish with its
 *       topic already replaced by the alias. A QoS 1 or 2 message still unacknowledged when the
 *       connection drops is then sent again on the next connection with an alias that connection
 *       never defined: the broker disconnects with a protocol error, on every reconnect. With the
 *       broker's Topic Alias Maximum taken as 0, Paho sends full topic names, as in MQTT 3.1.1.
 *   <li><b>No poisoned QoS 2 message.</b> When the broker refuses a QoS 2 publish in its PUBREC
 *       (0x87 not authorized, 0x97 quota exceeded, ...), Paho drops the connection but keeps the
 *       message, sends it again on the next connection, is refused again, and so on for ever.
 *       {@link #forget} removes such a message from Paho's session state, as Paho itself does for a
 *       publish it could not send ({@code ClientState.undo}).
 * </ul>
 */
final class Paho5Internals {

  private static final Field CONNECTION_STATE = field("mqttConnection");
  private static final Field COMMS = field("comms");
  private static final Method UNDO = undo();

  private Paho5Internals() {}

  /**
   * Takes the broker's Topic Alias Maximum as 0 for the client's current connection. Call it after
   * every successful connect, before anything is published.
   *
   * @param client the client
   * @return {@code false} if Paho's internals were not as expected and aliases stay on
   */
  static boolean disableTopicAliases(MqttAsyncClient client) {
    try {
      ((MqttConnectionState) CONNECTION_STATE.get(client)).setOutgoingTopicAliasMaximum(0);
      return true;
    } catch (IllegalAccessException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Removes an unfinished publish from the client's session state, its persisted copy included: it
   * is not sent again. Call it only while the client is disconnected: Paho closes its persistence
   * on every loss, so it is opened for the removal and closed again.
   *
   * @param client the client
   * @param persistence the client's persistence
   * @param clientId the client id, which names the persistence
   * @param token the publish's token
   * @return {@code false} if the message could not be removed and stays
   */
  static boolean forget(
      MqttAsyncClient client,
      MqttClientPersistence persistence,
      String clientId,
      IMqttToken token) {
    try {
      MqttPublish publish = (MqttPublish) ((MqttToken) token).getRequestMessage();
      ClientState state = (ClientState) ((ClientComms) COMMS.get(client)).getClientState();
      persistence.open(clientId);
      try {
        UNDO.invoke(state, publish);
      } finally {
        persistence.close();
      }
      return true;
    } catch (IllegalAccessException
        | InvocationTargetException
        | MqttPersistenceException
        | RuntimeException e) {
      return false;
    }
  }

  private static Field field(String name) {
    try {
      Field field = MqttAsyncClient.class.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("not Paho 1.2.5: MqttAsyncClient." + name + " is missing", e);
    }
  }

  private static Method undo() {
    try {
      Method method = ClientState.class.getDeclaredMethod("undo", MqttPublish.class);
      method.setAccessible(true);
      return method;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("not Paho 1.2.5: ClientState.undo is missing", e);
    }
  }
}
