package com.eq1.network.manager.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ProtocolException;
import com.eq1.network.link.OutboundQueue;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Requester loop on its own, against a real loopback connection. */
class RequesterWorkerTest {

  private final LoopbackReqResProtocol protocol = new LoopbackReqResProtocol("requester");
  private final OutboundQueue<Outgoing> queue =
      new OutboundQueue<>("requester", QueueSettings.DEFAULT);
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private final RequesterWorker worker =
      new RequesterWorker(
          protocol,
          queue,
          Duration.ofMinutes(1),
          System::nanoTime,
          new RequesterWorker.Hooks() {
            @Override
            public void sent(Outgoing message) {
              reports.add("sent " + message.frames().size());
            }

            @Override
            public void failed(Outgoing message, ProtocolException error) {
              reports.add("failed");
            }

            @Override
            public void expired(Outgoing message) {
              reports.add("expired");
            }
          });

  @AfterEach
  void close() {
    protocol.close();
  }

  @Test
  void anInterruptEndsTheLoop() throws InterruptedException {
    Thread thread = new Thread(worker, "requester-under-test");
    thread.start();

    thread.interrupt();
    thread.join(5_000);

    assertFalse(thread.isAlive());
    assertTrue(reports.isEmpty());
  }

  @Test
  void aWakeSendsEveryFrameOfAMessageAtOnce() throws InterruptedException {
    protocol.connect();
    Thread thread = new Thread(worker, "requester-under-test");
    thread.start();

    queue.offer(
        new Outgoing(
            List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}),
            0,
            System.nanoTime() + Duration.ofMinutes(1).toNanos()));
    worker.wake();

    // the echo connection reads back what was sent; the idle wait is a minute, so only the
    // wake can have started the send
    for (int i = 1; i <= 3; i++) {
      assertEquals(i, protocol.read(Duration.ofSeconds(5)).orElseThrow()[0]);
    }
    worker.stop();
    thread.join(5_000);
    assertFalse(thread.isAlive());
    assertEquals(List.of("sent 3"), reports);
    assertEquals(Optional.empty(), protocol.read());
  }
}
