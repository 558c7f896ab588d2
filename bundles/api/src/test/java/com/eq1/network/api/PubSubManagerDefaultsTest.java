package com.eq1.network.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The default overloads of {@link PubSubManager}. */
class PubSubManagerDefaultsTest {

  private final RecordingManager manager = new RecordingManager();

  @Test
  void publishesTextAsUtf8WithTheGivenQosAndRetain() {
    manager.publish("broker", "plant/oven", "\u00e4\u20ac", 0, true);

    Publish publish = manager.publishes.get(0);
    assertEquals("broker", publish.name());
    assertEquals("plant/oven", publish.topic());
    assertArrayEquals("\u00e4\u20ac".getBytes(StandardCharsets.UTF_8), publish.payload());
    assertEquals(5, publish.payload().length);
    assertEquals(0, publish.qos());
    assertTrue(publish.retain());
  }

  @Test
  void publishesTextWithTheDefaultQosNotRetained() {
    manager.publish("broker", "plant/oven", "on");

    assertEquals(1, manager.publishes.size());
    Publish publish = manager.publishes.get(0);
    assertEquals("broker", publish.name());
    assertEquals("plant/oven", publish.topic());
    assertArrayEquals(new byte[] {'o', 'n'}, publish.payload());
    assertEquals(PubSubProtocol.DEFAULT_QOS, publish.qos());
    assertEquals(1, publish.qos());
    assertFalse(publish.retain());
  }

  @Test
  void subscribesWithTheDefaultQos() {
    MessageListener listener = (topic, payload) -> {};

    manager.subscribe("broker", "plant/+/temperature", listener);

    assertEquals(
        List.of(new Subscribe("broker", "plant/+/temperature", 1, listener)), manager.subscribes);
  }

  record Publish(String name, String topic, byte[] payload, int qos, boolean retain) {}

  record Subscribe(String name, String filter, int qos, MessageListener listener) {}

  /** Records what the default overloads delegate to; everything else is out of scope. */
  static final class RecordingManager implements PubSubManager {

    final List<Publish> publishes = new ArrayList<>();
    final List<Subscribe> subscribes = new ArrayList<>();

    @Override
    public void publish(String name, String topic, byte[] payload, int qos, boolean retain) {
      publishes.add(new Publish(name, topic, payload, qos, retain));
    }

    @Override
    public void subscribe(String name, String topicFilter, int qos, MessageListener listener) {
      subscribes.add(new Subscribe(name, topicFilter, qos, listener));
    }

    @Override
    public void unsubscribe(String name, String topicFilter, MessageListener listener) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void register(String name, PubSubProtocol protocol) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void unregister(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean connect(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void disconnect(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<PubSubProtocol> protocol(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ConnectionInfo> connection(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ConnectionInfo> connections() {
      throw new UnsupportedOperationException();
    }
  }
}
