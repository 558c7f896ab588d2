package com.eq1.network.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.eq1.network.api.ReqResManager;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.api.data.ReceivedData;
import com.eq1.network.manager.HandlerSettings;
import com.eq1.network.manager.NetworkHandler;
import com.eq1.network.manager.NetworkHandlerListener;
import com.eq1.network.packet.BinaryData;
import com.eq1.network.packet.DataPackage;
import com.eq1.network.packet.FormattedData;
import com.eq1.network.packet.IntData;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.MessageType;
import com.eq1.network.packet.TextData;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The packet layer and {@link NetworkHandler} inside the distribution: the packet bundle resolves
 * and exports its API, and a handler over a loopback request/response connection created through
 * Config Admin moves typed messages intact and in order.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NetworkHandlerIT extends Eq1TestSupport {

  private static final String REQRES_FACTORY_PID = "com.eq1.network.loopback.reqres";

  @Inject private ReqResManager reqResManager;
  @Inject private ConfigurationAdmin configurationAdmin;

  @Test
  public void thePacketBundleIsActiveAndExportsItsApi() {
    Bundle packet = bundle("com.eq1.network.packet");
    assertEquals(Bundle.ACTIVE, packet.getState());
    boolean exported =
        packet.adapt(BundleWiring.class).getCapabilities("osgi.wiring.package").stream()
            .anyMatch(
                c ->
                    "com.eq1.network.packet".equals(c.getAttributes().get("osgi.wiring.package"))
                        && new Version(1, 0, 0).equals(c.getAttributes().get("version")));
    assertTrue("com.eq1.network.packet 1.0.0 is exported", exported);
  }

  @Test
  public void aHandlerOverALoopbackConnectionMovesTypedMessagesInOrder() throws Exception {
    Configuration config =
        configurationAdmin.getFactoryConfiguration(REQRES_FACTORY_PID, "it-echo", "?");
    config.update(new Hashtable<>(Map.of("eq1.name", "it-echo", "autoConnect", true)));
    List<Message> messages = new CopyOnWriteArrayList<>();
    List<ReceivedData> data = new CopyOnWriteArrayList<>();
    try {
      ReqResProtocol echo =
          Awaitility.await()
              .atMost(DEADLINE)
              .until(() -> reqResManager.protocol("it-echo"), p -> p.isPresent())
              .orElseThrow();
      NetworkHandlerListener collector =
          new NetworkHandlerListener() {
            @Override
            public void onMessage(Message message, ReceivedData received) {
              messages.add(message);
              data.add(received);
            }
          };
      NetworkHandler handler =
          new NetworkHandler(
              echo, DataPackage.TEXT_PACKAGE, collector, HandlerSettings.DEFAULT.withSource("it"));
      try {
        for (int i = 0; i < 1_000; i++) {
          handler.send(Message.builder(MessageType.STATUS).data(value(i)).correlationId(i).build());
        }
        Awaitility.await().atMost(DEADLINE).until(() -> messages.size() == 1_000);
        for (int i = 0; i < 1_000; i++) {
          assertEquals(i, messages.get(i).correlationId());
          assertEquals(value(i), data.get(i));
        }
        assertEquals(1_000, handler.statistics().sent());
      } finally {
        handler.close();
      }
      List<String> left =
          Thread.getAllStackTraces().keySet().stream()
              .filter(Thread::isAlive) // a joined thread may still be listed while it unwinds
              .map(t -> t.getName() + " " + t.getState())
              .filter(t -> t.startsWith("eq1-handler-it-echo"))
              .toList();
      assertTrue("no handler thread after close(): " + left, left.isEmpty());
    } finally {
      config.delete();
    }
  }

  private static FormattedData value(int i) {
    return switch (i % 3) {
      case 0 -> new TextData("Temperatur " + i + " °C");
      case 1 -> new BinaryData(new byte[] {(byte) i, (byte) (i >> 8), 0, -1});
      default -> new IntData(-i);
    };
  }
}
