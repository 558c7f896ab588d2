package com.eq1.network.manager;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.loopback.LoopbackBroker;
import com.eq1.network.loopback.LoopbackPubSubProtocol;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What happens while the manager waits for a returning protocol to connect: changes to the desired
 * state reach it, and what was held before it appeared is handed over, not expired.
 */
class HeldDuringLinkWaitTest {
  private static final Map<String, Object> PLANT = Map.of(ProtocolProperties.NAME, "plant");

  @Test
  void aSubscriptionMadeWhileWaitingForTheLinkReachesTheProtocol() throws Exception {
    LoopbackBroker broker = new LoopbackBroker();
    DefaultPubSubManager manager =
        new DefaultPubSubManager(
            new ManagerSettings(Duration.ofMinutes(1), 100, OverflowPolicy.REJECT_NEWEST));
    LoopbackPubSubProtocol a = new LoopbackPubSubProtocol("plant", broker);
    a.connect();
    manager.bindProtocol(a, PLANT);
    manager.unbindProtocol(a);
    a.close();
    LoopbackPubSubProtocol b = new LoopbackPubSubProtocol("plant", broker);
    manager.bindProtocol(b, PLANT);
    Inbox inbox = new Inbox();
    manager.subscribe("plant", "t", inbox); // before or during the wait for CONNECTED: both count
    b.connect();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> manager.connection("plant").orElseThrow().held() == 0);
    LoopbackPubSubProtocol other = new LoopbackPubSubProtocol("other", broker);
    other.connect();
    other.publish("t", "x".getBytes(), 1, false);
    inbox.expect("t=x");
  }

  @Test
  void messagesHeldBeforeTheProtocolAppearedSurviveTheGraceEndRelease() throws Exception {
    LoopbackBroker broker = new LoopbackBroker();
    DefaultPubSubManager manager =
        new DefaultPubSubManager(
            new ManagerSettings(Duration.ofSeconds(1), 100, OverflowPolicy.REJECT_NEWEST));
    LoopbackPubSubProtocol a = new LoopbackPubSubProtocol("plant", broker);
    a.connect();
    manager.bindProtocol(a, PLANT);
    manager.unbindProtocol(a);
    a.close();
    manager.publish("plant", "t", "early");
    LoopbackPubSubProtocol b = new LoopbackPubSubProtocol("plant", broker);
    manager.bindProtocol(b, PLANT);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> manager.connection("plant").orElseThrow().held() == 0);
    assertEquals(
        List.of(0L, 1),
        List.of(manager.connection("plant").orElseThrow().expired(), b.statistics().queued()));
  }
}
