package com.eq1.network.benchmarks;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.loopback.LoopbackBroker;
import com.eq1.network.loopback.LoopbackPubSubProtocol;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.manager.DefaultPubSubManager;
import com.eq1.network.manager.DefaultReqResManager;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What going through a manager costs, against calling the loopback protocol directly, with 100-byte
 * payloads: the publish path with nobody subscribed, publish-to-delivery at QoS 1 with one
 * subscriber (the publisher is paced by the subscriber's bounded delivery queue), and a
 * request/response send followed by a read.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ManagerOverheadBenchmark {

  private static final String TOPIC = "bench/line1/temperature";

  private final byte[] payload = new byte[100];
  private final LongAdder delivered = new LongAdder();
  private LoopbackBroker broker;
  private LoopbackPubSubProtocol publisher;
  private LoopbackPubSubProtocol subscriber;
  private LoopbackReqResProtocol echo;
  private DefaultPubSubManager pubSub;
  private DefaultReqResManager reqRes;

  @Setup(Level.Trial)
  public void setUp() throws InterruptedException {
    broker = new LoopbackBroker();
    publisher = new LoopbackPubSubProtocol("publisher", broker);
    publisher.connect();
    subscriber = new LoopbackPubSubProtocol("subscriber", broker);
    subscriber.connect();
    echo = new LoopbackReqResProtocol("echo");
    echo.connect();
    pubSub = new DefaultPubSubManager();
    pubSub.register("publisher", publisher);
    reqRes = new DefaultReqResManager();
    reqRes.register("echo", echo);
    awaitReconciled();
  }

  private void awaitReconciled() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        pubSub.publish("publisher", "bench/warmup", payload, 0, false);
        reqRes.send("echo", payload);
        reqRes.read("echo");
        if (pubSub.connection("publisher").map(ConnectionInfo::held).orElse(1) == 0) {
          return;
        }
      } catch (RuntimeException notYet) {
        // registration is asynchronous; try again
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    throw new IllegalStateException("managers did not reconcile within 10 s");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pubSub.close();
    reqRes.close();
    publisher.close();
    subscriber.close();
    echo.close();
  }

  /** Publish with nobody subscribed: topic check, copy, fan-out to no one. */
  @Benchmark
  public void publishNoSubscriberDirect() {
    publisher.publish(TOPIC, payload, 0, false);
  }

  /** The same through {@link DefaultPubSubManager#publish}. */
  @Benchmark
  public void publishNoSubscriberManager() {
    pubSub.publish("publisher", TOPIC, payload, 0, false);
  }

  /** Request/response: send one message and read it back. */
  @Benchmark
  public byte[] sendAndReadDirect() {
    echo.send(payload);
    return echo.read().orElseThrow();
  }

  /** The same through {@link DefaultReqResManager}. */
  @Benchmark
  public byte[] sendAndReadManager() {
    reqRes.send("echo", payload);
    return reqRes.read("echo").orElseThrow();
  }

  /** Delivery-paced throughput to one subscriber at QoS 1. */
  @State(Scope.Benchmark)
  public static class Subscribed {
    @Setup(Level.Trial)
    public void subscribe(ManagerOverheadBenchmark bench) {
      bench.subscriber.subscribe(TOPIC, 1, (topic, payload) -> bench.delivered.increment());
    }
  }

  /** QoS 1 publish to one subscriber, directly. */
  @Benchmark
  public void deliverQos1Direct(Subscribed subscribed) {
    publisher.publish(TOPIC, payload, 1, false);
  }

  /** QoS 1 publish to one subscriber, through the manager. */
  @Benchmark
  public void deliverQos1Manager(Subscribed subscribed) {
    pubSub.publish("publisher", TOPIC, payload, 1, false);
  }
}
