package com.eq1.network.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.Presence;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.ProtocolNotFoundException;
import com.eq1.network.api.PubSubManager;
import com.eq1.network.api.PubSubProtocol;
import com.eq1.network.api.ReqResManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The runtime a user starts: protocols installed, configured, updated and removed while the manager
 * services and their consumers keep working. All tests share one Karaf; each leaves it as it found
 * it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT extends Eq1TestSupport {

  private static final String LOOPBACK_BSN = "com.eq1.network.loopback";
  private static final String PUBSUB_FACTORY_PID = "com.eq1.network.loopback.pubsub";

  @Inject private ProtocolManager protocolManager;
  @Inject private ReqResManager reqResManager;
  @Inject private PubSubManager pubSubManager;
  @Inject private ConfigurationAdmin configurationAdmin;
  @Inject private FeaturesService featuresService;
  @Inject private ServiceComponentRuntime scr;

  @Test
  public void everyEq1BundleIsActiveAndTheManagersAndTheLocalBusAreUp() {
    List<Bundle> eq1 = eq1Bundles();
    assertEquals(
        List.of(
            "com.eq1.network.api",
            "com.eq1.network.link",
            "com.eq1.network.loopback",
            "com.eq1.network.manager",
            "com.eq1.network.packet",
            "com.eq1.network.shell"),
        eq1.stream().map(Bundle::getSymbolicName).sorted().toList());
    for (Bundle bundle : eq1) {
      assertEquals(bundle.getSymbolicName(), Bundle.ACTIVE, bundle.getState());
    }
    assertTrue(serviceId(ProtocolManager.class) > 0);
    assertTrue(serviceId(ReqResManager.class) > 0);
    assertTrue(serviceId(PubSubManager.class) > 0);

    ConnectionInfo local =
        awaitConnection(pubSubManager, "local", i -> i.state() == ConnectionState.CONNECTED);
    assertEquals("loopback-pubsub", local.protocolType());
    assertEquals(local, protocolManager.connection("local").orElseThrow());
  }

  @Test
  public void aSubscriptionMadeBeforeItsConnectionExistsReceivesOnceTheConfigurationArrives()
      throws Exception {
    BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    pubSubManager.subscribe("it-late", "plant/#", (topic, payload) -> inbox.add(text(payload)));
    assertEquals(Presence.ABSENT, pubSubManager.connection("it-late").orElseThrow().presence());

    Configuration config =
        configurationAdmin.getFactoryConfiguration(PUBSUB_FACTORY_PID, "it-late", "?");
    config.update(new Hashtable<>(Map.of("eq1.name", "it-late")));
    try {
      awaitConnection(pubSubManager, "it-late", i -> i.presence() == Presence.PRESENT);
      pubSubManager.publish("it-late", "plant/line1/state", "running");

      assertEquals("running", inbox.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
    } finally {
      config.delete();
    }
    awaitConnection(pubSubManager, "it-late", i -> i.presence() != Presence.PRESENT);
  }

  @Test
  public void updatingTheLoopbackBundleMidStreamLosesNoMessage() throws Exception {
    int total = 5_000;
    List<Long> managerIds = managerServiceIds();
    PubSubProtocol before = pubSubManager.protocol("local").orElseThrow();
    BlockingQueue<Integer> received = new LinkedBlockingQueue<>();
    pubSubManager.subscribe(
        "local", "it/swap", (topic, payload) -> received.add(Integer.valueOf(text(payload))));
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicInteger next = new AtomicInteger();
    CountDownLatch allPublished = new CountDownLatch(1);
    ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
    publisher.scheduleAtFixedRate(
        () -> {
          int n = next.getAndIncrement();
          if (n >= total) {
            allPublished.countDown();
            return;
          }
          try {
            pubSubManager.publish("local", "it/swap", Integer.toString(n));
          } catch (RuntimeException e) {
            failures.add(e);
          }
        },
        0,
        1,
        TimeUnit.MILLISECONDS);
    try {
      Awaitility.await().atMost(DEADLINE).until(() -> received.size() >= 500);
      updateAndRefresh(bundle(LOOPBACK_BSN));
      int publishedWhenSwapDone = next.get();
      assertTrue(allPublished.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));

      List<Integer> got = new ArrayList<>();
      Awaitility.await()
          .atMost(DEADLINE)
          .until(
              () -> {
                received.drainTo(got);
                return got.size() >= total;
              });
      assertEquals(List.of(), failures);
      assertEquals(IntStream.range(0, total).boxed().toList(), got);
      assertTrue(
          "the swap finished after the publisher: nothing was published during it",
          publishedWhenSwapDone < total);
      assertNotSame(before, pubSubManager.protocol("local").orElseThrow());
      assertEquals(0, pubSubManager.connection("local").orElseThrow().expired());
      assertEquals(managerIds, managerServiceIds());
    } finally {
      publisher.shutdownNow();
    }
  }

  @Test
  public void uninstallingTheFeatureLeavesTheNameAbsentAfterTheGracePeriod() throws Exception {
    List<Long> managerIds = managerServiceIds();
    List<String> stopped = new CopyOnWriteArrayList<>();
    SynchronousBundleListener watcher =
        event -> {
          if (event.getType() == BundleEvent.STOPPING) {
            stopped.add(event.getBundle().getSymbolicName());
          }
        };
    bundleContext.addBundleListener(watcher);
    try {
      featuresService.uninstallFeature("eq1-loopback");
      assertFalse(featuresService.isInstalled(featuresService.getFeature("eq1-loopback")));

      ConnectionInfo gone =
          awaitConnection(pubSubManager, "local", i -> i.presence() == Presence.ABSENT);
      assertEquals("loopback-pubsub", gone.protocolType());
      try {
        pubSubManager.publish("local", "it/gone", "nobody");
        fail("publishing to an absent connection must fail");
      } catch (ProtocolNotFoundException expected) {
        assertEquals("local", expected.connectionName().orElseThrow());
      }
      assertEquals(managerIds, managerServiceIds());
      assertEquals(
          List.of(LOOPBACK_BSN),
          stopped.stream()
              .filter(name -> name != null && name.startsWith("com.eq1.network"))
              .distinct()
              .toList());
    } finally {
      bundleContext.removeBundleListener(watcher);
      featuresService.installFeature("eq1-loopback");
    }
    awaitConnection(pubSubManager, "local", i -> i.state() == ConnectionState.CONNECTED);
  }

  @Test
  public void aConfigurationWithoutANameIsRejectedAndTheRuntimeKeepsRunning() throws Exception {
    Configuration nameless =
        configurationAdmin.getFactoryConfiguration(PUBSUB_FACTORY_PID, "it-nameless", "?");
    nameless.update(new Hashtable<>(Map.of("autoConnect", Boolean.TRUE)));
    try {
      ComponentConfigurationDTO failed =
          Awaitility.await()
              .atMost(DEADLINE)
              .until(this::failedLoopbackActivation, dto -> dto != null && dto.failure != null);
      assertTrue(failed.failure, failed.failure.contains("eq1.name"));
      assertTrue(failed.failure, failed.failure.contains("missing"));
    } finally {
      nameless.delete();
    }

    BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    pubSubManager.subscribe("local", "it/alive", (topic, payload) -> inbox.add(text(payload)));
    pubSubManager.publish("local", "it/alive", "still here");
    assertEquals("still here", inbox.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS));
  }

  private ComponentConfigurationDTO failedLoopbackActivation() {
    ComponentDescriptionDTO description =
        scr.getComponentDescriptionDTO(
            bundle(LOOPBACK_BSN), "com.eq1.network.loopback.LoopbackPubSubProtocol");
    return description == null
        ? null
        : scr.getComponentConfigurationDTOs(description).stream()
            .filter(dto -> dto.state == ComponentConfigurationDTO.FAILED_ACTIVATION)
            .findFirst()
            .orElse(null);
  }

  private List<Bundle> eq1Bundles() {
    return Arrays.stream(bundleContext.getBundles())
        .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("com.eq1."))
        .collect(Collectors.toList());
  }

  private long serviceId(Class<?> service) {
    return (Long) bundleContext.getServiceReference(service).getProperty("service.id");
  }

  private List<Long> managerServiceIds() {
    return List.of(
        serviceId(ProtocolManager.class),
        serviceId(ReqResManager.class),
        serviceId(PubSubManager.class));
  }

  private static String text(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
