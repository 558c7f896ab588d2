package com.eq1.network.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolPropertiesTest {

  @Test
  void namesTheServiceProperties() {
    assertEquals("eq1.name", ProtocolProperties.NAME);
    assertEquals("eq1.protocol", ProtocolProperties.PROTOCOL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "plc1", "a", "7", "A.b_c-d", "9-lives", "mqtt.broker_2"})
  void acceptsValidNames(String name) {
    assertSame(name, ProtocolProperties.validateName(name));
  }

  @Test
  void acceptsSixtyFourCharacters() {
    String name = "n".repeat(64);

    assertSame(name, ProtocolProperties.validateName(name));
  }

  @Test
  void rejectsSixtyFiveCharacters() {
    String name = "n".repeat(65);

    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> ProtocolProperties.validateName(name));

    assertTrue(e.getMessage().contains("'" + name + "' is not valid"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"-a", ".a", "_a", "a b", "a/b", "a:b", "a*", "(cn=x)", "w\u00e4rme", " local"})
  void rejectsInvalidNames(String name) {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> ProtocolProperties.validateName(name));

    assertTrue(e.getMessage().contains("'" + name + "' is not valid"), e.getMessage());
    assertTrue(e.getMessage().contains(ProtocolProperties.NAME), e.getMessage());
    assertTrue(e.connectionName().isEmpty());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t", "   "})
  void rejectsMissingNames(String name) {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> ProtocolProperties.validateName(name));

    assertEquals("the connection name (eq1.name) is missing", e.getMessage());
  }
}
