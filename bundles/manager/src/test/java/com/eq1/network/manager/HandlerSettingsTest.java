package com.eq1.network.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.link.QueueSettings;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The handler's settings: documented defaults, checks and the {@code with…} copies. */
class HandlerSettingsTest {

  private static final HandlerSettings D = HandlerSettings.DEFAULT;

  @Test
  void defaultsAreTheDocumentedValues() {
    assertEquals("", D.source());
    assertEquals(QueueSettings.DEFAULT, D.queue());
    assertEquals(Duration.ofMillis(100), D.readTimeout());
    assertEquals(Duration.ZERO, D.heartbeatInterval());
    assertEquals(3, D.heartbeatMisses());
    assertEquals(16L * 1024 * 1024, D.maxTransferBytes());
    assertEquals(8, D.maxTransfers());
    assertEquals(Duration.ofSeconds(30), D.transferTimeout());
    assertEquals(10_000, D.callbackCapacity());
    assertEquals(Duration.ofSeconds(5), D.closeTimeout());
    assertFalse(D.heartbeatEnabled());
  }

  @Test
  void withMethodsChangeOnlyTheirOwnFields() {
    QueueSettings queue = new QueueSettings(7, Duration.ofSeconds(2), OverflowPolicy.DROP_OLDEST);

    assertEquals(
        new HandlerSettings(
            "vision",
            D.queue(),
            D.readTimeout(),
            D.heartbeatInterval(),
            D.heartbeatMisses(),
            D.maxTransferBytes(),
            D.maxTransfers(),
            D.transferTimeout(),
            D.callbackCapacity(),
            D.closeTimeout()),
        D.withSource("vision"));
    assertEquals(
        new HandlerSettings(
            "",
            queue,
            D.readTimeout(),
            D.heartbeatInterval(),
            D.heartbeatMisses(),
            D.maxTransferBytes(),
            D.maxTransfers(),
            D.transferTimeout(),
            D.callbackCapacity(),
            D.closeTimeout()),
        D.withQueue(queue));
    assertEquals(
        new HandlerSettings(
            "",
            D.queue(),
            D.readTimeout(),
            Duration.ofMillis(250),
            5,
            D.maxTransferBytes(),
            D.maxTransfers(),
            D.transferTimeout(),
            D.callbackCapacity(),
            D.closeTimeout()),
        D.withHeartbeat(Duration.ofMillis(250), 5));
    assertEquals(
        new HandlerSettings(
            "",
            D.queue(),
            D.readTimeout(),
            D.heartbeatInterval(),
            D.heartbeatMisses(),
            1234,
            2,
            Duration.ofSeconds(9),
            D.callbackCapacity(),
            D.closeTimeout()),
        D.withTransfers(1234, 2, Duration.ofSeconds(9)));
  }

  @Test
  void withMethodsChainWithoutLosingEarlierChanges() {
    HandlerSettings s =
        D.withSource("plc")
            .withHeartbeat(Duration.ofSeconds(1), 4)
            .withTransfers(10, 1, Duration.ofSeconds(3))
            .withQueue(new QueueSettings(1, Duration.ofSeconds(1), OverflowPolicy.DROP_OLDEST));

    assertEquals("plc", s.source());
    assertEquals(Duration.ofSeconds(1), s.heartbeatInterval());
    assertEquals(4, s.heartbeatMisses());
    assertEquals(10, s.maxTransferBytes());
    assertEquals(1, s.maxTransfers());
    assertEquals(Duration.ofSeconds(3), s.transferTimeout());
    assertEquals(1, s.queue().capacity());
  }

  @Test
  void heartbeatIsEnabledByAnyPositiveInterval() {
    assertTrue(D.withHeartbeat(Duration.ofNanos(1), 1).heartbeatEnabled());
    assertTrue(D.withHeartbeat(Duration.ofMillis(50), 3).heartbeatEnabled());
    assertFalse(D.withHeartbeat(Duration.ZERO, 3).heartbeatEnabled());
  }

  @Test
  void boundaryValuesAreAccepted() {
    HandlerSettings s =
        new HandlerSettings(
            "",
            QueueSettings.DEFAULT,
            Duration.ofNanos(1),
            Duration.ZERO,
            1,
            0,
            1,
            Duration.ofNanos(1),
            1,
            Duration.ofNanos(1));
    assertEquals(0, s.maxTransferBytes());
    assertEquals(1, s.callbackCapacity());
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        bad("readTimeout", () -> readTimeout(Duration.ZERO)),
        bad("readTimeout", () -> readTimeout(Duration.ofMillis(-1))),
        bad("transferTimeout", () -> D.withTransfers(1, 1, Duration.ZERO)),
        bad("transferTimeout", () -> D.withTransfers(1, 1, Duration.ofSeconds(-1))),
        bad("closeTimeout", () -> closeTimeout(Duration.ZERO)),
        bad("closeTimeout", () -> closeTimeout(Duration.ofSeconds(-5))),
        bad("heartbeatInterval", () -> D.withHeartbeat(Duration.ofMillis(-50), 3)),
        bad("heartbeatMisses", () -> D.withHeartbeat(Duration.ofMillis(50), 0)),
        bad("maxTransfers", () -> D.withTransfers(1, 0, Duration.ofSeconds(1))),
        bad("maxTransferBytes", () -> D.withTransfers(-1, 1, Duration.ofSeconds(1))),
        bad("callbackCapacity", () -> callbackCapacity(0)),
        bad("callbackCapacity", () -> callbackCapacity(-3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void outOfRangeValuesAreRefusedNamingTheField(String field, Supplier<HandlerSettings> build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
    assertTrue(e.getMessage().contains(field), e.getMessage());
  }

  @Test
  void missingValuesAreRefused() {
    assertThrows(NullPointerException.class, () -> D.withSource(null));
    assertThrows(NullPointerException.class, () -> D.withQueue(null));
    assertThrows(NullPointerException.class, () -> readTimeout(null));
    assertThrows(NullPointerException.class, () -> D.withHeartbeat(null, 3));
  }

  private static Arguments bad(String field, Supplier<HandlerSettings> build) {
    return Arguments.of(field, build);
  }

  private static HandlerSettings readTimeout(Duration value) {
    return new HandlerSettings(
        D.source(),
        D.queue(),
        value,
        D.heartbeatInterval(),
        D.heartbeatMisses(),
        D.maxTransferBytes(),
        D.maxTransfers(),
        D.transferTimeout(),
        D.callbackCapacity(),
        D.closeTimeout());
  }

  private static HandlerSettings closeTimeout(Duration value) {
    return new HandlerSettings(
        D.source(),
        D.queue(),
        D.readTimeout(),
        D.heartbeatInterval(),
        D.heartbeatMisses(),
        D.maxTransferBytes(),
        D.maxTransfers(),
        D.transferTimeout(),
        D.callbackCapacity(),
        value);
  }

  private static HandlerSettings callbackCapacity(int value) {
    return new HandlerSettings(
        D.source(),
        D.queue(),
        D.readTimeout(),
        D.heartbeatInterval(),
        D.heartbeatMisses(),
        D.maxTransferBytes(),
        D.maxTransfers(),
        D.transferTimeout(),
        value,
        D.closeTimeout());
  }
}
