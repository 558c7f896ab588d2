package com.eq1.network.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.loopback.LoopbackBroker;
import com.eq1.network.loopback.LoopbackPubSubProtocol;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The protocol manager's single view over both managers. */
class ProtocolManagerTest {

  @Test
  void listsAndFindsConnectionsOfBothKinds() {
    try (DefaultReqResManager reqRes = new DefaultReqResManager();
        DefaultPubSubManager pubSub = new DefaultPubSubManager();
        LoopbackReqResProtocol echo = new LoopbackReqResProtocol("echo");
        LoopbackPubSubProtocol bus = new LoopbackPubSubProtocol("bus", new LoopbackBroker())) {
      reqRes.register("echo", echo);
      pubSub.register("bus", bus);
      pubSub.subscribe("echo", "t", new Inbox());
      DefaultProtocolManager view = new DefaultProtocolManager(reqRes, pubSub);

      assertSame(echo, view.getProtocol("echo").orElseThrow());
      assertSame(bus, view.getProtocol("bus").orElseThrow());
      assertTrue(view.getProtocol("nobody").isEmpty());
      assertEquals(ProtocolKind.PUB_SUB, view.connection("bus").orElseThrow().kind());
      assertEquals(ProtocolKind.REQ_RES, view.connection("echo").orElseThrow().kind());
      assertTrue(view.connection("nobody").isEmpty());
      List<String> listed =
          view.connections().stream().map(i -> i.name() + "/" + i.kind()).toList();
      assertEquals(List.of("bus/PUB_SUB", "echo/REQ_RES", "echo/PUB_SUB"), listed);
      assertEquals(
          "loopback-reqres",
          view.connections().stream()
              .filter(i -> i.kind() == ProtocolKind.REQ_RES)
              .map(ConnectionInfo::protocolType)
              .findFirst()
              .orElseThrow());
    }
  }

  @Test
  void rejectsMissingManagers() {
    try (DefaultPubSubManager pubSub = new DefaultPubSubManager()) {
      assertThrows(NullPointerException.class, () -> new DefaultProtocolManager(null, pubSub));
    }
  }
}
