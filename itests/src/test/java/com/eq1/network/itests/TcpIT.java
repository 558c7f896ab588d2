package com.eq1.network.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ReqResManager;
import com.eq1.network.api.ReqResProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The TCP feature installed at runtime: a server and a client configured through Config Admin
 * exchange messages through {@link ReqResManager} while the TCP bundle is updated under them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TcpIT extends Eq1TestSupport {

  private static final String TCP_BSN = "com.eq1.network.tcp";
  private static final int TOTAL = 10_000;
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(2);

  @Inject private ReqResManager reqResManager;
  @Inject private ConfigurationAdmin configurationAdmin;
  @Inject private FeaturesService featuresService;

  @Test
  public void tenThousandRequestsSurviveABundleUpdateAndDeletingTheConfigRemovesTheService()
      throws Exception {
    featuresService.installFeature("eq1-tcp", EnumSet.noneOf(FeaturesService.Option.class));
    int port = freePort();
    Configuration server =
        configurationAdmin.getFactoryConfiguration("com.eq1.network.tcp.server", "it-srv", "?");
    server.update(
        new Hashtable<>(
            Map.of(
                "eq1.name",
                "it-tcp-srv",
                "port",
                port,
                "reconnectInitialMillis",
                50L,
                "reconnectMaxMillis",
                500L)));
    Configuration client =
        configurationAdmin.getFactoryConfiguration("com.eq1.network.tcp.client", "it-cli", "?");
    client.update(
        new Hashtable<>(
            Map.of(
                "eq1.name",
                "it-tcp-cli",
                "host",
                "127.0.0.1",
                "port",
                port,
                "reconnectInitialMillis",
                50L,
                "reconnectMaxMillis",
                500L)));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    AtomicBoolean running = new AtomicBoolean(true);
    try {
      awaitState("it-tcp-srv", ConnectionState.CONNECTED);
      awaitState("it-tcp-cli", ConnectionState.CONNECTED);
      ServiceReference<ReqResProtocol> serverService =
          awaitService(ReqResProtocol.class, "it-tcp-srv");
      assertEquals(port, serverService.getProperty("eq1.tcp.port"));
      assertEquals("127.0.0.1", serverService.getProperty("eq1.tcp.bind"));

      // the equipment side: answers every request with the same bytes, through the manager
      threads.submit(
          () -> {
            while (running.get()) {
              try {
                reqResManager
                    .read("it-tcp-srv", Duration.ofMillis(100))
                    .ifPresent(request -> reqResManager.send("it-tcp-srv", request));
              } catch (ProtocolException e) {
                // the answer's client went away with the old bundle; the requester asks again
              }
            }
            return null;
          });

      // the consumer: plain request/response with a timeout, asking again when none comes
      CountDownLatch halfway = new CountDownLatch(1);
      Future<Integer> consumer =
          threads.submit(
              () -> {
                int retries = 0;
                for (int i = 0; i < TOTAL; i++) {
                  if (i == TOTAL / 2) {
                    halfway.countDown();
                  }
                  while (!exchange(i)) {
                    retries++;
                  }
                }
                return retries;
              });
      assertTrue(halfway.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
      Bundle tcp = bundle(TCP_BSN);
      long before = serviceId(awaitService(ReqResProtocol.class, "it-tcp-cli"));
      updateAndRefresh(tcp);
      int retries = consumer.get(DEADLINE.toSeconds() * 4, TimeUnit.SECONDS);
      assertNotEquals(
          "the client service was replaced",
          before,
          serviceId(awaitService(ReqResProtocol.class, "it-tcp-cli")));
      assertTrue("retries " + retries, retries <= 5);
      // the old bundle's event loops ended: only the new transport's I/O threads are left
      int ioThreads = Math.max(2, Math.min(16, Runtime.getRuntime().availableProcessors()));
      Awaitility.await()
          .atMost(DEADLINE)
          .until(
              () ->
                  Thread.getAllStackTraces().keySet().stream()
                      .filter(t -> t.getName().startsWith("eq1-tcp-io"))
                      .count(),
              count -> count <= ioThreads);
      ConnectionInfo info = reqResManager.connection("it-tcp-cli").orElseThrow();
      assertEquals(ConnectionState.CONNECTED, info.state());
      assertEquals("tcp-client", info.protocolType());

      client.delete();
      Awaitility.await()
          .atMost(DEADLINE)
          .until(
              () ->
                  bundleContext
                      .getServiceReferences(ReqResProtocol.class, "(eq1.name=it-tcp-cli)")
                      .isEmpty());
      assertFalse(
          bundleContext
              .getServiceReferences(ReqResProtocol.class, "(eq1.name=it-tcp-srv)")
              .isEmpty());
    } finally {
      running.set(false);
      threads.shutdownNow();
      threads.awaitTermination(10, TimeUnit.SECONDS);
      server.delete();
      if (configurationAdmin.listConfigurations("(eq1.name=it-tcp-cli)") != null) {
        client.delete();
      }
    }
  }

  /** Sends request {@code i} and waits for its echo; stale echoes of earlier tries are skipped. */
  private boolean exchange(int i) {
    byte[] request = ByteBuffer.allocate(100).putInt(i).array();
    reqResManager.send("it-tcp-cli", request);
    long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<byte[]> reply =
          reqResManager.read("it-tcp-cli", Duration.ofNanos(deadline - System.nanoTime()));
      if (reply.isPresent() && Arrays.equals(request, reply.get())) {
        return true;
      }
    }
    return false;
  }

  private void awaitState(String name, ConnectionState state) {
    Awaitility.await()
        .atMost(DEADLINE)
        .until(
            () -> reqResManager.connection(name),
            info -> info.isPresent() && info.get().state() == state);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
