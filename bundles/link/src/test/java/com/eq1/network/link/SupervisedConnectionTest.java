package com.eq1.network.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ProtocolException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle every point-to-point transport shares, driven through a link whose attempts succeed
 * or fail as each test scripts them.
 */
class SupervisedConnectionTest {

  private static final ReconnectSettings FAST =
      new ReconnectSettings(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(10));

  private final Scripted link = new Scripted();

  @AfterEach
  void close() {
    link.close();
  }

  @Test
  void connectOpensOnceAndAgainIsNothing() {
    link.connect();
    link.connect();
    assertEquals(ConnectionState.CONNECTED, link.state());
    assertEquals(1, link.opens.get());
    assertEquals("scripted", link.name());
    assertEquals(0, link.statistics().queued());
  }

  @Test
  void aFailedConnectThrowsAndTheBackoffOpensItLater() {
    link.failures.add(new ConnectionException("scripted", "peer away"));
    ConnectionException e = assertThrows(ConnectionException.class, link::connect);
    assertEquals("[scripted] peer away", e.getMessage());
    await().atMost(Duration.ofSeconds(5)).until(() -> link.state() == ConnectionState.CONNECTED);
    assertEquals(2, link.opens.get());
    assertEquals(1, link.statistics().reconnects());
    assertEquals(1, link.statistics().errors());
  }

  @Test
  void aConfigurationErrorIsNotRetried() {
    link.failures.add(new ConfigurationException("scripted", "line settings refused"));
    assertThrows(ConfigurationException.class, link::connect);
    assertEquals(ConnectionState.DISCONNECTED, link.state());
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> link.opens.get() == 1);
    link.connect(); // the next explicit connect tries again
    assertEquals(ConnectionState.CONNECTED, link.state());
  }

  @Test
  void aConfigurationErrorDuringTheBackoffEndsIt() {
    link.failures.add(new ConnectionException("scripted", "peer away"));
    link.failures.add(new ConfigurationException("scripted", "certificate gone"));
    assertThrows(ConnectionException.class, link::connect);
    await().atMost(Duration.ofSeconds(5)).until(() -> link.state() == ConnectionState.DISCONNECTED);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> link.opens.get() == 2);
  }

  @Test
  void openingInTheBackgroundRetriesOrGivesUpOnConfiguration() {
    link.failures.add(new ConnectionException("scripted", "peer away"));
    link.background();
    await().atMost(Duration.ofSeconds(5)).until(() -> link.state() == ConnectionState.CONNECTED);

    Scripted refused = new Scripted();
    try {
      refused.failures.add(new ConfigurationException("scripted", "bad"));
      refused.background();
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> refused.state() == ConnectionState.DISCONNECTED);
      assertEquals(1, refused.opens.get());
    } finally {
      refused.close();
    }
  }

  @Test
  void aLostLinkIsReopenedButNotAfterDisconnect() {
    List<ConnectionState> states = new CopyOnWriteArrayList<>();
    link.addStateListener((name, from, to) -> states.add(to));
    link.connect();
    link.drop();
    await().atMost(Duration.ofSeconds(5)).until(() -> link.opens.get() == 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> link.state() == ConnectionState.CONNECTED);
    assertTrue(states.contains(ConnectionState.RECONNECTING));

    link.disconnect();
    assertEquals(ConnectionState.DISCONNECTED, link.state());
    assertEquals(1, link.shuts.get());
    link.drop(); // a late loss report after disconnect changes nothing
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> link.state() == ConnectionState.DISCONNECTED && link.opens.get() == 2);
  }

  @Test
  void aLinkThatComesUpWhenNoLongerWantedIsRefused() {
    link.connect();
    link.disconnect();
    assertFalse(link.commit());
    assertEquals(ConnectionState.DISCONNECTED, link.state());
  }

  @Test
  void closeIsFinalAndReleasesOnce() {
    link.connect();
    link.close();
    link.close();
    assertEquals(ConnectionState.CLOSED, link.state());
    assertEquals(1, link.releases.get());
    assertThrows(ConnectionException.class, link::connect);
    AtomicBoolean ran = new AtomicBoolean();
    link.run(() -> ran.set(true)); // dropped: the thread has ended
    assertFalse(ran.get());
  }

  @Test
  void listenersCanBeRemoved() {
    List<ConnectionState> states = new CopyOnWriteArrayList<>();
    com.eq1.network.api.ConnectionStateListener listener = (name, from, to) -> states.add(to);
    link.addStateListener(listener);
    link.removeStateListener(listener);
    link.connect();
    assertTrue(states.isEmpty());
    assertSame(link.queue, link.queue());
  }

  /** A link whose attempts fail with the scripted exceptions, in order, then succeed. */
  private static final class Scripted extends SupervisedConnection {
    final ConcurrentLinkedQueue<ProtocolException> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger shuts = new AtomicInteger();
    final AtomicInteger releases = new AtomicInteger();
    final OutboundQueue<byte[]> queue = new OutboundQueue<>("scripted", QueueSettings.DEFAULT);

    Scripted() {
      super("scripted", "test-link-", FAST);
    }

    @Override
    public String protocolType() {
      return "scripted";
    }

    void background() {
      openInBackground();
    }

    void drop() {
      lost();
    }

    boolean commit() {
      return up(() -> {});
    }

    void run(Runnable task) {
      execute(task);
    }

    @Override
    protected void open() {
      opens.incrementAndGet();
      ProtocolException failure = failures.poll();
      if (failure != null) {
        throw failure;
      }
      up(() -> {});
    }

    @Override
    protected void shut() {
      shuts.incrementAndGet();
    }

    @Override
    protected OutboundQueue<?> queue() {
      return queue;
    }

    @Override
    protected void released() {
      releases.incrementAndGet();
    }
  }
}
