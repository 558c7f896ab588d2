package com.eq1.network.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.PubSubManager;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.inject.Inject;
import org.awaitility.Awaitility;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Starts our own distribution archive (not a stock Karaf) in Pax Exam, on free ports, with the JVM
 * flags {@code bin/karaf} adds on Java 9+, and a short swap grace period so that expiry can be
 * awaited.
 */
public abstract class Eq1TestSupport {

  /** The swap grace period the tests configure, in milliseconds. */
  protected static final long GRACE_MILLIS = 3_000;

  /** How long any awaited condition may take before the test fails. */
  protected static final Duration DEADLINE = Duration.ofSeconds(30);

  @Inject protected BundleContext bundleContext;

  @Configuration
  public Option[] config() {
    String distribution = required("eq1.distribution");
    String karafVersion = required("eq1.karaf.version");
    String localRepository = System.getProperty("maven.repo.local", "");
    return new Option[] {
      karafDistributionConfiguration()
          .frameworkUrl(new File(distribution).toURI().toString())
          .karafVersion(karafVersion)
          .name("EQ-1 Network")
          .unpackDirectory(new File("target/exam"))
          .useDeployFolder(false),
      keepRuntimeFolder(),
      configureConsole().ignoreLocalConsole(),
      logLevel(LogLevel.INFO),
      editConfigurationFilePut(
          "etc/org.apache.karaf.management.cfg", "rmiRegistryPort", freePort()),
      editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", freePort()),
      editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", freePort()),
      editConfigurationFilePut(
          "etc/com.eq1.network.manager.cfg", "swapGracePeriodMillis", Long.toString(GRACE_MILLIS)),
      editConfigurationFilePut(
          "etc/org.ops4j.pax.url.mvn.cfg",
          "org.ops4j.pax.url.mvn.localRepository",
          localRepository),
      // the shipped pax-url configuration is offline-first (no remote repository); Pax Exam's own
      // exam feature is not in system/ and comes from the build's Maven repositories
      editConfigurationFilePut(
          "etc/org.ops4j.pax.url.mvn.cfg",
          "org.ops4j.pax.url.mvn.repositories",
          "https://repo1.maven.org/maven2@id=central"),
      systemProperty("org.ops4j.pax.url.mvn.localRepository").value(localRepository),
      mavenBundle(maven("org.awaitility", "awaitility", required("eq1.awaitility.version"))),
      mavenBundle(maven("org.hamcrest", "hamcrest", required("eq1.hamcrest.version"))),
      vmOptions(javaModuleFlags(karafVersion)),
    };
  }

  /** What {@code bin/karaf} passes to a Java 9+ JVM; Pax Exam does not add them itself. */
  private static String[] javaModuleFlags(String karafVersion) {
    return new String[] {
      "--add-reads=java.xml=java.logging",
      "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
      "--patch-module",
      "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + karafVersion + ".jar",
      "--patch-module",
      "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + karafVersion + ".jar",
      "--add-opens=java.base/java.security=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.naming/javax.naming.spi=ALL-UNNAMED",
      "--add-opens=java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
      "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
      "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
      "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
      "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
      "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
      "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
      "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
      "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
      "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
    };
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "System property " + property + " is not set: run the itests through Maven");
    }
    return value;
  }

  private static String freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return Integer.toString(socket.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the manager's description of {@code name} satisfies {@code condition}. */
  protected static ConnectionInfo awaitConnection(
      PubSubManager manager, String name, Predicate<ConnectionInfo> condition) {
    return Awaitility.await()
        .atMost(DEADLINE)
        .until(
            () -> manager.connection(name),
            (Optional<ConnectionInfo> info) -> info.isPresent() && condition.test(info.get()))
        .orElseThrow();
  }

  /**
   * Waits for the protocol service of a connection.
   *
   * @param type the service interface
   * @param name the connection's {@code eq1.name}
   * @return the first matching reference
   */
  protected <S> ServiceReference<S> awaitService(Class<S> type, String name) {
    return Awaitility.await()
        .atMost(DEADLINE)
        .until(
            () -> bundleContext.getServiceReferences(type, "(eq1.name=" + name + ")"),
            refs -> !refs.isEmpty())
        .iterator()
        .next();
  }

  /** Returns a service's {@code service.id}. */
  protected static long serviceId(ServiceReference<?> reference) {
    return (Long) reference.getProperty("service.id");
  }

  /** Returns the installed bundle with this symbolic name. */
  protected Bundle bundle(String symbolicName) {
    return Arrays.stream(bundleContext.getBundles())
        .filter(b -> symbolicName.equals(b.getSymbolicName()))
        .findFirst()
        .orElseThrow();
  }

  /** {@code bundle:update} followed by {@code bundle:refresh}, waiting for the refresh to end. */
  protected void updateAndRefresh(Bundle bundle) throws Exception {
    bundle.update();
    CountDownLatch refreshed = new CountDownLatch(1);
    bundleContext
        .getBundle(0)
        .adapt(FrameworkWiring.class)
        .refreshBundles(List.of(bundle), event -> refreshed.countDown());
    assertTrue("refresh did not finish", refreshed.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
  }
}
