package com.eq1.network.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectSettingsTest {

  private static final ReconnectSettings S =
      new ReconnectSettings(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(10));

  @Test
  void ceilingsDoubleFromTheInitialDelayUpToTheMaximum() {
    assertEquals(Duration.ofMillis(100).toNanos(), S.ceilingNanos(0));
    assertEquals(Duration.ofMillis(200).toNanos(), S.ceilingNanos(1));
    assertEquals(Duration.ofMillis(3200).toNanos(), S.ceilingNanos(5));
    assertEquals(Duration.ofSeconds(5).toNanos(), S.ceilingNanos(6));
    assertEquals(Duration.ofSeconds(5).toNanos(), S.ceilingNanos(1_000));
    assertEquals(Duration.ofMillis(100).toNanos(), S.ceilingNanos(-3), "negative counts as 0");
  }

  @Test
  void hugeDelaysDoNotOverflow() {
    ReconnectSettings s =
        new ReconnectSettings(Duration.ofDays(1), Duration.ofDays(3650), Duration.ZERO);
    for (int attempt = 0; attempt < 200; attempt++) {
      long ceiling = s.ceilingNanos(attempt);
      assertTrue(ceiling > 0 && ceiling <= Duration.ofDays(3650).toNanos(), "attempt " + attempt);
    }
    assertEquals(Duration.ofDays(3650).toNanos(), s.ceilingNanos(63));
  }

  @Test
  void defaultsAreOneSecondToAMinuteStableAfterThirtySeconds() {
    assertEquals(Duration.ofSeconds(1), ReconnectSettings.DEFAULT.initialDelay());
    assertEquals(Duration.ofSeconds(60), ReconnectSettings.DEFAULT.maxDelay());
    assertEquals(Duration.ofSeconds(30), ReconnectSettings.DEFAULT.stableTime());
  }

  @Test
  void badValuesNameTheirConfigurationKey() {
    assertKey("reconnectInitialMillis", null, Duration.ofSeconds(1), Duration.ZERO);
    assertKey("reconnectInitialMillis", Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO);
    assertKey(
        "reconnectInitialMillis", Duration.ofMillis(-1), Duration.ofSeconds(1), Duration.ZERO);
    assertKey("reconnectMaxMillis", Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO);
    assertKey("reconnectMaxMillis", Duration.ofSeconds(2), null, Duration.ZERO);
    assertKey("reconnectStableMillis", Duration.ofSeconds(1), Duration.ofSeconds(1), null);
    assertKey(
        "reconnectStableMillis",
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        Duration.ofMillis(-1));
  }

  private static void assertKey(String key, Duration initial, Duration max, Duration stable) {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class, () -> new ReconnectSettings(initial, max, stable));
    assertTrue(e.getMessage().contains(key), e.getMessage());
  }
}
