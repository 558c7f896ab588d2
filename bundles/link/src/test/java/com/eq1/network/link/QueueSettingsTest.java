package com.eq1.network.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueueSettingsTest {

  @Test
  void defaultIsTenThousandMessagesOfThirtySecondsRejectingTheNewest() {
    assertEquals(10_000, QueueSettings.DEFAULT.capacity());
    assertEquals(Duration.ofSeconds(30), QueueSettings.DEFAULT.timeToLive());
    assertEquals(OverflowPolicy.REJECT_NEWEST, QueueSettings.DEFAULT.overflowPolicy());
  }

  @ParameterizedTest
  @EnumSource(OverflowPolicy.class)
  void acceptsTheSmallestValidValues(OverflowPolicy policy) {
    QueueSettings settings = new QueueSettings(1, Duration.ofNanos(1), policy);

    assertEquals(1, settings.capacity());
    assertEquals(Duration.ofNanos(1), settings.timeToLive());
    assertEquals(policy, settings.overflowPolicy());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void rejectsCapacityBelowOne(int capacity) {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> new QueueSettings(capacity, Duration.ofSeconds(1), OverflowPolicy.DROP_OLDEST));

    assertEquals(
        "queue capacity (queueCapacity) must be at least 1, not " + capacity, e.getMessage());
  }

  @Test
  void rejectsZeroTimeToLive() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> new QueueSettings(1, Duration.ZERO, OverflowPolicy.REJECT_NEWEST));

    assertTrue(e.getMessage().contains("(queueTtlSeconds) must be positive"), e.getMessage());
    assertTrue(e.getMessage().contains("PT0S"), e.getMessage());
  }

  @Test
  void rejectsNegativeTimeToLive() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> new QueueSettings(1, Duration.ofMillis(-1), OverflowPolicy.REJECT_NEWEST));

    assertTrue(e.getMessage().contains("(queueTtlSeconds) must be positive"), e.getMessage());
  }

  @Test
  void rejectsMissingTimeToLive() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () -> new QueueSettings(1, null, OverflowPolicy.REJECT_NEWEST));

    assertEquals("queue time to live (queueTtlSeconds) must be positive, not null", e.getMessage());
  }

  @Test
  void rejectsMissingOverflowPolicy() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class, () -> new QueueSettings(1, Duration.ofSeconds(1), null));

    assertEquals("queue overflow policy (queueOverflow) is missing", e.getMessage());
  }

  @Test
  void isAValue() {
    assertEquals(
        new QueueSettings(5, Duration.ofSeconds(2), OverflowPolicy.DROP_OLDEST),
        new QueueSettings(5, Duration.ofMillis(2000), OverflowPolicy.DROP_OLDEST));
  }
}
