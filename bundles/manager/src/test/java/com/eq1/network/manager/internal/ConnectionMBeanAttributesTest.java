package com.eq1.network.manager.internal;

import static com.eq1.network.manager.internal.JmxTestBed.DEADLINE;
import static com.eq1.network.manager.internal.JmxTestBed.attribute;
import static com.eq1.network.manager.internal.JmxTestBed.name;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.Presence;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.QueueFullException;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.manager.ConnectionMXBean;
import com.eq1.network.manager.ConnectionSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a connection's MBean shows, read through the platform MBean server. */
class ConnectionMBeanAttributesTest {

  private final JmxTestBed bed = new JmxTestBed(Duration.ofMinutes(1));

  @AfterEach
  void tearDown() throws Exception {
    bed.close();
  }

  /** The protocol counters as attribute name to statistics accessor. */
  private static Map<String, Function<ConnectionStatistics, Object>> counters() {
    Map<String, Function<ConnectionStatistics, Object>> counters = new LinkedHashMap<>();
    counters.put("MessagesIn", ConnectionStatistics::messagesIn);
    counters.put("MessagesOut", ConnectionStatistics::messagesOut);
    counters.put("BytesIn", ConnectionStatistics::bytesIn);
    counters.put("BytesOut", ConnectionStatistics::bytesOut);
    counters.put("Errors", ConnectionStatistics::errors);
    counters.put("Reconnects", ConnectionStatistics::reconnects);
    counters.put("Queued", ConnectionStatistics::queued);
    counters.put("Expired", ConnectionStatistics::expired);
    counters.put("Dropped", ConnectionStatistics::dropped);
    counters.put("LastError", ConnectionStatistics::lastError);
    counters.put("LastErrorAt", s -> s.lastErrorAt() == null ? null : s.lastErrorAt().toString());
    counters.put("StateSince", s -> s.stateSince().toString());
    return counters;
  }

  private static void assertCountersEqual(String name, ConnectionStatistics expected)
      throws JMException {
    for (Map.Entry<String, Function<ConnectionStatistics, Object>> counter :
        counters().entrySet()) {
      assertEquals(
          counter.getValue().apply(expected), attribute(name, counter.getKey()), counter.getKey());
    }
  }

  @Test
  void countersAreTheProtocolsStatisticsAndFollowTraffic() throws Exception {
    String name = name("counters");
    LoopbackReqResProtocol protocol = bed.tinyEcho(name);
    bed.reqRes.register(name, protocol);
    bed.exporter(bed.manager, Duration.ZERO);
    assertEquals(0L, attribute(name, "MessagesOut"));
    assertTrue(bed.reqRes.connect(name));

    bed.reqRes.send(name, new byte[] {1, 2, 3, 4, 5});
    await().atMost(DEADLINE).until(() -> attribute(name, "MessagesOut").equals(1L));
    assertCountersEqual(name, protocol.statistics());
    assertEquals(5L, attribute(name, "BytesOut"));
    assertEquals(1L, attribute(name, "MessagesIn"));
    assertEquals(5L, attribute(name, "BytesIn"));
    assertNull(attribute(name, "LastError"));

    // the echo's receive buffer holds one message: the next send fails and counts an error
    assertThrows(QueueFullException.class, () -> bed.reqRes.send(name, new byte[3]));
    assertEquals(1L, attribute(name, "Errors"));
    assertTrue(((String) attribute(name, "LastError")).contains("full"));
    Instant.parse((String) attribute(name, "LastErrorAt"));
    assertCountersEqual(name, protocol.statistics());

    // disconnected behind the manager's back: the protocol queues one and refuses the next
    protocol.disconnect();
    bed.reqRes.send(name, new byte[2]);
    assertThrows(QueueFullException.class, () -> bed.reqRes.send(name, new byte[2]));
    assertEquals("DISCONNECTED", attribute(name, "State"));
    assertEquals(1, attribute(name, "Queued"));
    assertEquals(1L, attribute(name, "Dropped"));
    assertCountersEqual(name, protocol.statistics());

    // closing discards what is queued, counted as expired
    protocol.close();
    assertEquals(1L, attribute(name, "Expired"));
    assertEquals("CLOSED", attribute(name, "State"));
    assertCountersEqual(name, protocol.statistics());
  }

