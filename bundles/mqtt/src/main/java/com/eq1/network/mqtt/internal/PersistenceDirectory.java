package com.eq1.network.mqtt.internal;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.mqtt.MqttSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The directory where either Paho client keeps its in-flight messages, checked before use. */
final class PersistenceDirectory {

  private PersistenceDirectory() {}

  /**
   * Creates the configured directory if needed and checks that it can be written to.
   *
   * @param settings the connection settings
   * @return the directory, or {@code null} for in-memory persistence
   * @throws ConfigurationException if the directory cannot be created or written to
   */
  static Path prepare(MqttSettings settings) {
    Path directory = settings.persistenceDirectory();
    if (directory == null) {
      return null;
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new ConfigurationException(
          settings.name(),
          "persistence directory (persistenceDirectory) " + directory + " cannot be created: " + e,
          e);
    }
    if (!Files.isWritable(directory)) {
      throw new ConfigurationException(
          settings.name(),
          "persistence directory (persistenceDirectory) " + directory + " is not writable");
    }
    return directory;
  }
}
