package com.eq1.network.manager;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.loopback.LoopbackBroker;
import com.eq1.network.loopback.LoopbackPubSubProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Many threads registering, unregistering, subscribing and publishing at once. */
class ManagerConcurrencyTest {

  private static final int THREADS = 8;

  /** One bus per name, so that a publish on one name never reaches another name's listeners. */
  private final Map<String, LoopbackBroker> brokers = new ConcurrentHashMap<>();

  private final Set<LoopbackPubSubProtocol> protocols = ConcurrentHashMap.newKeySet();
  private final DefaultPubSubManager manager =
      new DefaultPubSubManager(
          new ManagerSettings(Duration.ofSeconds(30), 100_000, OverflowPolicy.REJECT_NEWEST));
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void tearDown() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    manager.close();
    protocols.forEach(LoopbackPubSubProtocol::close);
  }

  private LoopbackPubSubProtocol connected(String name) {
    LoopbackBroker broker = brokers.computeIfAbsent(name, n -> new LoopbackBroker());
    LoopbackPubSubProtocol protocol = new LoopbackPubSubProtocol(name, broker);
    protocol.connect();
    protocols.add(protocol);
    return protocol;
  }

  @Test
  void concurrentRegisterUnregisterAndSubscribeConvergeToTheDesiredState() throws Exception {
    String[] names = {"n0", "n1", "n2"};
    int rounds = 200;
    List<Inbox> inboxes = new ArrayList<>();
    List<Future<?>> work = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      Inbox inbox = new Inbox();
      inboxes.add(inbox);
      work.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < rounds; i++) {
                  String name = names[(thread + i) % names.length];
                  if (thread % 2 == 0) {
                    try {
                      manager.register(name, connected(name));
                    } catch (ConfigurationException taken) {
                      // another thread's protocol holds the name: the expected conflict
                    }
                    manager.unregister(name);
                  } else {
                    manager.subscribe(name, "t/" + thread, inbox);
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> future : work) {
      future.get(60, TimeUnit.SECONDS);
    }

    for (String name : names) {
      manager.unregister(name);
      manager.register(name, connected(name));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> manager.connections().stream().allMatch(i -> i.held() == 0));
    for (String name : names) {
      ConnectionInfo info = manager.connection(name).orElseThrow();
      assertEquals(THREADS / 2, info.subscriptions(), name);
      for (int thread = 1; thread < THREADS; thread += 2) {
        manager.publish(name, "t/" + thread, name);
      }
    }

    for (int thread = 1; thread < THREADS; thread += 2) {
      Inbox inbox = inboxes.get(thread);
      List<String> got = inbox.take(names.length, 10);
      assertEquals(
          Set.of("t/" + thread + "=n0", "t/" + thread + "=n1", "t/" + thread + "=n2"),
          Set.copyOf(got));
      inbox.expectNothing(50);
    }
  }

  @Test
  void everyMessagePublishedAcrossRepeatedSwapsArrivesOnceAndInOrder() throws Exception {
    int total = 20_000;
    Inbox inbox = new Inbox();
    manager.subscribe("bus", "seq", inbox);
    LoopbackPubSubProtocol current = connected("bus");
    manager.register("bus", current);
    CountDownLatch published = new CountDownLatch(1);
    Future<?> publisher =
        pool.submit(
            () -> {
              for (int i = 0; i < total; i++) {
                manager.publish("bus", "seq", Integer.toString(i));
              }
              published.countDown();
              return null;
            });

    int swaps = 0;
    while (!published.await(0, TimeUnit.MILLISECONDS) && swaps < 50) {
      manager.unregister("bus");
      current.close();
      current = connected("bus");
      manager.register("bus", current);
      swaps++;
    }
    publisher.get(60, TimeUnit.SECONDS);

    List<String> expected = IntStream.range(0, total).mapToObj(i -> "seq=" + i).toList();
    assertEquals(expected, inbox.take(total, 30));
    inbox.expectNothing(50);
    assertTrue(swaps > 0, "the publisher finished before any swap");
  }
}
