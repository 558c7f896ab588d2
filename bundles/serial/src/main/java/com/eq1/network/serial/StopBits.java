package com.eq1.network.serial;

import com.eq1.network.api.ConfigurationException;

/** The stop bits after each character; the configuration key is {@code stopBits}. */
public enum StopBits {
  /** One stop bit ({@code 1}). */
  ONE("1"),
  /** One and a half stop bits ({@code 1.5}); most UARTs allow it only with 5 data bits. */
  ONE_POINT_FIVE("1.5"),
  /** Two stop bits ({@code 2}). */
  TWO("2");

  private final String text;

  StopBits(String text) {
    this.text = text;
  }

  /**
   * Returns the value as written in a configuration.
   *
   * @return {@code 1}, {@code 1.5} or {@code 2}
   */
  public String text() {
    return text;
  }

  /**
   * Reads a configuration value: exactly one of the metatype's options, spaces around it ignored.
   *
   * @param value {@code 1}, {@code 1.5} or {@code 2}
   * @return the stop bits
   * @throws ConfigurationException if the value is none of those
   */
  public static StopBits parse(String value) {
    String trimmed = value == null ? "" : value.trim();
    for (StopBits bits : values()) {
      if (bits.text.equals(trimmed)) {
        return bits;
      }
    }
    throw new ConfigurationException(
        null, "stopBits '" + value + "' is not known; use 1, 1.5 or 2");
  }
}
