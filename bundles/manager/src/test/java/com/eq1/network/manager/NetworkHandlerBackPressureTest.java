package com.eq1.network.manager;

import static com.eq1.network.manager.Fixture.failure;
import static com.eq1.network.manager.Fixture.textOf;
import static com.eq1.network.manager.Fixture.unframe;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStateListener;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.TextData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Requester against a peer that pushes back or a protocol that refuses to send. */
class NetworkHandlerBackPressureTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final Fixture fx = new Fixture();

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  @Test
  void aPeerThatReadsSlowlyStillGetsEverythingInOrder() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("slow-a", "slow-b", 1);
    NetworkHandler handler = fx.handler(cable.a(), new Recorder(), HandlerSettings.DEFAULT);
    for (int i = 0; i < 20; i++) {
      handler.send(new TextData("m-" + i));
    }
    // the peer's one-message buffer is full: the Requester is retrying
    await().atMost(DEADLINE).until(() -> cable.a().statistics().errors() >= 1);

    List<String> read = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      read.add(textOf(unframe(cable.b().read(DEADLINE).orElseThrow())));
    }

    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      expected.add("m-" + i);
    }
    assertEquals(expected, read);
    await().atMost(DEADLINE).until(() -> handler.statistics().sent() == 20);
    HandlerStatistics stats = handler.statistics();
    assertEquals(0, stats.sendFailures());
    assertEquals(0, stats.expired());
    assertEquals(0, stats.dropped());
    assertEquals(Optional.empty(), cable.b().read());
  }

  @Test
  void aMessageHeldWhileThePeerPushesBackExpires() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("held-a", "held-b", 1);
    NetworkHandler handler =
        fx.handler(
            cable.a(),
            new Recorder(),
            HandlerSettings.DEFAULT.withQueue(
                new QueueSettings(10, Duration.ofMillis(300), OverflowPolicy.REJECT_NEWEST)));
    handler.send(new TextData("first"));
    handler.send(new TextData("held"));
    handler.send(new TextData("queued"));

    await().atMost(DEADLINE).until(() -> handler.statistics().expired() == 2);
    assertEquals(1, handler.statistics().sent());
    assertEquals(0, handler.statistics().sendFailures());

    assertEquals("first", textOf(unframe(cable.b().read(DEADLINE).orElseThrow())));
    handler.send(new TextData("later"));
    assertEquals("later", textOf(unframe(cable.b().read(DEADLINE).orElseThrow())));
    assertEquals(2, cable.b().statistics().messagesIn());
  }

  @Test
  void aSendTheProtocolRefusesIsReportedAndFailsItsRequest() throws Exception {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable("refuse-a", "refuse-b", 100);
    Recorder atB = new Recorder();
    fx.handler(cable.b(), atB, HandlerSettings.DEFAULT);
    RefusingProtocol refusing = new RefusingProtocol(cable.a());
    Recorder atA = new Recorder();
    NetworkHandler handler = fx.handler(refusing, atA, HandlerSettings.DEFAULT);
    ConnectionException pulled = new ConnectionException("refuse-a", "cable pulled");
    refusing.failure = pulled;

    CompletableFuture<Message> request = handler.request(new TextData("lost"), DEADLINE);

    assertSame(pulled, failure(request));
    assertEquals(0, handler.pendingRequests());
    await().atMost(DEADLINE).until(() -> !atA.errors.isEmpty());
    assertSame(pulled, atA.errors.get(0));
    assertEquals(1, handler.statistics().sendFailures());

    handler.send(new TextData("lost too"));
    await().atMost(DEADLINE).until(() -> handler.statistics().sendFailures() == 2);
    refusing.failure = null;
    handler.send(new TextData("through"));

    await().atMost(DEADLINE).until(() -> !atB.messages.isEmpty());
    assertEquals(List.of("through"), atB.texts());
    assertEquals(1, handler.statistics().sent());
    assertEquals(0, handler.statistics().requestTimeouts());
    await().atMost(DEADLINE).until(() -> atA.errors.size() == 2);
  }

  /** A real cable end whose {@code send} can be made to fail, as a broken socket's would. */
  private static final class RefusingProtocol implements ReqResProtocol {

    private final ReqResProtocol delegate;
    volatile ProtocolException failure;

    RefusingProtocol(ReqResProtocol delegate) {
      this.delegate = delegate;
    }

    @Override
    public int send(byte[] data) {
      ProtocolException f = failure;
      if (f != null) {
        throw f;
      }
      return delegate.send(data);
    }

    @Override
    public Optional<byte[]> read() {
      return delegate.read();
    }

    @Override
    public Optional<byte[]> read(Duration timeout) {
      return delegate.read(timeout);
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public String protocolType() {
      return delegate.protocolType();
    }

    @Override
    public void connect() {
      delegate.connect();
    }

    @Override
    public void disconnect() {
      delegate.disconnect();
    }

    @Override
    public ConnectionState state() {
      return delegate.state();
    }

    @Override
    public void addStateListener(ConnectionStateListener listener) {
      delegate.addStateListener(listener);
    }

    @Override
    public void removeStateListener(ConnectionStateListener listener) {
      delegate.removeStateListener(listener);
    }

    @Override
    public ConnectionStatistics statistics() {
      return delegate.statistics();
    }
  }
}
