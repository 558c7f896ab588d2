package com.eq1.network.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The default methods of {@link PubSubProtocol} and {@link BaseProtocol}. */
class PubSubProtocolDefaultsTest {

  private final RecordingProtocol protocol = new RecordingProtocol();

  @Test
  void publishesTextAsUtf8() {
    protocol.publish("plant/oven/temperature", "23 \u00b0C \u20ac", 2, true);

    assertEquals(1, protocol.publishes.size());
    Publish publish = protocol.publishes.get(0);
    assertEquals("plant/oven/temperature", publish.topic());
    assertArrayEquals(
        new byte[] {
          '2', '3', ' ', (byte) 0xC2, (byte) 0xB0, 'C', ' ', (byte) 0xE2, (byte) 0x82, (byte) 0xAC
        },
        publish.payload());
    assertEquals(2, publish.qos());
    assertEquals(true, publish.retain());
  }

  @Test
  void publishesEmptyTextAsEmptyPayload() {
    protocol.publish("a", "", 0, false);

    Publish publish = protocol.publishes.get(0);
    assertArrayEquals(new byte[0], publish.payload());
    assertEquals(0, publish.qos());
    assertFalse(publish.retain());
  }

  @Test
  void reportsNoDetailsAndNoSubscriptionsUnlessTheProtocolDoes() {
    assertEquals(java.util.Map.of(), protocol.details());
    assertEquals(List.of(), protocol.subscriptions());
    assertEquals("peer", BaseProtocol.DETAIL_PEER);
    assertEquals("tls", BaseProtocol.DETAIL_TLS);
  }

  @Test
  void aSubscriptionIsConfirmedOnlyWhenGrantedAndNotRefused() {
    assertFalse(new SubscriptionStatus("a/#", 1, null, null).confirmed());
    assertEquals(true, new SubscriptionStatus("a/#", 1, 0, null).confirmed());
    assertFalse(new SubscriptionStatus("a/#", 1, 1, "0x87 not authorized").confirmed());
    org.junit.jupiter.api.Assertions.assertThrows(
        NullPointerException.class, () -> new SubscriptionStatus(null, 1, 1, null));
  }

  @Test
  void defaultQualityOfServiceIsAtLeastOnce() {
    assertEquals(1, PubSubProtocol.DEFAULT_QOS);
  }

  @Test
  void subscribesWithTheDefaultQualityOfService() {
    MessageListener listener = (topic, payload) -> {};

    protocol.subscribe("plant/#", listener);

    assertEquals(List.of(new Subscribe("plant/#", 1, listener)), protocol.subscribes);
  }

  @ParameterizedTest
  @EnumSource(ConnectionState.class)
  void isConnectedOnlyWhenTheStateIsConnected(ConnectionState state) {
    protocol.state = state;

    assertEquals(state == ConnectionState.CONNECTED, protocol.isConnected());
  }

  @Test
  void textPublishEncodesWithUtf8EvenForCharactersOutsideLatin1() {
    String text = "\u6e29\u5ea6"; // two CJK characters, three bytes each

    protocol.publish("t", text, 1, false);

    byte[] payload = protocol.publishes.get(0).payload();
    assertEquals(6, payload.length);
    assertEquals(text, new String(payload, StandardCharsets.UTF_8));
  }

  @Test
  void subscribeDelegatesTheSameListenerInstance() {
    MessageListener listener = (topic, payload) -> {};

    protocol.subscribe("a/+", listener);

    assertSame(listener, protocol.subscribes.get(0).listener());
  }

  record Publish(String topic, byte[] payload, int qos, boolean retain) {}

  record Subscribe(String filter, int qos, MessageListener listener) {}

  /** Records what the default methods delegate to; everything else is out of scope. */
  static final class RecordingProtocol implements PubSubProtocol {

    final List<Publish> publishes = new ArrayList<>();
    final List<Subscribe> subscribes = new ArrayList<>();
    ConnectionState state = ConnectionState.DISCONNECTED;

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
      publishes.add(new Publish(topic, payload, qos, retain));
    }

    @Override
    public void subscribe(String topicFilter, int qos, MessageListener listener) {
      subscribes.add(new Subscribe(topicFilter, qos, listener));
    }

    @Override
    public void unsubscribe(String topicFilter, MessageListener listener) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public String protocolType() {
      return "recording";
    }

    @Override
    public void connect() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void disconnect() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ConnectionState state() {
      return state;
    }

    @Override
    public void addStateListener(ConnectionStateListener listener) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void removeStateListener(ConnectionStateListener listener) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ConnectionStatistics statistics() {
      throw new UnsupportedOperationException();
    }
  }
}
