package com.eq1.network.manager;

import static com.eq1.network.manager.Fixture.failedAlready;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.packet.BinaryData;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.MessageCodec;
import com.eq1.network.packet.MessageType;
import com.eq1.network.packet.NetworkPacketStructure;
import com.eq1.network.packet.TextData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Messages larger than one frame: chunked transfers, their limits, and what cannot be chunked. */
class NetworkHandlerTransferTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final int THREE_MIB = 3 * 1024 * 1024;

  private final Fixture fx = new Fixture();

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  @Test
  void aThreeMebibyteBulkTransferArrivesWhole() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("bulk-a", "bulk-b", 100);
    Recorder atB = new Recorder();
    NetworkHandler b = fx.handler(cable.b(), atB, HandlerSettings.DEFAULT);
    NetworkHandler a = fx.handler(cable.a(), new Recorder(), HandlerSettings.DEFAULT);
    byte[] body = new byte[THREE_MIB + 12_345];
    new Random(42).nextBytes(body);

    a.send(
        Message.builder(MessageType.BULK_DATA)
            .data(new BinaryData(body))
            .source("cam")
            .destination("store")
            .build());

    await().atMost(DEADLINE).until(() -> !atB.messages.isEmpty());
    Message received = atB.message(0);
    assertEquals(MessageType.BULK_DATA, received.type());
    assertEquals("cam", received.source());
    assertEquals("store", received.destination());
    assertEquals(Optional.empty(), received.chunk());
    assertArrayEquals(body, received.body());
    assertArrayEquals(body, ((BinaryData) atB.messages.get(0).data()).bytes());
    assertEquals(1, a.statistics().sent(), "a chunked transfer counts once");
    assertEquals(1, b.statistics().received());
    assertTrue(cable.b().statistics().messagesIn() >= 4, "the transfer went as several frames");
    assertEquals(1, atB.messages.size());
  }

  @Test
  void aLargeTextFileTransferIsDecodedAfterReassembly() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("file-a", "file-b", 100);
    Recorder atB = new Recorder();
    fx.handler(cable.b(), atB, HandlerSettings.DEFAULT);
    NetworkHandler a = fx.handler(cable.a(), new Recorder(), HandlerSettings.DEFAULT);
    // multi-byte characters make chunk borders fall inside characters
    String text = "Grüße €-Zeichen ✓ ".repeat(THREE_MIB / 24);
    assertTrue(text.getBytes(StandardCharsets.UTF_8).length > THREE_MIB - 1024);

    a.send(Message.builder(MessageType.FILE_TRANSFER).data(new TextData(text)).build());
    a.send(new TextData("after the file"));

    await().atMost(DEADLINE).until(() -> atB.messages.size() >= 2);
    assertEquals(MessageType.FILE_TRANSFER, atB.message(0).type());
    assertEquals(new TextData(text), atB.messages.get(0).data());
    assertEquals("after the file", atB.messages.get(1).text());
    assertTrue(atB.errors.isEmpty());
  }

  @Test
  void aCommandLargerThanOneFrameIsRefusedNamingTheConnection() throws Exception {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("big-a", "big-b", 100);
    Recorder atB = new Recorder();
    fx.handler(cable.b(), atB, HandlerSettings.DEFAULT);
    NetworkHandler a = fx.handler(cable.a(), new Recorder(), HandlerSettings.DEFAULT);
    Message tooBig =
        Message.builder(MessageType.COMMAND)
            .body(new byte[NetworkPacketStructure.MAX_PAYLOAD])
            .build();

    PacketException refused = assertThrows(PacketException.class, () -> a.send(tooBig));
    assertEquals(Optional.of("big-a"), refused.connectionName());
    assertTrue(refused.getMessage().startsWith("[big-a] "), refused.getMessage());
    assertTrue(refused.getMessage().contains("exceeds the limit"), refused.getMessage());

    CompletableFuture<Message> request = a.request(tooBig, Duration.ofSeconds(30));
    PacketException failed = failedAlready(request, PacketException.class);
    assertEquals(Optional.of("big-a"), failed.connectionName());
    assertEquals(0, a.pendingRequests());
    assertEquals(0, a.statistics().queued());

    a.send(new TextData("small"));
    await().atMost(DEADLINE).until(() -> !atB.messages.isEmpty());
    assertEquals(List.of("small"), atB.texts());
  }

  @Test
  void aTransferAboveTheReceiversLimitIsRejectedAndLaterMessagesArrive() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("limit-a", "limit-b", 100);
    Recorder atB = new Recorder();
    NetworkHandler b =
        fx.handler(
            cable.b(),
            atB,
            HandlerSettings.DEFAULT.withTransfers(1024 * 1024, 8, Duration.ofSeconds(30)));
    NetworkHandler a = fx.handler(cable.a(), new Recorder(), HandlerSettings.DEFAULT);

    a.send(Message.builder(MessageType.BULK_DATA).body(new byte[THREE_MIB]).build());
    a.send(new TextData("after"));

    await().atMost(DEADLINE).until(() -> !atB.messages.isEmpty());
    assertEquals(List.of("after"), atB.texts());
    OversizedPacketException oversized =
        assertInstanceOf(OversizedPacketException.class, atB.errors.get(0));
    assertEquals(Optional.of("limit-b"), oversized.connectionName());
    assertEquals(THREE_MIB, oversized.size());
    assertEquals(1024 * 1024, oversized.limit());
    assertTrue(b.statistics().decodeErrors() >= 1);
    assertEquals(atB.errors.size(), b.statistics().decodeErrors());
  }

  @Test
  void anAbandonedTransferTimesOutAndFreesItsPlace() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("stale-a", "stale-b", 100);
    Recorder atB = new Recorder();
    fx.handler(
        cable.b(), atB, HandlerSettings.DEFAULT.withTransfers(1024, 1, Duration.ofSeconds(1)));
    byte[] abandoned =
        Fixture.FRAMING.toPacket(MessageCodec.encodeForFrames(bulk(300, (byte) 1), 100, 1).get(0));
    byte[] complete = frames(MessageCodec.encodeForFrames(bulk(250, (byte) 2), 100, 2));

    // in one read: the second transfer finds the only place taken by the first
    cable.a().send(concat(abandoned, complete));
    await().atMost(DEADLINE).until(() -> atB.errors.size() >= 2);
    assertTrue(
        atB.errors.get(0).getMessage().contains("1 transfers already in progress"),
        atB.errors.get(0).getMessage());
    assertTrue(atB.messages.isEmpty());

    // once the first has timed out, the second gets through
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (atB.messages.isEmpty()) {
                cable.a().send(complete);
                return false;
              }
              return true;
            });
    Message received = atB.message(0);
    assertArrayEquals(bulk(250, (byte) 2).body(), received.body());
    assertFalse(received.chunk().isPresent());
  }

  private static Message bulk(int length, byte fill) {
    byte[] body = new byte[length];
    Arrays.fill(body, fill);
    return Message.builder(MessageType.BULK_DATA).source("src").body(body).build();
  }

  private static byte[] frames(List<byte[]> payloads) {
    return concat(payloads.stream().map(Fixture.FRAMING::toPacket).toArray(byte[][]::new));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
