package com.eq1.network.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ValueRecordsTest {

  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

  @Test
  void statisticsKeepTheirComponents() {
    Instant errorAt = T0.plusSeconds(5);

    ConnectionStatistics s =
        new ConnectionStatistics(
            ConnectionState.CONNECTED, T0, 1, 2, 3, 4, 5, 6, 7, 8, 9, "boom", errorAt);

    assertEquals(ConnectionState.CONNECTED, s.state());
    assertEquals(T0, s.stateSince());
    assertEquals(1, s.messagesIn());
    assertEquals(2, s.messagesOut());
    assertEquals(3, s.bytesIn());
    assertEquals(4, s.bytesOut());
    assertEquals(5, s.errors());
    assertEquals(6, s.reconnects());
    assertEquals(7, s.queued());
    assertEquals(8, s.expired());
    assertEquals(9, s.dropped());
    assertEquals("boom", s.lastError());
    assertEquals(errorAt, s.lastErrorAt());
  }

  @Test
  void statisticsAllowNoLastError() {
    ConnectionStatistics s =
        new ConnectionStatistics(
            ConnectionState.DISCONNECTED, T0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null);

    assertNull(s.lastError());
    assertNull(s.lastErrorAt());
  }

  @Test
  void statisticsRequireAState() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () -> new ConnectionStatistics(null, T0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null));

    assertEquals("state", e.getMessage());
  }

  @Test
  void statisticsRequireWhenTheStateWasEntered() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () ->
                new ConnectionStatistics(
                    ConnectionState.CONNECTED, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null));

    assertEquals("stateSince", e.getMessage());
  }

  @Test
  void connectionInfoKeepsItsComponents() {
    ConnectionInfo info =
        new ConnectionInfo(
            "plc1",
            ProtocolKind.REQ_RES,
            "tcp-client",
            Presence.SWAPPING,
            ConnectionState.RECONNECTING,
            Boolean.TRUE,
            2,
            3,
            4L);

    assertEquals("plc1", info.name());
    assertEquals(ProtocolKind.REQ_RES, info.kind());
    assertEquals("tcp-client", info.protocolType());
    assertEquals(Presence.SWAPPING, info.presence());
    assertEquals(ConnectionState.RECONNECTING, info.state());
    assertEquals(Boolean.TRUE, info.connectRequested());
    assertEquals(2, info.subscriptions());
    assertEquals(3, info.held());
    assertEquals(4L, info.expired());
  }

  @Test
  void connectionInfoAllowsNoProtocolTypeAndNoIntent() {
    ConnectionInfo info =
        new ConnectionInfo(
            "local",
            ProtocolKind.PUB_SUB,
            null,
            Presence.ABSENT,
            ConnectionState.DISCONNECTED,
            null,
            0,
            0,
            0);

    assertNull(info.protocolType());
    assertNull(info.connectRequested());
  }

  @Test
  void connectionInfoRequiresName() {
    assertRequired(
        "name",
        () ->
            new ConnectionInfo(
                null,
                ProtocolKind.PUB_SUB,
                null,
                Presence.ABSENT,
                ConnectionState.DISCONNECTED,
                null,
                0,
                0,
                0));
  }

  @Test
  void connectionInfoRequiresKind() {
    assertRequired(
        "kind",
        () ->
            new ConnectionInfo(
                "local", null, null, Presence.ABSENT, ConnectionState.DISCONNECTED, null, 0, 0, 0));
  }

  @Test
  void connectionInfoRequiresPresence() {
    assertRequired(
        "presence",
        () ->
            new ConnectionInfo(
                "local",
                ProtocolKind.PUB_SUB,
                null,
                null,
                ConnectionState.DISCONNECTED,
                null,
                0,
                0,
                0));
  }

  @Test
  void connectionInfoRequiresState() {
    assertRequired(
        "state",
        () ->
            new ConnectionInfo(
                "local", ProtocolKind.PUB_SUB, null, Presence.ABSENT, null, null, 0, 0, 0));
  }

  private static void assertRequired(String component, Runnable construction) {
    NullPointerException e = assertThrows(NullPointerException.class, construction::run);
    assertEquals(component, e.getMessage());
  }
}
