package com.eq1.network.shell.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.felix.utils.properties.TypedProperties;
import org.apache.karaf.config.core.ConfigRepository;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Karaf's {@link ConfigRepository} and the {@link ConfigurationAdmin} behind it, in memory: they
 * need a running framework, so they are replaced by this small implementation that keeps the
 * configurations in a map, lists them with a real OSGi filter, and records every write so a test
 * can assert what was (or was not) written.
 */
final class MemoryConfigRepository implements ConfigRepository {

  /**
   * One write.
   *
   * @param operation {@code create}, {@code update} or {@code delete}
   * @param pid the configuration PID
   * @param properties what was written, {@code null} for a delete
   */
  record Write(String operation, String pid, Map<String, Object> properties) {}

  private final Map<String, Stored> configurations = new LinkedHashMap<>();
  private final List<Write> writes = Collections.synchronizedList(new ArrayList<>());
  private final List<String> writerThreads = Collections.synchronizedList(new ArrayList<>());
  private final Admin admin = new Admin();
  private volatile boolean failWrites;
  private volatile boolean failLists;

  private static final class Stored {
    final String pid;
    final String factoryPid;
    Map<String, Object> properties;

    Stored(String pid, String factoryPid, Map<String, Object> properties) {
      this.pid = pid;
      this.factoryPid = factoryPid;
      this.properties = properties;
    }
  }

  /**
   * Stores a factory configuration as if it had been there before the test, with the bookkeeping
   * Config Admin and File Install add; not recorded as a write.
   *
   * @return its PID
   */
  synchronized String seed(String factoryPid, String alias, Map<String, Object> properties) {
    String pid = factoryPid + "~" + alias;
    configurations.put(pid, new Stored(pid, factoryPid, new LinkedHashMap<>(properties)));
    return pid;
  }

  /** Stores a factory configuration that was created but never updated (no properties yet). */
  synchronized void seedEmpty(String factoryPid, String alias) {
    String pid = factoryPid + "~" + alias;
    configurations.put(pid, new Stored(pid, factoryPid, null));
  }

  /** The writes so far, in order. */
  List<Write> writes() {
    synchronized (writes) {
      return List.copyOf(writes);
    }
  }

  /** The names of the threads that wrote, in order. */
  List<String> writerThreads() {
    synchronized (writerThreads) {
      return List.copyOf(writerThreads);
    }
  }

  /** The operator's properties of a configuration, or {@code null} if there is none. */
  synchronized Map<String, Object> properties(String pid) {
    Stored stored = configurations.get(pid);
    return stored == null ? null : stored.properties;
  }

  /** Makes every following write fail like a full disk. */
  void failWrites() {
    failWrites = true;
  }

  /** Makes every following listing fail. */
  void failLists() {
    failLists = true;
  }

  @Override
  public ConfigurationAdmin getConfigAdmin() {
    return admin;
  }

  @Override
  public synchronized String createFactoryConfiguration(
      String factoryPid, String alias, Map<String, Object> properties) throws IOException {
    checkWritable();
    String pid = factoryPid + "~" + alias;
    if (configurations.containsKey(pid)) {
      throw new IOException(pid + " exists");
    }
    record(new Write("create", pid, new LinkedHashMap<>(properties)));
    configurations.put(pid, new Stored(pid, factoryPid, new LinkedHashMap<>(properties)));
    return pid;
  }

  @Override
  public synchronized void update(String pid, Map<String, Object> properties) throws IOException {
    checkWritable();
    Stored stored = configurations.get(pid);
    if (stored == null) {
      throw new IOException(pid + " does not exist");
    }
    record(new Write("update", pid, new LinkedHashMap<>(properties)));
    stored.properties = new LinkedHashMap<>(properties);
  }

  @Override
  public synchronized void delete(String pid) throws Exception {
    checkWritable();
    if (configurations.remove(pid) == null) {
      throw new IOException(pid + " does not exist");
    }
    record(new Write("delete", pid, null));
  }

  @Override
  public synchronized boolean exists(String pid) {
    return configurations.containsKey(pid);
  }

  @Override
  public TypedProperties getConfig(String pid) {
    throw new UnsupportedOperationException("getConfig");
  }

  @Override
  public void update(String pid, Map<String, Object> properties, String suffix) {
    throw new UnsupportedOperationException("update with suffix");
  }

  @Override
  public String createFactoryConfiguration(String factoryPid, Map<String, Object> properties) {
    throw new UnsupportedOperationException("createFactoryConfiguration without alias");
  }

  @Override
  public String createFactoryConfiguration(
      String factoryPid, Map<String, Object> properties, String suffix) {
    throw new UnsupportedOperationException("createFactoryConfiguration with suffix");
  }

