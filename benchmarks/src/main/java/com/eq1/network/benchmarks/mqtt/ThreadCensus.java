package com.eq1.network.benchmarks.mqtt;

import com.eq1.network.manager.DefaultPubSubManager;
import com.eq1.network.mqtt.MqttProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

/**
 * Threads per connection: live threads ({@link Thread#getAllStackTraces()}) before and after each
 * of three connections is connected with one subscription known to be active (a probe published to
 * itself came back). EQ-1's first connection brings the manager, whose pool starts its second
 * thread with the second connection; the third shows what each further connection costs.
 */
final class ThreadCensus {

  private static final String TOPIC = "bench/threads";

  /**
   * What one implementation's connections cost in threads.
   *
   * @param first threads added by the first connection (EQ-1: with the manager)
   * @param further threads added by the last connection, when the shared threads all run
   * @param firstNames the names of the threads the first connection added
   * @param furtherNames the names of the threads the last connection added
   */
  record Result(int first, int further, List<String> firstNames, List<String> furtherNames) {}

  /** Connections opened per implementation: the last one shows the steady cost. */
  private static final int CONNECTIONS = 3;

  private ThreadCensus() {}

  /**
   * Counts raw Paho clients' threads.
   *
   * @param broker the broker URI
   * @param clientId the client id prefix
   * @param maxInflight the in-flight window
   * @return the counts
   * @throws Exception if a connection failed
   */
  static Result paho(String broker, String clientId, int maxInflight) throws Exception {
    Set<String> before = names();
    List<MqttAsyncClient> clients = new ArrayList<>();
    try {
      List<Set<String>> after = new ArrayList<>();
      for (int i = 1; i <= CONNECTIONS; i++) {
        clients.add(pahoClient(broker, clientId + "-" + i, maxInflight));
        after.add(names());
      }
      return result(before, after);
    } finally {
      clients.forEach(PahoPair::close);
      awaitAtMost(before.size());
    }
  }

  private static MqttAsyncClient pahoClient(String broker, String clientId, int maxInflight)
      throws Exception {
    Receiver receiver = new Receiver();
    MqttAsyncClient client = PahoPair.connect(broker, clientId, maxInflight, receiver);
    String topic = TOPIC + "/" + clientId;
    client.subscribe(topic, 1).waitForCompletion(10_000);
    receiver.awaitProbe(payload -> client.publish(topic, payload, 1, false), 10_000);
    return client;
  }

  /**
   * Counts EQ-1 connections' threads, the manager included in the first.
   *
   * @param broker the broker URI
   * @param clientId the client id prefix
   * @param maxInflight the in-flight window
   * @return the counts
   * @throws Exception if a connection failed
   */
  static Result eq1(String broker, String clientId, int maxInflight) throws Exception {
    Set<String> before = names();
    List<MqttProtocol> protocols = new ArrayList<>();
    DefaultPubSubManager manager = new DefaultPubSubManager();
    try {
      List<Set<String>> after = new ArrayList<>();
      for (int i = 1; i <= CONNECTIONS; i++) {
        protocols.add(eq1Connection(manager, broker, clientId, "c" + i, maxInflight));
        after.add(names());
      }
      return result(before, after);
    } finally {
      manager.close();
      protocols.forEach(MqttProtocol::close);
      awaitAtMost(before.size());
    }
  }

  private static MqttProtocol eq1Connection(
      DefaultPubSubManager manager, String broker, String clientId, String name, int maxInflight)
      throws Exception {
    MqttProtocol protocol =
        new MqttProtocol(Eq1Pair.settings(name, broker, clientId + "-" + name, maxInflight));
    Eq1Pair.register(manager, name, protocol);
    Receiver receiver = new Receiver();
    String topic = TOPIC + "/" + clientId + "-" + name;
    manager.subscribe(name, topic, 1, receiver);
    receiver.awaitProbe(payload -> manager.publish(name, topic, payload, 1, false), 10_000);
    return protocol;
  }

  private static Result result(Set<String> before, List<Set<String>> after) {
    Set<String> first = after.get(0);
    Set<String> secondLast = after.get(after.size() - 2);
    Set<String> last = after.get(after.size() - 1);
    return new Result(
        first.size() - before.size(),
        last.size() - secondLast.size(),
        added(before, first),
        added(secondLast, last));
  }

  private static List<String> added(Set<String> before, Set<String> after) {
    return after.stream()
        .filter(name -> !before.contains(name))
        .map(name -> name.replaceAll(" #\\d+$", ""))
        .collect(Collectors.toList());
  }

  /** Live threads, each named with its id so that equal names count apart. */
  private static Set<String> names() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(thread -> thread.getName() + " #" + thread.getId())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Waits up to 5 s for closed connections' threads to end, so the next census starts clean. */
  private static void awaitAtMost(int threads) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (names().size() > threads && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }
}
