package com.eq1.network.manager;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.eq1.network.api.data.SendData;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.packet.BinaryData;
import com.eq1.network.packet.DataPackage;
import com.eq1.network.packet.IntData;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.MessageFormat;
import com.eq1.network.packet.MessageType;
import com.eq1.network.packet.TextData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a handler sends for plain values, and what it refuses to be built with. */
class NetworkHandlerBasicsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final Fixture fx = new Fixture();

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  @Test
  void valuesGoOutAsDataInTheirOwnOrThePackagesFormatWithTheSource() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("values-a", "values-b", 100);
    Recorder atB = new Recorder();
    NetworkHandler b = fx.handler(cable.b(), atB, HandlerSettings.DEFAULT);
    NetworkHandler a =
        new NetworkHandler(
            cable.a(),
            DataPackage.TEXT_PACKAGE,
            new Recorder(),
            HandlerSettings.DEFAULT.withSource("sensor-7"));
    try (a) {
      SendData plain = () -> "plain".getBytes(StandardCharsets.UTF_8);
      a.send(plain);
      a.send(new IntData(-2));
      a.send(new BinaryData(new byte[] {9, 8}));

      await().atMost(DEADLINE).until(() -> atB.messages.size() >= 3);
    }
    assertEquals(
        List.of(MessageFormat.TEXT, MessageFormat.INT, MessageFormat.BINARY),
        atB.messages.stream().map(r -> r.message().format()).toList());
    assertEquals(new TextData("plain"), atB.messages.get(0).data());
    assertEquals(new IntData(-2), atB.messages.get(1).data());
    assertEquals(new BinaryData(new byte[] {9, 8}), atB.messages.get(2).data());
    for (Recorder.Received r : atB.messages) {
      assertEquals(MessageType.DATA, r.message().type());
      assertEquals("sensor-7", r.message().source());
      assertEquals(0, r.message().correlationId());
    }
    assertEquals(3, a.statistics().sent());
    assertEquals(3, b.statistics().received());
  }

  @Test
  void everyPartIsRequired() {
    LoopbackReqResProtocol.Cable cable = fx.cable("parts-a", "parts-b", 10);
    DataPackage pkg = DataPackage.BINARY_PACKAGE;
    Recorder listener = new Recorder();

    assertThrows(NullPointerException.class, () -> new NetworkHandler(null, pkg, listener));
    assertThrows(NullPointerException.class, () -> new NetworkHandler(cable.a(), null, listener));
    assertThrows(NullPointerException.class, () -> new NetworkHandler(cable.a(), pkg, null));
    assertThrows(
        NullPointerException.class, () -> new NetworkHandler(cable.a(), pkg, listener, null));
    assertEquals(Set.of(), Fixture.threadsStartingWith("eq1-handler-parts-a-"), "no threads left");
  }

  @Test
  void aListenerThatKeepsTheDefaultsIgnoresEveryEvent() throws Exception {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("quiet-a", "quiet-b", 100);
    Recorder atB = new Recorder();
    NetworkHandler b = fx.handler(cable.b(), atB, HandlerSettings.DEFAULT);
    NetworkHandler a =
        fx.handler(cable.a(), new NetworkHandlerListener() {}, HandlerSettings.DEFAULT);

    b.send(new TextData("ignored"));
    cable.b().send(new byte[] {(byte) 0xFF, 0, 0, 0});
    CompletableFuture<Message> reply = a.request(new TextData("ping"), DEADLINE);
    await().atMost(DEADLINE).until(() -> !atB.messages.isEmpty());
    b.reply(atB.message(0), new TextData("pong"));

    // the reply is completed on the callback thread, after the ignored callbacks before it
    assertEquals("pong", Fixture.textOf(reply.get(5, TimeUnit.SECONDS)));
    cable.a().disconnect();
    await().atMost(DEADLINE).until(() -> !a.isConnected());
    HandlerStatistics stats = a.statistics();
    assertEquals(2, stats.received());
    assertEquals(1, stats.decodeErrors());
    assertEquals(0, stats.callbacksRefused());
  }
}
