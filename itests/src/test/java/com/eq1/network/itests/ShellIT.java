package com.eq1.network.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.PubSubManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The operator's console: the {@code eq1:*} commands run in a real Karaf session, writing real
 * {@code .cfg} files, against the real managers and protocols, and JMX reading the same counters.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT extends Eq1TestSupport {

  @Inject SessionFactory sessions;

  @Inject PubSubManager pubSub;

  @Inject ConfigurationAdmin configAdmin;

  @Inject FeaturesService features;

  @Test
  public void createSubscribePublishListAndJmxAgree() throws Exception {
    assertTrue(run("eq1:create loopback-pubsub shellbus").contains("Created"));
    Path cfg = etc("com.eq1.network.loopback.pubsub-shellbus.cfg");
    assertTrue("no " + cfg, Files.isRegularFile(cfg));
    Awaitility.await().atMost(DEADLINE).until(() -> Files.readString(cfg).contains("shellbus"));
    awaitConnection(pubSub, "shellbus", c -> c.state() == ConnectionState.CONNECTED);

    ExecutorService pool = Executors.newSingleThreadExecutor();
    ByteArrayOutputStream subscribed = new ByteArrayOutputStream();
    Future<?> subscriber =
        pool.submit(
            () -> {
              runInto("eq1:subscribe --count 3 shellbus \"plant/#\"", subscribed);
              return null;
            });
    try {
      Awaitility.await()
          .atMost(DEADLINE)
          .until(() -> subscribed.toString(StandardCharsets.UTF_8).contains("Subscribed to"));
      for (int i = 1; i <= 3; i++) {
        assertTrue(
            run("eq1:publish shellbus plant/oven" + i + "/temp 2" + i + ".5")
                .contains("Published"));
      }
      subscriber.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    String printed = subscribed.toString(StandardCharsets.UTF_8);
    assertTrue(printed, printed.contains("plant/oven1/temp 21.5"));
    assertTrue(printed, printed.contains("plant/oven3/temp 23.5"));
    assertTrue(printed, printed.contains("3 messages"));

    List<String> row = row(run("eq1:list"), "shellbus");
    assertEquals(row.toString(), "loopback-pubsub", row.get(1));
    assertEquals(row.toString(), "CONNECTED", row.get(2));
    assertEquals("messages in", "3", row.get(4));
    assertEquals("messages out", "3", row.get(5));

    MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    ObjectName bean = new ObjectName("com.eq1.network:type=Connection,name=shellbus");
    assertEquals(3L, jmx.getAttribute(bean, "MessagesIn"));
    assertEquals(3L, jmx.getAttribute(bean, "MessagesOut"));
    assertEquals("CONNECTED", jmx.getAttribute(bean, "State").toString());

    String info = run("eq1:info shellbus");
    assertTrue(info, info.contains("in 3, out 3"));
    assertTrue(info, info.contains("Configuration"));

    assertTrue(run("eq1:update shellbus queueCapacity=500").contains("Updated"));
    assertEquals("500", property("shellbus", "queueCapacity"));
    // Karaf's file install rewrites the file after the change as well: read it once it settled
    Awaitility.await().atMost(DEADLINE).until(() -> Files.readString(cfg).contains("500"));
    String refused = fails("eq1:update shellbus queueCapacity=lots");
    assertTrue(refused, refused.contains("queueCapacity"));
    assertEquals(
        "a refused update changed the configuration", "500", property("shellbus", "queueCapacity"));

    assertTrue(run("eq1:delete shellbus").contains("Deleted"));
    Awaitility.await().atMost(DEADLINE).until(() -> !Files.exists(cfg));
    Awaitility.await()
        .atMost(DEADLINE)
        .until(() -> !jmx.isRegistered(bean) && !run("eq1:list").contains("shellbus"));
  }

  @Test
  public void badCreatesPrintTheProblemAndWriteNothing() throws Exception {
    features.installFeature("eq1-tcp", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
    String port = fails("eq1:create tcp-client badport host=127.0.0.1 port=70000");
    assertTrue(port, port.contains("port = 70000"));
    assertTrue(port, port.contains("nothing was written"));
    String unknown = fails("eq1:create loopback-pubsub badkey colour=blue");
    assertTrue(unknown, unknown.contains("unknown key 'colour'"));
    assertTrue(unknown, unknown.contains("queueCapacity"));
    String missing = fails("eq1:create tcp-client nohost port=502");
    assertTrue(missing, missing.contains("missing required key 'host'"));
    String protocol = fails("eq1:create modbus-tcp nomodbus host=x");
    assertTrue(protocol, protocol.contains("protocol 'modbus-tcp' is not installed"));
    String name = fails("eq1:create loopback-pubsub 'bad name'");
    assertTrue(name, name.contains("not valid"));
    for (String n : List.of("badport", "badkey", "nohost", "nomodbus")) {
      assertEquals(n, 0, configurations(n).length);
    }
    try (var files = Files.list(etc(""))) {
      List<String> written =
          files
              .map(p -> p.getFileName().toString())
              .filter(f -> f.matches(".*-(badport|badkey|nohost|nomodbus)\\.cfg"))
              .toList();
      assertTrue(written.toString(), written.isEmpty());
    }
  }

  @Test
  public void passwordsAreMaskedAndNeverLogged() throws Exception {
    String secret = "S3cr3t-" + System.nanoTime();
    features.installFeature("eq1-mqtt", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
    run("log:set DEBUG com.eq1");
    try {
      run(
          "eq1:create mqtt vault broker=tcp://127.0.0.1:1 username=operator password="
              + secret
              + " autoConnect=false");
      awaitService(com.eq1.network.api.PubSubProtocol.class, "vault");
      String info = run("eq1:info vault");
      assertTrue(info, info.contains("****"));
      assertTrue(info, info.contains("operator"));
      assertFalse(info, info.contains(secret));
      run("eq1:update vault password=" + secret + "x");
      run("eq1:delete vault");
      Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
      assertTrue(Files.isRegularFile(log));
      assertFalse("the password is in " + log, Files.readString(log).contains(secret));
    } finally {
      run("log:set INFO com.eq1");
    }
  }

  @Test
  public void requestReadAndPortsAdaptToWhatIsInstalled() throws Exception {
    run("eq1:create loopback-reqres shellecho");
    awaitService(com.eq1.network.api.ReqResProtocol.class, "shellecho");
    Awaitility.await().atMost(DEADLINE).until(() -> run("eq1:list").contains("CONNECTED"));
    assertEquals("hello", run("eq1:request shellecho hello").trim());
    assertTrue(run("eq1:send --hex shellecho \"01 02 ff\"").contains("Sent 3 bytes"));
    assertEquals("01 02 ff", run("eq1:read shellecho").trim());
    assertTrue(run("eq1:read --timeout 200ms shellecho").contains("Nothing received"));
    String wrongKind = fails("eq1:publish shellecho t x");
    assertTrue(wrongKind, wrongKind.contains("request/response"));
    run("eq1:disconnect shellecho");
    assertEquals(ConnectionState.DISCONNECTED, pubSubOrReqResState("shellecho"));
    run("eq1:connect shellecho");
    assertEquals(ConnectionState.CONNECTED, pubSubOrReqResState("shellecho"));
    run("eq1:delete shellecho");

    if (features.isInstalled(features.getFeature("eq1-serial"))) {
      fail("eq1-serial is installed before this test");
    }
    assertTrue(run("eq1:ports").contains("feature:install eq1-serial"));
    features.installFeature("eq1-serial", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
    Awaitility.await()
        .atMost(DEADLINE)
        .until(() -> !run("eq1:ports").contains("feature:install eq1-serial"));
  }

  private ConnectionState pubSubOrReqResState(String name) throws Exception {
    String line =
        run("eq1:info " + name).lines().filter(l -> l.contains("State")).findFirst().orElseThrow();
    return Arrays.stream(ConnectionState.values())
        .filter(s -> line.contains(" " + s.name()))
        .findFirst()
        .orElseThrow();
  }

  private String property(String name, String key) throws Exception {
    Configuration[] found = configurations(name);
    assertEquals(1, found.length);
    return String.valueOf(found[0].getProperties().get(key));
  }

  private Configuration[] configurations(String name) throws Exception {
    Configuration[] found = configAdmin.listConfigurations("(eq1.name=" + name + ")");
    return found == null ? new Configuration[0] : found;
  }

  private static Path etc(String file) {
    return Path.of(System.getProperty("karaf.etc")).resolve(file);
  }

  /** The cells of the table row whose first cell is {@code name}. */
  private static List<String> row(String table, String name) {
    return table
        .lines()
        .map(l -> Arrays.stream(l.split("[│|]")).map(String::trim).toList())
        .filter(cells -> !cells.isEmpty() && cells.get(0).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + table));
  }

  private String run(String command) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    runInto(command, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private void runInto(String command, ByteArrayOutputStream bytes) throws Exception {
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Session session = sessions.create(new ByteArrayInputStream(new byte[0]), out, out);
    try {
      session.execute(command);
    } finally {
      session.close();
    }
  }

  /** Runs a command that must fail and returns its error message. */
  private String fails(String command) throws IOException {
    try {
      String printed = run(command);
      throw new AssertionError(command + " succeeded: " + printed);
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      return String.valueOf(e.getMessage());
    }
  }
}
