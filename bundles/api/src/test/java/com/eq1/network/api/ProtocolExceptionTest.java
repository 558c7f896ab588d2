package com.eq1.network.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProtocolExceptionTest {

  @FunctionalInterface
  interface WithCause {
    ProtocolException create(String connectionName, String message, Throwable cause);
  }

  static Stream<Arguments> withMessage() {
    return Stream.of(
        Arguments.of(
            "ProtocolException",
            (BiFunction<String, String, ProtocolException>) ProtocolException::new),
        Arguments.of(
            "ConnectionException",
            (BiFunction<String, String, ProtocolException>) ConnectionException::new),
        Arguments.of(
            "AuthenticationException",
            (BiFunction<String, String, ProtocolException>) AuthenticationException::new),
        Arguments.of(
            "ConfigurationException",
            (BiFunction<String, String, ProtocolException>) ConfigurationException::new),
        Arguments.of(
            "PacketException",
            (BiFunction<String, String, ProtocolException>) PacketException::new),
        Arguments.of(
            "ProtocolTimeoutException",
            (BiFunction<String, String, ProtocolException>) ProtocolTimeoutException::new),
        Arguments.of(
            "ProtocolNotFoundException",
            (BiFunction<String, String, ProtocolException>) ProtocolNotFoundException::new));
  }

  static Stream<Arguments> withCause() {
    return Stream.of(
        Arguments.of("ProtocolException", (WithCause) ProtocolException::new),
        Arguments.of("ConnectionException", (WithCause) ConnectionException::new),
        Arguments.of("AuthenticationException", (WithCause) AuthenticationException::new),
        Arguments.of("ConfigurationException", (WithCause) ConfigurationException::new),
        Arguments.of("PacketException", (WithCause) PacketException::new),
        Arguments.of("ProtocolTimeoutException", (WithCause) ProtocolTimeoutException::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withMessage")
  void prefixesTheMessageWithTheConnectionName(
      String type, BiFunction<String, String, ProtocolException> factory) {
    ProtocolException e = factory.apply("plc1", "link lost");

    assertEquals(type, e.getClass().getSimpleName());
    assertEquals("[plc1] link lost", e.getMessage());
    assertEquals(Optional.of("plc1"), e.connectionName());
    assertNull(e.getCause());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withMessage")
  void keepsTheMessageAsIsWithoutConnectionName(
      String type, BiFunction<String, String, ProtocolException> factory) {
    ProtocolException e = factory.apply(null, "link lost");

    assertEquals("link lost", e.getMessage());
    assertEquals(Optional.empty(), e.connectionName());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withCause")
  void keepsTheCause(String type, WithCause factory) {
    IOException cause = new IOException("connection reset");

    ProtocolException e = factory.create("plc1", "write failed", cause);

    assertEquals(type, e.getClass().getSimpleName());
    assertSame(cause, e.getCause());
    assertEquals("[plc1] write failed", e.getMessage());
    assertEquals(Optional.of("plc1"), e.connectionName());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("withCause")
  void acceptsNoCauseAndNoConnection(String type, WithCause factory) {
    ProtocolException e = factory.create(null, "write failed", null);

    assertNull(e.getCause());
    assertEquals("write failed", e.getMessage());
    assertTrue(e.connectionName().isEmpty());
  }

  @Test
  void formsAHierarchyUnderOneUncheckedRoot() {
    assertInstanceOf(RuntimeException.class, new ProtocolException("a", "m"));
    assertInstanceOf(ConnectionException.class, new AuthenticationException("a", "m"));
    assertInstanceOf(PacketException.class, new OversizedPacketException("a", 2, 1));
    assertInstanceOf(ProtocolException.class, new ConfigurationException("a", "m"));
    assertInstanceOf(ProtocolException.class, new ProtocolTimeoutException("a", "m"));
    assertInstanceOf(ProtocolException.class, new ProtocolNotFoundException("a", "m"));
    assertInstanceOf(ProtocolException.class, new QueueFullException("a", 1));
    assertInstanceOf(ProtocolException.class, new InvalidTopicException("t", "r"));
  }

  @Test
  void oversizedPacketCarriesSizeAndLimit() {
    OversizedPacketException e = new OversizedPacketException("plc1", 70_000L, 65_536L);

    assertEquals(70_000L, e.size());
    assertEquals(65_536L, e.limit());
    assertEquals("[plc1] packet of 70000 bytes exceeds the limit of 65536 bytes", e.getMessage());
    assertEquals(Optional.of("plc1"), e.connectionName());
  }

  @Test
  void oversizedPacketWithoutConnection() {
    OversizedPacketException e = new OversizedPacketException(null, 5_000_000_000L, 1024L);

    assertEquals(5_000_000_000L, e.size());
    assertEquals("packet of 5000000000 bytes exceeds the limit of 1024 bytes", e.getMessage());
    assertTrue(e.connectionName().isEmpty());
  }

  @Test
  void queueFullCarriesTheCapacity() {
    QueueFullException e = new QueueFullException("plc1", 10_000);

    assertEquals(10_000, e.capacity());
    assertEquals("[plc1] outbound queue full (10000 messages); message rejected", e.getMessage());
    assertEquals(Optional.of("plc1"), e.connectionName());
  }

  @Test
  void queueFullWithoutConnection() {
    QueueFullException e = new QueueFullException(null, 3);

    assertEquals(3, e.capacity());
    assertEquals("outbound queue full (3 messages); message rejected", e.getMessage());
    assertTrue(e.connectionName().isEmpty());
  }

  @Test
  void queueFullNamesTheQueue() {
    QueueFullException e = new QueueFullException("echo", "receive buffer", 5);

    assertEquals(5, e.capacity());
    assertEquals("[echo] receive buffer full (5 messages); message rejected", e.getMessage());
  }
}
