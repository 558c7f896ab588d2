package com.eq1.network.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.MessageListener;
import com.eq1.network.api.SubscriptionStatus;
import com.eq1.network.link.QueueSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@code eq1:info} shows of a loopback connection: its peer, no TLS, its subscriptions. */
class LoopbackDetailsTest {

  private final MessageListener first = (topic, payload) -> {};
  private final MessageListener second = (topic, payload) -> {};
  private LoopbackBroker broker;
  private LoopbackPubSubProtocol pubSub;

  @BeforeEach
  void create() {
    broker = new LoopbackBroker();
    pubSub = new LoopbackPubSubProtocol("details-ps", broker);
  }

  @AfterEach
  void close() {
    pubSub.close();
  }

  @Test
  void aPubSubConnectionNamesTheInJvmBrokerAndHasNoTls() {
    Map<String, String> details = pubSub.details();

    assertEquals(
        List.of(BaseProtocol.DETAIL_PEER, BaseProtocol.DETAIL_TLS), List.copyOf(details.keySet()));
    assertEquals("in-JVM loopback broker", details.get(BaseProtocol.DETAIL_PEER));
    assertEquals("off", details.get(BaseProtocol.DETAIL_TLS));
    assertThrows(UnsupportedOperationException.class, () -> details.put("x", "y"));
  }

  @Test
  void aReqResConnectionNamesItsEchoOrTheOtherEndOfItsCable() {
    try (LoopbackReqResProtocol echo = new LoopbackReqResProtocol("details-echo")) {
      assertEquals(Map.of("peer", "in-JVM echo", "tls", "off"), echo.details());
    }
    LoopbackReqResProtocol.Cable cable =
        LoopbackReqResProtocol.cable("details-a", "details-b", QueueSettings.DEFAULT, 10);
    try (LoopbackReqResProtocol a = cable.a();
        LoopbackReqResProtocol b = cable.b()) {
      assertEquals("in-JVM cable to details-b", a.details().get(BaseProtocol.DETAIL_PEER));
      assertEquals("in-JVM cable to details-a", b.details().get(BaseProtocol.DETAIL_PEER));
      assertEquals("off", b.details().get(BaseProtocol.DETAIL_TLS));
    }
  }

  @Test
  void theBrokerConfirmsEachFilterAtOnceWithTheHighestQosItsListenersAskedFor() {
    pubSub.connect();
    pubSub.subscribe("cell/+/status", 0, first);
    pubSub.subscribe("cell/#", 1, first);
    pubSub.subscribe("cell/+/status", 2, second);
    pubSub.subscribe("cell/+/status", 1, first); // the same listener again: only its QoS changes

    assertEquals(
        List.of(
            new SubscriptionStatus("cell/+/status", 2, 2, null),
            new SubscriptionStatus("cell/#", 1, 1, null)),
        pubSub.subscriptions());
    assertTrue(pubSub.subscriptions().stream().allMatch(SubscriptionStatus::confirmed));

    pubSub.unsubscribe("cell/+/status", second);
    assertEquals(
        List.of(
            new SubscriptionStatus("cell/+/status", 1, 1, null),
            new SubscriptionStatus("cell/#", 1, 1, null)),
        pubSub.subscriptions(),
        "the first listener's QoS is what is left of the filter, still first in line");
    pubSub.unsubscribe("cell/+/status", first);
    assertEquals(List.of(new SubscriptionStatus("cell/#", 1, 1, null)), pubSub.subscriptions());
  }

  @Test
  void subscriptionsAreUnconfirmedWhileDisconnectedAndConfirmedOnConnect() {
    pubSub.subscribe("line/1", 1, first);
    assertEquals(List.of(new SubscriptionStatus("line/1", 1, null, null)), pubSub.subscriptions());
    assertTrue(pubSub.subscriptions().stream().noneMatch(SubscriptionStatus::confirmed));

    pubSub.connect();
    assertEquals(List.of(new SubscriptionStatus("line/1", 1, 1, null)), pubSub.subscriptions());

    pubSub.disconnect();
    assertEquals(List.of(new SubscriptionStatus("line/1", 1, null, null)), pubSub.subscriptions());
  }
}
