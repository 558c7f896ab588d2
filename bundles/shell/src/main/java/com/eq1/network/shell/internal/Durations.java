package com.eq1.network.shell.internal;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the {@code --timeout} values of the commands: {@code 500ms}, {@code 5s}, {@code 2m}. */
final class Durations {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");

  /** The longest duration accepted: longer waits are typing mistakes. */
  static final Duration MAX = Duration.ofDays(366);

  private Durations() {}

  /**
   * Parses a duration; a number without unit means seconds; at most {@link #MAX}.
   *
   * @param text the text
   * @param option the option's name, for the error message
   * @return the duration, positive
   * @throws IllegalArgumentException if the text is not a positive duration
   */
  static Duration parse(String text, String option) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(
          option
              + " '"
              + text
              + "' is not a duration: use for example 500ms, 5s, 2m or 5 (seconds)");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration duration =
        switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofSeconds(amount);
        };
    if (duration.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          option + " '" + text + "' is longer than " + MAX.toDays() + " days");
    }
    return duration;
  }
}