  @Override
  public String createFactoryConfiguration(
      String factoryPid, String alias, Map<String, Object> properties, String suffix) {
    throw new UnsupportedOperationException("createFactoryConfiguration with suffix");
  }

  private void record(Write write) {
    writes.add(write);
    writerThreads.add(Thread.currentThread().getName());
  }

  private void checkWritable() throws IOException {
    if (failWrites) {
      throw new IOException("disk full");
    }
  }

  private synchronized Configuration[] list(String filter)
      throws IOException, InvalidSyntaxException {
    if (failLists) {
      throw new IOException("configuration store unavailable");
    }
    Filter parsed = FrameworkUtil.createFilter(filter);
    List<Configuration> found = new ArrayList<>();
    for (Stored stored : configurations.values()) {
      Dictionary<String, Object> dictionary = dictionary(stored);
      Dictionary<String, Object> matched = dictionary;
      if (matched == null) {
        matched = new Hashtable<>();
        matched.put(Constants.SERVICE_PID, stored.pid);
        matched.put(ConfigurationAdmin.SERVICE_FACTORYPID, stored.factoryPid);
      }
      if (parsed.match(matched)) {
        found.add(new Config(stored.pid, stored.factoryPid, dictionary));
      }
    }
    // like Config Admin: null, not an empty array, when nothing matches
    return found.isEmpty() ? null : found.toArray(new Configuration[0]);
  }

  private static Dictionary<String, Object> dictionary(Stored stored) {
    if (stored.properties == null) {
      return null;
    }
    Hashtable<String, Object> dictionary = new Hashtable<>(stored.properties);
    dictionary.put(Constants.SERVICE_PID, stored.pid);
    dictionary.put(ConfigurationAdmin.SERVICE_FACTORYPID, stored.factoryPid);
    dictionary.put(ConfigurationAdmin.SERVICE_BUNDLELOCATION, "?");
    dictionary.put(
        "felix.fileinstall.filename", "file:/opt/eq1/etc/" + stored.pid.replace('~', '-') + ".cfg");
    return dictionary;
  }

  private final class Admin implements ConfigurationAdmin {

    @Override
    public Configuration[] listConfigurations(String filter)
        throws IOException, InvalidSyntaxException {
      return list(filter);
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid) {
      throw new UnsupportedOperationException("createFactoryConfiguration");
    }

    @Override
    public Configuration createFactoryConfiguration(String factoryPid, String location) {
      throw new UnsupportedOperationException("createFactoryConfiguration");
    }

    @Override
    public Configuration getConfiguration(String pid, String location) {
      throw new UnsupportedOperationException("getConfiguration");
    }

    @Override
    public Configuration getConfiguration(String pid) {
      throw new UnsupportedOperationException("getConfiguration");
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name, String location) {
      throw new UnsupportedOperationException("getFactoryConfiguration");
    }

    @Override
    public Configuration getFactoryConfiguration(String factoryPid, String name) {
      throw new UnsupportedOperationException("getFactoryConfiguration");
    }
  }

  /** A listed configuration: read-only, as the shell only reads what it lists. */
  private record Config(String pid, String factoryPid, Dictionary<String, Object> properties)
      implements Configuration {

    @Override
    public String getPid() {
      return pid;
    }

    @Override
    public String getFactoryPid() {
      return factoryPid;
    }

    @Override
    public Dictionary<String, Object> getProperties() {
      return properties;
    }

    @Override
    public Dictionary<String, Object> getProcessedProperties(ServiceReference<?> reference) {
      return properties;
    }

    @Override
    public void update(Dictionary<String, ?> properties) {
      throw new UnsupportedOperationException("write through the ConfigRepository");
    }

    @Override
    public void delete() {
      throw new UnsupportedOperationException("write through the ConfigRepository");
    }

    @Override
    public void update() {
      throw new UnsupportedOperationException("write through the ConfigRepository");
    }

    @Override
    public boolean updateIfDifferent(Dictionary<String, ?> properties) {
      throw new UnsupportedOperationException("write through the ConfigRepository");
    }

    @Override
    public void setBundleLocation(String location) {
      throw new UnsupportedOperationException("setBundleLocation");
    }

    @Override
    public String getBundleLocation() {
      return "?";
    }

    @Override
    public long getChangeCount() {
      return 1;
    }

    @Override
    public void addAttributes(ConfigurationAttribute... attrs) {
      throw new UnsupportedOperationException("addAttributes");
    }

    @Override
    public Set<ConfigurationAttribute> getAttributes() {
      return Set.of();
    }

    @Override
    public void removeAttributes(ConfigurationAttribute... attrs) {
      throw new UnsupportedOperationException("removeAttributes");
    }
  }
}
