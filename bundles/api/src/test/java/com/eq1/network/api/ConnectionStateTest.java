package com.eq1.network.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ConnectionStateTest {

  /** Every pair of states, with the answer the state diagram gives. */
  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource({
    "DISCONNECTED, DISCONNECTED, false",
    "DISCONNECTED, CONNECTING,   true",
    "DISCONNECTED, CONNECTED,    false",
    "DISCONNECTED, RECONNECTING, false",
    "DISCONNECTED, CLOSED,       true",
    "CONNECTING,   DISCONNECTED, true",
    "CONNECTING,   CONNECTING,   false",
    "CONNECTING,   CONNECTED,    true",
    "CONNECTING,   RECONNECTING, true",
    "CONNECTING,   CLOSED,       true",
    "CONNECTED,    DISCONNECTED, true",
    "CONNECTED,    CONNECTING,   false",
    "CONNECTED,    CONNECTED,    false",
    "CONNECTED,    RECONNECTING, true",
    "CONNECTED,    CLOSED,       true",
    "RECONNECTING, DISCONNECTED, true",
    "RECONNECTING, CONNECTING,   false",
    "RECONNECTING, CONNECTED,    true",
    "RECONNECTING, RECONNECTING, false",
    "RECONNECTING, CLOSED,       true",
    "CLOSED,       DISCONNECTED, false",
    "CLOSED,       CONNECTING,   false",
    "CLOSED,       CONNECTED,    false",
    "CLOSED,       RECONNECTING, false",
    "CLOSED,       CLOSED,       false",
  })
  void allowsExactlyTheTransitionsOfTheDiagram(
      ConnectionState from, ConnectionState to, boolean allowed) {
    assertEquals(allowed, from.canMoveTo(to));
  }

  @Test
  void theTableAboveCoversEveryPair() {
    // 25 rows = 5 x 5: a state added later must get its transitions decided in the table
    assertEquals(5, ConnectionState.values().length);
  }

  @ParameterizedTest
  @EnumSource(ConnectionState.class)
  void closedIsTerminal(ConnectionState next) {
    assertFalse(ConnectionState.CLOSED.canMoveTo(next));
  }

  @ParameterizedTest
  @EnumSource(ConnectionState.class)
  void stayingInTheSameStateIsNoTransition(ConnectionState state) {
    assertFalse(state.canMoveTo(state));
  }
}
