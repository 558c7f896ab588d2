package com.eq1.network.shell.internal;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ProtocolProperties;
import com.eq1.network.shell.internal.ProtocolCatalog.ProtocolType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.karaf.config.core.ConfigRepository;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection configurations: one factory configuration per connection, found by its {@code
 * eq1.name}, written through Karaf's {@link ConfigRepository} so each one is an {@code
 * etc/<factoryPid>-<name>.cfg} file like any other Karaf configuration. Nothing is written before
 * the whole configuration passed {@link ConfigValidator}.
 */
final class ConnectionConfigs {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionConfigs.class);

  /** Properties Config Admin and Karaf add; never copied, shown or validated. */
  private static final Set<String> BOOKKEEPING =
      Set.of(
          Constants.SERVICE_PID,
          ConfigurationAdmin.SERVICE_FACTORYPID,
          ConfigurationAdmin.SERVICE_BUNDLELOCATION,
          "felix.fileinstall.filename");

  /**
   * A stored connection configuration.
   *
   * @param pid the configuration PID
   * @param factoryPid the factory PID
   * @param properties the operator's properties, without Config Admin's bookkeeping
   * @param file where it is persisted, or {@code null}
   */
  record Stored(String pid, String factoryPid, Map<String, Object> properties, String file) {}

  private final ConfigRepository repository;
  private final ProtocolCatalog catalog;

  /**
   * Creates the view.
   *
   * @param repository Karaf's configuration repository
   * @param catalog the installed protocols
   */
  ConnectionConfigs(ConfigRepository repository, ProtocolCatalog catalog) {
    this.repository = repository;
    this.catalog = catalog;
  }

  /**
   * Finds the configuration of a connection.
   *
   * @param name the connection name
   * @return the configuration, or empty if no EQ-1 factory configuration has that name
   */
  Optional<Stored> find(String name) {
    return all().stream()
        .filter(s -> name.equals(s.properties().get(ProtocolProperties.NAME)))
        .findFirst();
  }

  /**
   * Returns every EQ-1 connection configuration.
   *
   * @return the configurations
   */
  List<Stored> all() {
    org.osgi.service.cm.Configuration[] configurations;
    try {
      configurations =
          repository
              .getConfigAdmin()
              .listConfigurations(
                  "("
                      + ConfigurationAdmin.SERVICE_FACTORYPID
                      + "="
                      + ProtocolCatalog.PID_PREFIX
                      + "*)");
    } catch (IOException | InvalidSyntaxException e) {
      throw new IllegalStateException("cannot list configurations: " + e.getMessage(), e);
    }
    List<Stored> stored = new ArrayList<>();
    for (org.osgi.service.cm.Configuration c :
        configurations == null ? new org.osgi.service.cm.Configuration[0] : configurations) {
      Dictionary<String, Object> dictionary = c.getProperties();
      if (dictionary == null) {
        continue;
      }
      Map<String, Object> properties = new LinkedHashMap<>();
      for (String key : Collections.list(dictionary.keys())) {
        if (!BOOKKEEPING.contains(key)) {
          properties.put(key, dictionary.get(key));
        }
      }
      Object file = dictionary.get("felix.fileinstall.filename");
      stored.add(
          new Stored(
              c.getPid(), c.getFactoryPid(), properties, file == null ? null : file.toString()));
    }
    return stored;
  }

  /**
   * Creates a connection.
   *
   * @param protocol the {@code eq1.protocol} value or factory PID
   * @param name the connection name
   * @param assignments {@code key=value} arguments
   * @return the new configuration's PID
   * @throws IllegalArgumentException if anything is wrong; nothing is written then
   */
  String create(String protocol, String name, List<String> assignments) {
    checkName(name);
    Optional<Stored> existing = find(name);
    if (existing.isPresent()) {
      throw new IllegalArgumentException(
          "connection '"
              + name
              + "' already exists ("
              + existing.get().pid()
              + "): change it with eq1:update or remove it with eq1:delete");
    }
    ProtocolType type = catalog.require(protocol);
    Map<String, String> given = ConfigValidator.parse(assignments);
    Map<String, Object> complete = new LinkedHashMap<>();
    complete.put(ProtocolProperties.NAME, name);
    complete.putAll(given);
    refuse(
        "not created",
        name,
        ConfigValidator.check(type.protocol(), type.definition(), given, complete));
    try {
      String pid = repository.createFactoryConfiguration(type.factoryPid(), name, complete);
      LOG.info("[{}] {} connection created from the shell ({})", name, type.protocol(), pid);
      return pid;
    } catch (IOException e) {
      throw new IllegalStateException(
          "connection '" + name + "' not created: " + e.getMessage(), e);
    }
  }

  /**
   * Changes keys of a connection.
   *
   * @param name the connection name
   * @param assignments {@code key=value} arguments to set
   * @param removals keys to remove (back to their defaults)
   * @return the configuration's PID
   * @throws IllegalArgumentException if anything is wrong; nothing is written then
   */
  String update(String name, List<String> assignments, List<String> removals) {
    Stored stored = require(name);
    ProtocolType type = catalog.require(stored.factoryPid());
    Map<String, String> given = ConfigValidator.parse(assignments);
    Map<String, Object> complete = new LinkedHashMap<>(stored.properties());
    complete.putAll(given);
    List<String> problems = new ArrayList<>();
    for (String key : removals == null ? List.<String>of() : removals) {
      if (ProtocolProperties.NAME.equals(key) || complete.remove(key) == null) {
        problems.add(
            "cannot remove '"
                + key
                + "': "
                + (ProtocolProperties.NAME.equals(key)
                    ? "it is the connection name"
                    : "it is not set"));
      }
    }
    problems.addAll(ConfigValidator.check(type.protocol(), type.definition(), given, complete));
    refuse("not changed", name, problems);
    try {
      repository.update(stored.pid(), complete);
      LOG.info(
          "[{}] configuration changed from the shell: {}", name, changed(given.keySet(), removals));
      return stored.pid();
    } catch (IOException e) {
      throw new IllegalStateException(
          "connection '" + name + "' not changed: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes a connection's configuration (and its {@code .cfg} file).
   *
   * @param name the connection name
   * @return the deleted configuration's PID
   * @throws IllegalArgumentException if there is no such connection
   */
  String delete(String name) {
    Stored stored = require(name);
    try {
      repository.delete(stored.pid());
    } catch (Exception e) {
      throw new IllegalStateException(
          "connection '" + name + "' not deleted: " + e.getMessage(), e);
    }
    LOG.info("[{}] connection deleted from the shell ({})", name, stored.pid());
    return stored.pid();
  }

  /**
   * Returns the configuration of a connection.
   *
   * @param name the connection name
   * @return the configuration
   * @throws IllegalArgumentException if there is none
   */
  Stored require(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no configuration for connection '"
                        + name
                        + "'; eq1:list shows the connections"));
  }

  private static void checkName(String name) {
    try {
      ProtocolProperties.validateName(name);
    } catch (ConfigurationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static void refuse(String what, String name, List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "connection '"
              + name
              + "' "
              + what
              + ", nothing was written:\n  - "
              + String.join("\n  - ", problems));
    }
  }

  private static String changed(Set<String> set, List<String> removals) {
    List<String> parts = new ArrayList<>();
    if (!set.isEmpty()) {
      parts.add("set " + String.join(", ", set));
    }
    if (removals != null && !removals.isEmpty()) {
      parts.add("removed " + String.join(", ", removals));
    }
    return String.join("; ", parts);
  }
}
