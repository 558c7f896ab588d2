package com.eq1.network.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"a", "a/b", "a//b", "/a", "a/", "/", "//", "$SYS/broker", "w\u00e4rme/\u00b0C"})
  void acceptsTopicNamesIncludingEmptyLevels(String topic) {
    assertSame(topic, Topics.validateName(topic));
  }

  @ParameterizedTest
  @ValueSource(strings = {"+", "#", "a/+", "a/#", "a/+/b", "a+b", "a#b", "sport/tennis#"})
  void rejectsWildcardsInTopicNames(String topic) {
    InvalidTopicException e =
        assertThrows(InvalidTopicException.class, () -> Topics.validateName(topic));

    assertEquals(topic, e.topic());
    assertTrue(e.reason().contains("wildcards"), e.reason());
    assertTrue(e.connectionName().isEmpty());
  }

  @Test
  void rejectsEmptyTopicName() {
    InvalidTopicException e =
        assertThrows(InvalidTopicException.class, () -> Topics.validateName(""));

    assertEquals("", e.topic());
    assertEquals("a topic name must not be empty", e.reason());
  }

  @Test
  void rejectsNullTopicName() {
    InvalidTopicException e =
        assertThrows(InvalidTopicException.class, () -> Topics.validateName(null));

    assertEquals("null", e.topic());
    assertEquals("a topic name must not be empty", e.reason());
  }

  @Test
  void rejectsNullCharacterInTopicName() {
    InvalidTopicException e =
        assertThrows(InvalidTopicException.class, () -> Topics.validateName("a\u0000b"));

    assertEquals("a topic name must not contain U+0000", e.reason());
  }

  @Test
  void rejectsTopicNameLongerThanTheMaximum() {
    String topic = "b".repeat(Topics.MAX_LENGTH + 1);

    InvalidTopicException e =
        assertThrows(InvalidTopicException.class, () -> Topics.validateName(topic));

    assertEquals("a topic name must not be longer than 65535 UTF-8 bytes", e.reason());
    assertEquals(67, e.topic().length(), "the exception carries a shortened topic");
  }

  @Test
  void measuresTopicNamesInUtf8Bytes() {
    String tooLong = "\u00fc".repeat(Topics.MAX_LENGTH / 2 + 1); // 65,536 bytes, 32,768 chars
    String longest = "x".repeat(Topics.MAX_LENGTH);

    assertThrows(InvalidTopicException.class, () -> Topics.validateName(tooLong));
    assertSame(longest, Topics.validateName(longest));
  }

  @Test
  void maximumLengthIsTheMqttLimit() {
    assertEquals(65_535, Topics.MAX_LENGTH);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2})
  void acceptsQualitiesOfService(int qos) {
    assertEquals(qos, Topics.validateQos(qos));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 3, Integer.MIN_VALUE, Integer.MAX_VALUE})
  void rejectsOtherQualitiesOfService(int qos) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Topics.validateQos(qos));

    assertTrue(e.getMessage().contains(String.valueOf(qos)), e.getMessage());
  }
}
