package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.QueueFullException;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.loopback.LoopbackPubSubProtocol;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/** {@code eq1:info}: everything about one connection, secrets masked. */
class InfoCommandTest {

  private final Network network = new Network();
  private final MemoryConfigRepository repository = new MemoryConfigRepository();
  private final Metatypes.Runtime runtime = Metatypes.Runtime.withProtocolBundles();
  private final ShellSession shell = new ShellSession();

  @AfterEach
  void close() throws Exception {
    network.close();
  }

  private InfoCommand info(String name) {
    InfoCommand command = new InfoCommand();
    command.name = name;
    command.protocols = network.protocols;
    command.configurations = repository;
    command.metaType = runtime.metaType;
    command.context = runtime.context;
    command.session = shell.session();
    return command;
  }

  private String run(InfoCommand command) {
    assertNull(command.execute());
    return shell.output();
  }

  /** The rows of the table that starts the output (up to the first blank line). */
  private static Map<String, String> details(String output) {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : output.lines().takeWhile(l -> !l.isBlank()).toList()) {
      String[] cells = line.split("\\|", 2);
      rows.put(cells[0].trim(), cells[1].trim());
    }
    return rows;
  }

  /** The lines of the section with this title, up to the next blank line. */
  private static List<String> section(String output, String title) {
    List<String> lines = output.lines().toList();
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(title)) {
        start = i;
      }
    }
    assertTrue(start >= 0, "no section " + title + " in\n" + output);
    return lines.subList(start, lines.size()).stream().takeWhile(l -> !l.isBlank()).toList();
  }

  private static List<String> cells(String line) {
    return Arrays.stream(line.split("\\|")).map(String::trim).toList();
  }

  @Test
  void aRequestResponseConnectionShowsStateCountersAndDetails() {
    network.echo("echo");
    network.reqRes.connect("echo");
    network.reqRes.send("echo", "hello".getBytes());

    Map<String, String> rows = details(run(info("echo")));

    assertEquals("echo", rows.get("Name"));
    assertEquals("loopback-reqres (request/response)", rows.get("Protocol"));
    assertEquals("PRESENT", rows.get("Presence"));
    assertTrue(
        rows.get("State").matches("CONNECTED since \\d\\d:\\d\\d:\\d\\d"), rows.get("State"));
    assertEquals("requested", rows.get("Connect"));
    assertEquals("0 (expired 0)", rows.get("Held"));
    assertEquals("in 1, out 1", rows.get("Messages"));
    assertEquals("in 5, out 5", rows.get("Bytes"));
    assertEquals("0", rows.get("Errors"));
    assertEquals("0", rows.get("Reconnects"));
    assertEquals("0 (expired 0, dropped 0)", rows.get("Queued"));
    assertEquals("none", rows.get("Last error"));
    assertEquals("in-JVM echo", rows.get("peer"));
    assertEquals("off", rows.get("tls"));
    assertFalse(rows.containsKey("Desired subscriptions"));
    assertFalse(shell.output().contains("Subscriptions"), "no subscriptions for request/response");
  }

  @Test
  void theLastErrorIsShownWithItsTime() {
    LoopbackReqResProtocol tiny =
        network.keep(new LoopbackReqResProtocol("tiny", QueueSettings.DEFAULT, 1));
    tiny.connect();
    network.register("tiny", tiny);
    network.reqRes.send("tiny", new byte[] {1});
    assertThrows(QueueFullException.class, () -> network.reqRes.send("tiny", new byte[] {2}));

    Map<String, String> rows = details(run(info("tiny")));

    assertEquals("1", rows.get("Errors"));
    assertTrue(
        rows.get("Last error")
            .matches("receive buffer full \\(1 messages\\) at \\d\\d:\\d\\d:\\d\\d"),
        rows.get("Last error"));
  }

  @Test
  void theConnectIntentIsShown() {
    network.echo("echo");
    assertEquals("as configured", details(run(info("echo"))).get("Connect"));
    shell.clear();

    network.reqRes.disconnect("echo");

    Map<String, String> rows = details(run(info("echo")));
    assertEquals("disconnect requested", rows.get("Connect"));
    assertTrue(rows.get("State").startsWith("DISCONNECTED since "), rows.get("State"));
  }

  @Test
  void subscriptionsShowWhatTheBrokerAnswered() {
    LoopbackPubSubProtocol loopback =
        network.keep(new LoopbackPubSubProtocol("bus", network.broker));
    loopback.connect();
    network.register(
        "bus", new BrokerAnswers(loopback).refuse("admin/#", "not authorized").pending("slow/+"));
    network.pubSub.subscribe("bus", "cell/+/status", 2, (t, p) -> {});
    network.pubSub.subscribe("bus", "admin/#", 1, (t, p) -> {});
    network.pubSub.subscribe("bus", "slow/+", 0, (t, p) -> {});

    String output = run(info("bus"));

    Map<String, String> rows = details(output);
    assertEquals("loopback-pubsub (publish/subscribe)", rows.get("Protocol"));
    assertEquals("3", rows.get("Desired subscriptions"));
    assertEquals("in-JVM loopback broker", rows.get("peer"));
    List<String> subscriptions = section(output, "Subscriptions");
    assertEquals(List.of("Filter", "QoS", "Granted", "Broker"), cells(subscriptions.get(1)));
    assertEquals(
        List.of(
            List.of("cell/+/status", "2", "2", "confirmed"),
            List.of("admin/#", "1", "-", "refused: not authorized"),
            List.of("slow/+", "0", "-", "pending")),
        subscriptions.subList(3, subscriptions.size()).stream()
            .map(InfoCommandTest::cells)
            .toList());
  }

  @Test
  void subscriptionsArePendingWhileDisconnected() {
    network.bus("bus").disconnect();
    network.pubSub.subscribe("bus", "cell/#", 1, (t, p) -> {});

    List<String> subscriptions = section(run(info("bus")), "Subscriptions");

    assertEquals(List.of("cell/#", "1", "-", "pending"), cells(subscriptions.get(3)));
  }

  @Test
  void aPublishSubscribeConnectionWithoutSubscriptionsSaysSo() {
    network.bus("bus");

    assertEquals(List.of("Subscriptions", "  none"), section(run(info("bus")), "Subscriptions"));
  }

  @Test
  void aConfiguredConnectionShowsItsConfigurationWithSecretsMasked() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("eq1.name", "plc1");
    properties.put("host", "10.0.0.5");
    properties.put("port", 502);
    properties.put("tls", true);
    properties.put("tlsKeyStorePassword", "s3cr3t-store");
    properties.put("tlsTrustStorePassword", "");
    properties.put("tags", new String[] {"line1", "press"});
    String pid = repository.seed(Metatypes.TCP_CLIENT, "plc1", properties);

    String output = run(info("plc1"));

    assertEquals(
        Map.of("Name", "plc1", "State", "NOT STARTED: no protocol service; karaf.log says why"),
        details(output));
    List<String> configuration = section(output, "Configuration");
    assertEquals(
        "Configuration " + pid + " (file:/opt/eq1/etc/com.eq1.network.tcp.client-plc1.cfg)",
        configuration.get(0));
    Map<String, String> keys = new LinkedHashMap<>();
    configuration.stream()
        .skip(1)
        .map(InfoCommandTest::cells)
        .forEach(c -> keys.put(c.get(0), c.size() > 1 ? c.get(1) : ""));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("eq1.name", "plc1");
    expected.put("host", "10.0.0.5");
    expected.put("port", "502");
    expected.put("tls", "true");
    expected.put("tlsKeyStorePassword", "****");
    expected.put("tlsTrustStorePassword", "");
    expected.put("tags", "[line1, press]");
    assertEquals(expected, keys);
    assertFalse(output.contains("s3cr3t"), output);
    assertFalse(output.contains("service.pid"), "bookkeeping is not shown: " + output);
  }

  @Test
  void aKeyOfTypePasswordIsMaskedWhateverItsName() {
    runtime.install(Metatypes.bundle("com.eq1.network.vault", Bundle.ACTIVE), Metatypes.VAULT);
    repository.seed(
        Metatypes.VAULT, "v1", Map.of("eq1.name", "v1", "region", "eu", "credentials", "hunter2"));

    String output = run(info("v1"));

    assertTrue(output.contains("credentials | ****"), output);
    assertTrue(output.contains("region      | eu"), output);
    assertFalse(output.contains("hunter2"), output);
  }

  @Test
  void withoutTheProtocolsMetatypeSecretsAreFoundByName() {
    repository.seed(
        "com.eq1.network.mqtt",
        "broker",
        Map.of("eq1.name", "broker", "password", "pw-123", "clientId", "eq1"));

    String output = run(info("broker"));

    assertTrue(output.contains("password | ****"), output);
    assertTrue(output.contains("clientId | eq1"), output);
    assertFalse(output.contains("pw-123"), output);
  }

  @Test
  void withoutMetatypeServiceSecretsAreStillFoundByName() {
    repository.seed(
        Metatypes.TCP_CLIENT, "plc1", Map.of("eq1.name", "plc1", "tlsKeyStorePassword", "ks"));
    InfoCommand command = info("plc1");
    command.metaType = null;
    command.context = null;

    String output = run(command);

    assertTrue(output.contains("tlsKeyStorePassword | ****"), output);
    assertFalse(output.contains("| ks"), output);
  }

  @Test
  void aRunningConfiguredConnectionShowsBoth() {
    network.echo("echo");
    repository.seed(
        Metatypes.LOOPBACK_REQRES, "echo", Map.of("eq1.name", "echo", "queueCapacity", 5));

    String output = run(info("echo"));

    assertEquals("PRESENT", details(output).get("Presence"));
    assertTrue(section(output, "Configuration").contains("queueCapacity | 5"), output);
  }

  @Test
  void aNameOnlyKnownFromDesiredStateHasNoCounters() {
    network.pubSub.subscribe("later", "cell/#", 1, (t, p) -> {});

    Map<String, String> rows = details(run(info("later")));

    assertEquals("- (publish/subscribe)", rows.get("Protocol"));
    assertEquals("ABSENT", rows.get("Presence"));
    assertEquals("DISCONNECTED", rows.get("State"));
    assertEquals("1", rows.get("Desired subscriptions"));
    assertFalse(rows.containsKey("Messages"));
    assertFalse(rows.containsKey("peer"));
  }

  @Test
  void aNameNeitherKnownNorConfiguredIsAnError() {
    network.echo("echo");
    network.bus("bus");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, info("plc7")::execute);

    assertEquals(
        "no connection 'plc7' (known: bus, echo); eq1:create makes one, eq1:list shows them",
        e.getMessage());
    assertEquals("", shell.output());
  }

  @Test
  void withNothingKnownTheErrorListsNothing() {
    InfoCommand command = info("plc7");
    command.configurations = null;

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::execute);

    assertEquals("no connection 'plc7'; eq1:create makes one, eq1:list shows them", e.getMessage());
  }
}
