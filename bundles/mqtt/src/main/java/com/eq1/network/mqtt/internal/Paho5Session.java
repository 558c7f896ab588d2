package com.eq1.network.mqtt.internal;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.ConnectionCounters;
import com.eq1.network.mqtt.MqttSettings;
import com.eq1.network.mqtt.StatusMessage;

/** An MQTT 5 {@link Session} on Paho's {@code mqttv5} client. Not written yet. */
final class Paho5Session implements Session {

  private final MqttSettings settings;

  Paho5Session(MqttSettings settings, ConnectionCounters counters, Events events) {
    this.settings = settings;
    throw new ConfigurationException(settings.name(), "MQTT 5 is not supported yet");
  }

  @Override
  public void connect() {}

  @Override
  public boolean publish(Publication publication) {
    return false;
  }

  @Override
  public void announce(StatusMessage message, String what) {}

  @Override
  public void subscribe(String filter, int qos) {}

  @Override
  public void unsubscribe(String filter) {}

  @Override
  public void disconnect() {}

  @Override
  public void close() {}
}
