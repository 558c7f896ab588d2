package com.eq1.network.shell.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.Presence;
import com.eq1.network.link.OverflowPolicy;
import com.eq1.network.manager.ManagerSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code eq1:list}: one row per connection the managers know, plus those only configured. */
class ListCommandTest {

  private static final List<String> HEADER =
      List.of(
          "Name",
          "Protocol",
          "State",
          "Since",
          "In",
          "Out",
          "Errors",
          "Reconnects",
          "Queued",
          "Held");

  private Network network = new Network();
  private final MemoryConfigRepository repository = new MemoryConfigRepository();
  private final ShellSession shell = new ShellSession();

  @AfterEach
  void close() throws Exception {
    network.close();
  }

  private List<List<String>> list(boolean withConfigurations) {
    ListCommand command = new ListCommand();
    command.protocols = network.protocols;
    command.configurations = withConfigurations ? repository : null;
    command.session = shell.session();
    assertNull(command.execute());
    List<List<String>> rows =
        shell.lines().stream()
            .filter(line -> !line.startsWith("-"))
            .map(line -> Arrays.stream(line.split("\\|")).map(String::trim).toList())
            .toList();
    shell.clear();
    assertEquals(HEADER, rows.get(0));
    return rows.subList(1, rows.size());
  }

  private static List<String> row(List<List<String>> rows, String name) {
    return rows.stream().filter(r -> r.get(0).equals(name)).findFirst().orElseThrow();
  }

  @Test
  void showsEveryConnectionWithItsCounters() {
    network.echo("echo");
    network.bus("bus");
    network.reqRes.send("echo", new byte[] {1, 2, 3});
    network.reqRes.send("echo", new byte[] {4});
    network.pubSub.publish("bus", "cell/1", new byte[] {9}, 1, false);
    await()
        .atMost(Network.DEADLINE)
        .until(
            () ->
                network.protocols.getProtocol("echo").orElseThrow().statistics().messagesIn() == 2);

    List<List<String>> rows = list(true);

    assertEquals(List.of("bus", "echo"), rows.stream().map(r -> r.get(0)).toList());
    List<String> echo = row(rows, "echo");
    assertEquals(List.of("echo", "loopback-reqres", "CONNECTED"), echo.subList(0, 3));
    assertTrue(echo.get(3).matches("\\d\\d:\\d\\d:\\d\\d"), echo.get(3));
    assertEquals(List.of("2", "2", "0", "0", "0", "0"), echo.subList(4, 10));
    List<String> bus = row(rows, "bus");
    assertEquals(List.of("bus", "loopback-pubsub", "CONNECTED"), bus.subList(0, 3));
    assertEquals("1", bus.get(5), "one message out");
  }

  @Test
  void aDisconnectedConnectionQueuesWhatIsSent() {
    network.echo("echo").disconnect();
    network.reqRes.send("echo", new byte[] {1});

    List<String> echo = row(list(false), "echo");

    assertEquals("DISCONNECTED", echo.get(2));
    assertEquals(List.of("0", "0", "0", "0", "1", "0"), echo.subList(4, 10));
  }

  @Test
  void aConfiguredConnectionThatDidNotStartIsShownOnce() {
    network.echo("echo");
    repository.seed(Metatypes.LOOPBACK_REQRES, "echo", Map.of("eq1.name", "echo"));
    repository.seed(Metatypes.TCP_CLIENT, "plc9", Map.of("eq1.name", "plc9", "host", "h"));
    repository.seedEmpty(Metatypes.TCP_CLIENT, "unsaved");

    List<List<String>> rows = list(true);

    assertEquals(List.of("echo", "plc9"), rows.stream().map(r -> r.get(0)).toList());
    assertEquals(
        List.of("plc9", "tcp-client", "NOT STARTED", "-", "-", "-", "-", "-", "-", "-"),
        row(rows, "plc9"));
  }

  @Test
  void withoutConfigurationAdminOnlyTheManagersConnectionsAreShown() {
    network.echo("echo");
    repository.seed(Metatypes.TCP_CLIENT, "plc9", Map.of("eq1.name", "plc9"));

    assertEquals(List.of("echo"), list(false).stream().map(r -> r.get(0)).toList());
  }

  @Test
  void aSwappingConnectionShowsItsPresenceAndHeldMessages() {
    network.echo("echo");
    network.reqRes.unregister("echo");
    network.reqRes.send("echo", new byte[] {1, 2});

    List<String> echo = row(list(false), "echo");

    assertEquals(Presence.SWAPPING, network.info("echo").presence());
    assertEquals("SWAPPING (DISCONNECTED)", echo.get(2));
    assertEquals("loopback-reqres", echo.get(1), "the protocol registered last");
    assertEquals(List.of("-", "-", "-", "-", "-", "-"), echo.subList(3, 9), "no counters");
    assertEquals("1", echo.get(9), "one send held");
  }

  @Test
  void anAbsentConnectionWithDesiredStateIsListedAndAForgottenOneIsNot() throws Exception {
    network.close();
    network = new Network(new ManagerSettings(Duration.ZERO, 10, OverflowPolicy.REJECT_NEWEST));
    network.pubSub.subscribe("later", "cell/#", 1, (topic, payload) -> {});
    network.echo("gone");
    network.reqRes.unregister("gone");
    await()
        .atMost(Network.DEADLINE)
        .until(() -> network.info("gone").presence() == Presence.ABSENT);

    List<List<String>> rows = list(false);

    assertEquals(
        List.of("later", "-", "ABSENT (DISCONNECTED)", "-", "-", "-", "-", "-", "-", "0"),
        row(rows, "later"));
    assertTrue(
        rows.stream().noneMatch(r -> r.get(0).equals("gone")),
        "a connection whose protocol left and for which nothing is desired is not listed");
  }

  @Test
  void sinceShowsTheTimeTodayAndTheDateBefore() {
    assertTrue(ListCommand.since(Instant.now()).matches("\\d\\d:\\d\\d:\\d\\d"));
    Instant earlier =
        LocalDate.now().minusDays(2).atTime(13, 14, 15).atZone(ZoneId.systemDefault()).toInstant();
    assertEquals(LocalDate.now().minusDays(2) + " 13:14:15", ListCommand.since(earlier));
  }
}
