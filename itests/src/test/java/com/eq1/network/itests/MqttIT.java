package com.eq1.network.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.PubSubManager;
import com.eq1.network.api.PubSubProtocol;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
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
      BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
      pubSubManager.subscribe("it-mqtt", "plant/+/temp", (t, p) -> inbox.add(t + "=" + text(p)));
      pubSubManager.subscribe("it-mqtt", "alarm/#", (t, p) -> inbox.add(t + "=" + text(p)));

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
        java.util.Set<String> live = new java.util.HashSet<>();
        org.awaitility.Awaitility.await()
            .atMost(DEADLINE)
            .until(
                () -> {
                  mosquitto.publish("plant/probe/temp", "probe", 1);
                  mosquitto.publish("alarm/probe", "probe", 1);
                  for (String m = inbox.poll(500, TimeUnit.MILLISECONDS);
                      m != null;
                      m = inbox.poll()) {
                    live.add(m);
                  }
                  return live.containsAll(List.of("plant/probe/temp=probe", "alarm/probe=probe"));
                });
        mosquitto.publish("plant/oven1/temp", "21.5", 1);
        mosquitto.publish("plant/oven1/state", "on", 1);
        mosquitto.publish("alarm/line2/door", "open", 1);
        assertEquals("plant/oven1/temp=21.5", next(inbox));
        assertEquals("alarm/line2/door=open", next(inbox));

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

  /** The next message that is not a late readiness probe (those come first, in order). */
  private static String next(BlockingQueue<String> inbox) throws InterruptedException {
    String message = inbox.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    while (message != null && message.contains("/probe")) {
      message = inbox.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    }
    return message;
  }

  private static String text(byte[] payload) {
    return new String(payload, StandardCharsets.UTF_8);
  }
}
