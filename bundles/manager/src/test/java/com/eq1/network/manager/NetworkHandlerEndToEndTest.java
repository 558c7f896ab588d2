package com.eq1.network.manager;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eq1.network.api.data.ReceivedData;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.packet.BinaryData;
import com.eq1.network.packet.DataPackage;
import com.eq1.network.packet.FormattedData;
import com.eq1.network.packet.IntData;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.MessageType;
import com.eq1.network.packet.TextData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two handlers on the two ends of a loopback cable: what one sends the other receives, intact and
 * in order, in both directions at once; requests are answered by the other end and matched.
 */
class NetworkHandlerEndToEndTest {

  private static final MessageType[] TYPES = {
    MessageType.DATA,
    MessageType.COMMAND,
    MessageType.STATUS,
    MessageType.FILE_TRANSFER,
    MessageType.BULK_DATA
  };

  private LoopbackReqResProtocol.Cable cable;
  private final List<NetworkHandler> handlers = new ArrayList<>();

  @BeforeEach
  void connect() {
    cable = LoopbackReqResProtocol.cable("left", "right", QueueSettings.DEFAULT, 10_000);
    cable.a().connect();
    cable.b().connect();
  }

  @AfterEach
  void close() {
    handlers.forEach(NetworkHandler::close);
    cable.a().close();
    cable.b().close();
  }

  @Test
  void hundredThousandMixedMessagesArriveIntactAndInOrderBothWays() {
    int perSide = 50_000;
    Collector atLeft = new Collector();
    Collector atRight = new Collector();
    NetworkHandler left = handler(cable.a(), atLeft, "left");
    NetworkHandler right = handler(cable.b(), atRight, "right");

    CompletableFuture<Void> fromLeft = CompletableFuture.runAsync(() -> sendAll(left, perSide, 1));
    CompletableFuture<Void> fromRight =
        CompletableFuture.runAsync(() -> sendAll(right, perSide, 2));
    fromLeft.join();
    fromRight.join();

    await().atMost(60, TimeUnit.SECONDS).until(() -> atRight.messages.size() >= perSide);
    await().atMost(60, TimeUnit.SECONDS).until(() -> atLeft.messages.size() >= perSide);
    atRight.assertSequence(perSide, 1, "left");
    atLeft.assertSequence(perSide, 2, "right");
    assertEquals(perSide, left.statistics().sent());
    assertEquals(perSide, right.statistics().received());
    assertEquals(0, left.statistics().expired() + left.statistics().dropped());
  }

  @Test
  void thousandConcurrentRequestsAreMatchedToTheirReplies() {
    NetworkHandler server =
        handler(
            cable.b(),
            new NetworkHandlerListener() {
              @Override
              public void onMessage(Message message, ReceivedData data) {
                int value = ((IntData) data).value();
                serverHandler().reply(message, new IntData(value * 2));
              }
            },
            "server");
    serverRef = server;
    NetworkHandler client = handler(cable.a(), new NetworkHandlerListener() {}, "client");

    List<CompletableFuture<Message>> replies = new ArrayList<>();
    List<CompletableFuture<Void>> senders = new ArrayList<>();
    List<List<CompletableFuture<Message>>> perThread = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int base = t * 125;
      List<CompletableFuture<Message>> mine = new CopyOnWriteArrayList<>();
      perThread.add(mine);
      senders.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 125; i++) {
                  mine.add(client.request(new IntData(base + i), Duration.ofSeconds(30)));
                }
              }));
    }
    senders.forEach(CompletableFuture::join);
    perThread.forEach(replies::addAll);
    assertEquals(1000, replies.size());
    for (int t = 0; t < 8; t++) {
      for (int i = 0; i < 125; i++) {
        Message reply = perThread.get(t).get(i).join();
        assertEquals(MessageType.RESPONSE, reply.type());
        assertEquals(2 * (t * 125 + i), IntData.fromBytes(reply.body()).value());
        assertEquals("client", reply.destination());
      }
    }
    assertEquals(0, client.pendingRequests());
    assertEquals(0, client.statistics().unmatchedReplies());
  }

  private NetworkHandler serverRef;

  private NetworkHandler serverHandler() {
    return serverRef;
  }

  private NetworkHandler handler(
      LoopbackReqResProtocol protocol, NetworkHandlerListener listener, String source) {
    NetworkHandler handler =
        new NetworkHandler(
            protocol,
            DataPackage.BINARY_PACKAGE,
            listener,
            HandlerSettings.DEFAULT
                .withSource(source)
                .withQueue(
                    new QueueSettings(
                        100_000, Duration.ofMinutes(5), OverflowPolicy.REJECT_NEWEST)));
    handlers.add(handler);
    return handler;
  }

  private static void sendAll(NetworkHandler handler, int count, int side) {
    for (int i = 0; i < count; i++) {
      FormattedData data =
          switch (i % 3) {
            case 0 -> new TextData("msg-" + side + "-" + i + " ü€");
            case 1 -> new BinaryData(payload(side, i));
            default -> new IntData(side * 1_000_000 + i);
          };
      handler.send(
          Message.builder(TYPES[i % TYPES.length])
              .data(data)
              .source(side == 1 ? "left" : "right")
              .correlationId(i + 1L)
              .build());
    }
  }

  private static byte[] payload(int side, int i) {
    byte[] bytes = new byte[i % 200];
    for (int j = 0; j < bytes.length; j++) {
      bytes[j] = (byte) (side * 31 + i + j);
    }
    return bytes;
  }

  private static final class Collector implements NetworkHandlerListener {
    final List<Message> messages = Collections.synchronizedList(new ArrayList<>());
    final List<ReceivedData> data = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onMessage(Message message, ReceivedData received) {
      messages.add(message);
      data.add(received);
    }

    void assertSequence(int count, int side, String source) {
      assertEquals(count, messages.size());
      for (int i = 0; i < count; i++) {
        Message message = messages.get(i);
        assertEquals(i + 1L, message.correlationId(), "order at " + i);
        assertEquals(TYPES[i % TYPES.length], message.type());
        assertEquals(source, message.source());
        ReceivedData received = data.get(i);
        switch (i % 3) {
          case 0 -> assertEquals(new TextData("msg-" + side + "-" + i + " ü€"), received);
          case 1 -> assertArrayEquals(payload(side, i), ((BinaryData) received).bytes());
          default -> assertEquals(new IntData(side * 1_000_000 + i), received);
        }
      }
    }
  }
}
