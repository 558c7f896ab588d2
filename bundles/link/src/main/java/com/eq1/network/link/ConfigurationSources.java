package com.eq1.network.link;

import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Names where a component's configuration came from, for the log line that says it was rejected:
 * the operator needs the file to fix, not only the reason.
 */
public final class ConfigurationSources {

  private ConfigurationSources() {}

  /**
   * Returns the most useful name of a configuration: the {@code .cfg} file Felix File Install read
   * it from, else its PID, else the component name.
   *
   * @param properties the component properties
   * @return the name, or {@code (without a PID)}
   */
  public static String describe(Map<String, ?> properties) {
    return Stream.of("felix.fileinstall.filename", "service.pid", "component.name")
        .map(properties::get)
        .filter(Objects::nonNull)
        .map(String::valueOf)
        .findFirst()
        .orElse("(without a PID)");
  }
}