  @Test
  void describesTheConnectionAsTheManagersDo() throws Exception {
    String name = name("described");
    bed.reqRes.register(name, bed.echo(name));
    bed.exporter(bed.manager, Duration.ZERO);
    bed.reqRes.connect(name);

    assertEquals(name, attribute(name, "Name"));
    assertEquals("loopback-reqres", attribute(name, "Protocol"));
    assertEquals("REQ_RES", attribute(name, "Kind"));
    assertEquals("PRESENT", attribute(name, "Presence"));
    assertEquals("CONNECTED", attribute(name, "State"));
    assertEquals(Boolean.TRUE, attribute(name, "ConnectRequested"));
    assertEquals(0, attribute(name, "Held"));
    assertEquals(0L, attribute(name, "HeldExpired"));
    assertEquals(0, attribute(name, "Subscriptions"));

    bed.reqRes.disconnect(name);
    assertEquals(Boolean.FALSE, attribute(name, "ConnectRequested"));
    assertEquals("DISCONNECTED", attribute(name, "State"));
  }

  @Test
  void whileNoProtocolServesTheNameStateComesFromTheManagersAndCountersAreZero() throws Exception {
    String name = name("desired");
    bed.pubSub.subscribe(name, "a/b", (topic, payload) -> {});
    bed.pubSub.subscribe(name, "c/#", (topic, payload) -> {});
    bed.exporter(bed.manager, Duration.ZERO);

    assertEquals("PUB_SUB", attribute(name, "Kind"));
    assertEquals("ABSENT", attribute(name, "Presence"));
    assertEquals("DISCONNECTED", attribute(name, "State"));
    assertEquals(2, attribute(name, "Subscriptions"));
    assertNull(attribute(name, "Protocol"));
    assertNull(attribute(name, "ConnectRequested"));
    assertNull(attribute(name, "StateSince"));
    assertNull(attribute(name, "LastError"));
    assertNull(attribute(name, "LastErrorAt"));
    for (String counter : counters().keySet()) {
      if (!counter.startsWith("Last") && !counter.equals("StateSince")) {
        assertEquals(0L, ((Number) attribute(name, counter)).longValue(), counter);
      }
    }
  }

  @Test
  void heldMessagesAreTheManagersDuringASwap() throws Exception {
    String name = name("held");
    bed.pubSub.register(name, bed.bus(name));
    bed.pubSub.connect(name);
    bed.exporter(bed.manager, Duration.ZERO);

    bed.pubSub.unregister(name);
    bed.pubSub.publish(name, "t", "one");
    bed.pubSub.publish(name, "t", "two");

    assertEquals("SWAPPING", attribute(name, "Presence"));
    assertEquals(2, attribute(name, "Held"));
    assertEquals("loopback-pubsub", attribute(name, "Protocol"));
    assertEquals(0L, attribute(name, "MessagesOut"));
  }

  @Test
  void everyAttributeIsReadOnlyAndOfAnOpenTypeAGenericClientReads() throws Exception {
    String name = name("types");
    bed.reqRes.register(name, bed.echo(name));
    bed.exporter(bed.manager, Duration.ZERO);

    MBeanAttributeInfo[] attributes =
        JmxTestBed.SERVER.getMBeanInfo(ConnectionMBeanExporter.objectName(name)).getAttributes();
    assertEquals(21, attributes.length);
    String[] names = new String[attributes.length];
    for (int i = 0; i < attributes.length; i++) {
      assertTrue(attributes[i].isReadable(), attributes[i].getName());
      assertFalse(attributes[i].isWritable(), attributes[i].getName());
      names[i] = attributes[i].getName();
    }
    AttributeList all =
        JmxTestBed.SERVER.getAttributes(ConnectionMBeanExporter.objectName(name), names);
    assertEquals(21, all.size());
    for (Attribute read : all.asList()) {
      Object value = read.getValue();
      assertTrue(
          value == null
              || SimpleType.STRING.isValue(value)
              || value instanceof Number
              || value instanceof Boolean,
          read.getName() + " = " + value);
    }
    assertEquals(SimpleType.STRING.getClassName(), typeOf(attributes, "State"));
  }

  private static String typeOf(MBeanAttributeInfo[] attributes, String name) {
    for (MBeanAttributeInfo attribute : attributes) {
      if (attribute.getName().equals(name)) {
        return attribute.getType();
      }
    }
    throw new AssertionError("no attribute " + name);
  }

  @Test
  void aNameTheManagersDoNotKnowReadsAsAbsentWithTheKindItWasRegisteredWith() {
    ConnectionMXBean view = new ConnectionView(bed.manager, name("unknown"), ProtocolKind.PUB_SUB);

    assertEquals(ProtocolKind.PUB_SUB, view.getKind());
    assertEquals(Presence.ABSENT, view.getPresence());
    assertEquals(ConnectionState.DISCONNECTED, view.getState());
    assertNull(view.getProtocol());
    assertEquals(0L, view.getMessagesIn());
    assertEquals(0, view.getHeld());
    assertTrue(ConnectionSnapshot.of(bed.manager, view.getName()).isEmpty());
  }
}
