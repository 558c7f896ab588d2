package com.eq1.network.tcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.eq1.network.api.data.ReceivedData;
import com.eq1.network.manager.HandlerSettings;
import com.eq1.network.manager.NetworkHandler;
import com.eq1.network.manager.NetworkHandlerListener;
import com.eq1.network.packet.DataPackage;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.MessageType;
import com.eq1.network.packet.TextData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * NetworkHandler (framing, correlation, heartbeats) on top of TCP with {@code framing=raw}: the
 * handler frames, TCP carries the bytes.
 */
class TcpNetworkHandlerTest {

  private static final TcpOptions RAW = TcpOptions.DEFAULT.withFraming(Framing.RAW);

  @Test
  void requestsAreAnsweredAndMatchedByCorrelationIdOverTcp() throws Exception {
    try (TcpTransport transport = new TcpTransport(2);
        TcpServer server =
            new TcpServer(TcpServerSettings.of("hnd-srv", 0).withOptions(RAW), transport)) {
      server.connect();
      AtomicReference<NetworkHandler> serverSide = new AtomicReference<>();
      NetworkHandlerListener answering =
          new NetworkHandlerListener() {
            @Override
            public void onMessage(Message message, ReceivedData data) {
              if (message.type() == MessageType.COMMAND) {
                serverSide.get().reply(message, new TextData("re: " + ((TextData) data).text()));
              }
            }
          };
      try (NetworkHandler serverHandler =
              new NetworkHandler(server, DataPackage.TEXT_PACKAGE, answering);
          TcpClient client =
              new TcpClient(
                  TcpClientSettings.of("hnd-cli", "127.0.0.1", server.port()).withOptions(RAW),
                  transport);
          NetworkHandler clientHandler =
              new NetworkHandler(
                  client, DataPackage.TEXT_PACKAGE, new NetworkHandlerListener() {})) {
        serverSide.set(serverHandler);
        client.connect();
        List<CompletableFuture<Message>> replies = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
          replies.add(clientHandler.request(new TextData("q" + i), Duration.ofSeconds(10)));
        }
        for (int i = 0; i < replies.size(); i++) {
          Message reply = replies.get(i).get(15, TimeUnit.SECONDS);
          assertEquals("re: q" + i, TextData.fromBytes(reply.body()).text());
        }
        assertEquals(0, clientHandler.pendingRequests());
      }
    }
  }

  @Test
  void handlerHeartbeatsNoticeAPeerThatStopsAnswering() {
    HandlerSettings beats = HandlerSettings.DEFAULT.withHeartbeat(Duration.ofMillis(100), 3);
    List<String> losses = new CopyOnWriteArrayList<>();
    try (TcpTransport transport = new TcpTransport(2);
        TcpServer server =
            new TcpServer(TcpServerSettings.of("hb-srv", 0).withOptions(RAW), transport)) {
      server.connect();
      NetworkHandler serverHandler =
          new NetworkHandler(
              server, DataPackage.TEXT_PACKAGE, new NetworkHandlerListener() {}, beats);
      try (TcpClient client =
              new TcpClient(
                  TcpClientSettings.of("hb-cli", "127.0.0.1", server.port()).withOptions(RAW),
                  transport);
          NetworkHandler clientHandler =
              new NetworkHandler(
                  client,
                  DataPackage.TEXT_PACKAGE,
                  new NetworkHandlerListener() {
                    @Override
                    public void onDisconnected(NetworkHandler handler, String reason) {
                      losses.add(reason);
                    }
                  },
                  beats)) {
        client.connect();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(losses::isEmpty);
        serverHandler.close(); // the server's socket stays open, but nobody answers heartbeats
        await().atMost(Duration.ofSeconds(3)).until(() -> !losses.isEmpty());
        assertEquals(1, clientHandler.statistics().peerLosses());
      }
    }
  }
}
