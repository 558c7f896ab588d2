package com.eq1.network.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.PubSubManager;
import com.eq1.network.api.PubSubProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The MQTT feature installed at runtime, a connection configured through Config Admin, and a real
 * Mosquitto with its command-line clients on the other end.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MqttIT extends Eq1TestSupport {

  @Inject private PubSubManager pubSubManager;
  @Inject private ConfigurationAdmin configurationAdmin;
  @Inject private FeaturesService featuresService;

  @Test
  public void messagesFlowBothWaysBetweenPubSubManagerAndMosquittoClients() throws Exception {
    try (Mosquitto mosquitto = new Mosquitto()) {
      featuresService.installFeature("eq1-mqtt", EnumSet.noneOf(FeaturesService.Option.class));
      // subscribed before the connection exists: desired state, applied when it appears
      BlockingQueue<String> oneLevel = new LinkedBlockingQueue<>();
      BlockingQueue<String> anyLevels = new LinkedBlockingQueue<>();
      pubSubManager.subscribe("it-mqtt", "plant/+/temp", (t, p) -> oneLevel.add(t + "=" + text(p)));
      pubSubManager.subscribe("it-mqtt", "plant/#", (t, p) -> anyLevels.add(t + "=" + text(p)));

      Configuration config =
          configurationAdmin.getFactoryConfiguration("com.eq1.network.mqtt", "it-mqtt", "?");
      config.update(
          new Hashtable<>(
              Map.of(
                  "eq1.name", "it-mqtt",
                  "broker", mosquitto.uri(),
                  "username", "it",
                  "password", "s3cret-never-shown")));
      try {
        awaitConnection(pubSubManager, "it-mqtt", i -> i.state() == ConnectionState.CONNECTED);
        assertEquals("mqtt", pubSubManager.connection("it-mqtt").orElseThrow().protocolType());
        ServiceReference<PubSubProtocol> service =
            bundleContext
                .getServiceReferences(PubSubProtocol.class, "(eq1.name=it-mqtt)")
                .iterator()
                .next();
        for (String key : service.getPropertyKeys()) {
          assertFalse(
              "service property " + key + " shows the password",
              String.valueOf(service.getProperty(key)).contains("s3cret"));
        }

        // the manager applies the desired subscriptions as the protocol appears: probe until live
        Set<String> live = new HashSet<>();
        Awaitility.await()
            .atMost(DEADLINE)
            .until(
                () -> {
                  mosquitto.publish("plant/probe/temp", "probe", 1);
                  for (String m = oneLevel.poll(500, TimeUnit.MILLISECONDS);
                      m != null;
                      m = oneLevel.poll()) {
                    live.add("+ " + m);
                  }
                  for (String m = anyLevels.poll(); m != null; m = anyLevels.poll()) {
                    live.add("# " + m);
                  }
                  return live.containsAll(
                      List.of("+ plant/probe/temp=probe", "# plant/probe/temp=probe"));
                });
        // one publisher after the other, each acknowledged, to one subscribing client: in order
        mosquitto.publish("plant/oven1/temp", "21.5", 1);
        mosquitto.publish("plant/oven1/zone2/temp", "22.0", 1); // two levels: not for '+'
        mosquitto.publish("plant/oven1/state", "on", 1);
        mosquitto.publish("plant", "root", 1); // '#' matches the parent level too
        mosquitto.publish("other/oven1/temp", "9.9", 1); // for neither
        mosquitto.publish("plant/end/temp", "end", 1); // last: whatever was due has arrived
        assertEquals(
            List.of("plant/oven1/temp=21.5", "plant/end/temp=end"),
            untilEnd(oneLevel, "plant/end/temp=end"));
        assertEquals(
            List.of(
                "plant/oven1/temp=21.5",
                "plant/oven1/zone2/temp=22.0",
                "plant/oven1/state=on",
                "plant=root",
                "plant/end/temp=end"),
            untilEnd(anyLevels, "plant/end/temp=end"));

        // retained, so mosquitto_sub gets it whether it subscribes before or after it arrives
        pubSubManager.publish(
            "it-mqtt", "eq1/out/result", "42".getBytes(StandardCharsets.UTF_8), 1, true);
        Process sub = mosquitto.subscribe("eq1/out/#", 1);
        assertTrue(sub.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        List<String> lines =
            new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertEquals(List.of("eq1/out/result 42"), lines);
      } finally {
        config.delete();
      }
    }
  }

  @Test
  public void anMqtt5ConnectionRunsOnThePahoClientEmbeddedInTheBundle() throws Exception {
    try (Mosquitto mosquitto = new Mosquitto()) {
      featuresService.installFeature("eq1-mqtt", EnumSet.noneOf(FeaturesService.Option.class));
      for (org.osgi.framework.Bundle bundle : bundleContext.getBundles()) {
        assertFalse(
            "Paho's own mqttv5 bundle is not needed: " + bundle.getSymbolicName(),
            String.valueOf(bundle.getSymbolicName()).contains("mqttv5"));
      }
      BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
      pubSubManager.subscribe("it-mqtt5", "v5/#", (t, p) -> inbox.add(t + "=" + text(p)));
      Configuration config =
          configurationAdmin.getFactoryConfiguration("com.eq1.network.mqtt", "it-mqtt5", "?");
      config.update(
          new Hashtable<>(
              Map.of(
                  "eq1.name",
                  "it-mqtt5",
                  "broker",
                  mosquitto.uri(),
                  "protocolVersion",
                  "5",
                  "sessionExpirySeconds",
                  600L)));
      try {
        awaitConnection(pubSubManager, "it-mqtt5", i -> i.state() == ConnectionState.CONNECTED);
        Awaitility.await()
            .atMost(DEADLINE)
            .until(
                () -> {
                  mosquitto.publish("v5/probe", "probe", 1);
                  String m = inbox.poll(500, TimeUnit.MILLISECONDS);
                  return "v5/probe=probe".equals(m);
                });
        pubSubManager.publish(
            "it-mqtt5", "v5/out", "five".getBytes(StandardCharsets.UTF_8), 1, true);
        Process sub = mosquitto.subscribe("v5/out", 1);
        assertTrue(sub.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(
            List.of("v5/out five"),
            new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList());
      } finally {
        config.delete();
      }
    }
  }

  /**
   * The messages up to and including {@code end}, without late readiness probes (those come first).
   */
  private static List<String> untilEnd(BlockingQueue<String> inbox, String end)
      throws InterruptedException {
    List<String> messages = new ArrayList<>();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!messages.contains(end)) {
      String message = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (message == null) {
        break; // the assertion shows what came
      }
      if (!message.contains("/probe/")) {
        messages.add(message);
      }
    }
    return messages;
  }

  private static String text(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
