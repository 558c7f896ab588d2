package com.eq1.network.tcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A reader slower than the sender: the receive buffer stays bounded, the sender is held back by TCP
 * flow control, and nothing is lost or reordered.
 */
class TcpBackPressureTest {

  private static final int MESSAGES = 20_000;
  private static final int CAPACITY = 100;

  @Test
  void aFullReceiveBufferPausesTheSocketInsteadOfGrowingOrDropping() throws Exception {
    TcpOptions small =
        TcpOptions.DEFAULT
            .withInboundCapacity(CAPACITY)
            .withTimeouts(Duration.ofSeconds(60), Duration.ZERO);
    try (TcpTransport transport = new TcpTransport(2);
        TcpServer server =
            new TcpServer(TcpServerSettings.of("bp-srv", 0).withOptions(small), transport)) {
      server.connect();
      try (TcpClient client =
          new TcpClient(
              TcpClientSettings.of("bp-cli", "127.0.0.1", server.port()).withOptions(small),
              transport)) {
        client.connect();
        CompletableFuture<Void> sending =
            CompletableFuture.runAsync(
                () -> {
                  for (int i = 0; i < MESSAGES; i++) {
                    client.send(ByteBuffer.allocate(1024).putInt(i).array());
                  }
                });
        await().atMost(Duration.ofSeconds(10)).until(() -> server.statistics().messagesIn() > 0);
        // nobody reads: the buffer must stop near its capacity (plus what one socket read holds)
        await()
            .during(Duration.ofMillis(500))
            .atMost(Duration.ofSeconds(5))
            .until(() -> server.statistics().messagesIn() <= CAPACITY + 200);
        assertTrue(!sending.isDone(), "the sender must be held back, not finished");

        for (int i = 0; i < MESSAGES; i++) {
          byte[] message = server.read(Duration.ofSeconds(10)).orElseThrow();
          assertEquals(i, ByteBuffer.wrap(message).getInt(), "message order");
        }
        sending.get();
        assertEquals(MESSAGES, server.statistics().messagesIn());
        assertTrue(server.read().isEmpty());
      }
    }
  }
}
