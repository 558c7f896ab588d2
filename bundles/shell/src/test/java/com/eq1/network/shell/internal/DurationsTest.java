package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The --timeout values of the commands. */
class DurationsTest {

  @Test
  void unitsAreMillisecondsSecondsMinutesAndHours() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms", "--timeout"));
    assertEquals(Duration.ofSeconds(5), Durations.parse("5s", "--timeout"));
    assertEquals(Duration.ofMinutes(2), Durations.parse("2m", "--timeout"));
    assertEquals(Duration.ofHours(1), Durations.parse("1h", "--timeout"));
    assertEquals(Duration.ofMillis(250), Durations.parse(" 250 ms ", "--timeout"));
  }

  @Test
  void aBareNumberIsSeconds() {
    assertEquals(Duration.ofSeconds(7), Durations.parse("7", "--timeout"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0ms", "0s", "", "abc", "-5", "5d", "1.5s", "ms", "1234567890"})
  void zeroAndGarbageAreRefused(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text, "--wait"));
    assertEquals(
        "--wait '" + text + "' is not a duration: use for example 500ms, 5s, 2m or 5 (seconds)",
        e.getMessage());
  }

  @Test
  void absurdlyLongDurationsAreRefusedWithAMessageNotAnOverflow() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Durations.parse("3000000h", "--timeout"));
    assertTrue(e.getMessage().contains("longer than 366 days"));
    assertEquals(Duration.ofDays(366), Durations.parse("8784h", "--timeout"));
  }
}
