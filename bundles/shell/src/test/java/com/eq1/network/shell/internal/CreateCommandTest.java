package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.shell.internal.MemoryConfigRepository.Write;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * {@code eq1:create}: a factory configuration checked against the protocol's real metatype before
 * anything is written; every refusal writes nothing.
 */
class CreateCommandTest {

  private final MemoryConfigRepository repository = new MemoryConfigRepository();
  private final Metatypes.Runtime runtime = Metatypes.Runtime.withProtocolBundles();
  private final ShellSession shell = new ShellSession();

  private CreateCommand create(String protocol, String name, String... assignments) {
    CreateCommand command = new CreateCommand();
    command.protocol = protocol;
    command.name = name;
    command.assignments = assignments.length == 0 ? null : Arrays.asList(assignments);
    command.configurations = repository;
    command.metaType = runtime.metaType;
    command.context = runtime.context;
    command.session = shell.session();
    return command;
  }

  private String refused(CreateCommand command) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::execute);
    assertEquals(List.of(), repository.writes(), "a refused create must write nothing");
    assertEquals("", shell.output());
    return e.getMessage();
  }

  @Test
  void writesExactlyTheNameAndTheGivenKeys() {
    assertNull(create("tcp-client", "plc1", "host=10.0.0.5", "port=502").execute());

    String pid = Metatypes.TCP_CLIENT + "~plc1";
    assertEquals(
        List.of(
            new Write(
                "create", pid, Map.of("eq1.name", "plc1", "host", "10.0.0.5", "port", "502"))),
        repository.writes());
    assertEquals(
        List.of("eq1.name", "host", "port"), List.copyOf(repository.properties(pid).keySet()));
    assertEquals(
        "Created tcp-client connection 'plc1' ("
            + pid
            + "); eq1:list shows it once its protocol has started\n",
        shell.output());
  }

  @Test
  void theProtocolMayBeGivenAsItsFactoryPidAndKeysWithDefaultsMayBeLeftOut() {
    create(Metatypes.LOOPBACK_PUBSUB, "bus").execute();

    assertEquals(
        List.of(new Write("create", Metatypes.LOOPBACK_PUBSUB + "~bus", Map.of("eq1.name", "bus"))),
        repository.writes());
  }

  @Test
  void anUnknownKeyIsRefusedListingTheKnownKeys() {
    String message = refused(create("tcp-client", "plc1", "host=h", "port=502", "colour=red"));

    assertTrue(
        message.startsWith(
            "connection 'plc1' not created, nothing was written:\n  - unknown key 'colour';"
                + " tcp-client knows: autoConnect, host, port, connectTimeoutMillis, framing,"),
        message);
  }

  @Test
  void aBadValueIsRefused() {
    String message = refused(create("tcp-client", "plc1", "host=h", "port=502", "tls=perhaps"));

    assertTrue(message.contains("\n  - tls = perhaps: invalid value (Use TLS.)"), message);
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    String message = refused(create("tcp-client", "plc1", "host=h", "port=70000"));

    assertTrue(message.contains("\n  - port = 70000: "), message);
  }

  @Test
  void aMissingRequiredPortIsRefused() {
    String message = refused(create("tcp-client", "plc1", "host=10.0.0.5"));

    assertTrue(message.contains("\n  - missing required key 'port'"), message);
  }

  @Test
  void aMissingRequiredHostIsRefused() {
    String message = refused(create("tcp-client", "plc1", "port=502"));

    assertTrue(message.contains("\n  - missing required key 'host'"), message);
  }

  @Test
  void allProblemsAreReportedTogether() {
    String message =
        refused(create("tcp-client", "plc1", "host=h", "tls=perhaps", "framing=xml", "x=1"));

    assertEquals(5, message.lines().count(), message);
    assertTrue(message.contains("  - tls = perhaps: invalid value"), message);
    assertTrue(message.contains("  - framing = xml: not a valid option"), message);
    assertTrue(message.contains("  - unknown key 'x'"), message);
    assertTrue(message.contains("  - missing required key 'port'"), message);
  }

  @Test
  void theNameGivenAsAKeyIsRefused() {
    String message = refused(create("loopback-reqres", "echo", "eq1.name=other"));

    assertTrue(
        message.endsWith(
            "'eq1.name' is the connection name: give it as the name argument, not as a key"),
        message);
  }

  @Test
  void aKeyGivenTwiceIsRefused() {
    assertEquals(
        "key 'port' is given twice",
        refused(create("tcp-client", "plc1", "host=h", "port=502", "port=503")));
  }

  @Test
  void anArgumentThatIsNotKeyValueIsRefused() {
    assertEquals(
        "'502' is not key=value (for example port=502)",
        refused(create("tcp-client", "plc1", "host=h", "502")));
  }

  @Test
  void anExistingNameIsRefused() {
    String pid = repository.seed(Metatypes.LOOPBACK_REQRES, "plc1", Map.of("eq1.name", "plc1"));

    assertEquals(
        "connection 'plc1' already exists ("
            + pid
            + "): change it with eq1:update or remove it with eq1:delete",
        refused(create("tcp-client", "plc1", "host=h", "port=502")));
  }

  @Test
  void anInvalidNameIsRefused() {
    String message = refused(create("tcp-client", "plc 1!", "host=h", "port=502"));

    assertTrue(message.contains("'plc 1!' is not valid"), message);
  }

  @Test
  void aProtocolNotInstalledIsRefusedListingTheInstalledOnes() {
    String message = refused(create("modbus", "m1", "host=h"));

    assertTrue(
        message.startsWith(
            "protocol 'modbus' is not installed; installed: loopback-pubsub, loopback-reqres,"
                + " tcp-client, tcp-server"),
        message);
  }

  @Test
  void aProtocolOfABundleThatIsNotResolvedIsNotInstalled() {
    runtime.install(Metatypes.bundle("com.eq1.network.vault", Bundle.INSTALLED), Metatypes.VAULT);

    String message = refused(create("test-vault", "v1", "region=eu"));

    assertTrue(message.startsWith("protocol 'test-vault' is not installed"), message);
  }

  @Test
  void aFailedWriteIsReported() {
    repository.failWrites();

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            create("loopback-reqres", "echo", "queueCapacity=5")::execute);

    assertEquals("connection 'echo' not created: disk full", e.getMessage());
    assertFalse(repository.exists(Metatypes.LOOPBACK_REQRES + "~echo"));
  }

  @Test
  void unreadableConfigurationsAreReported() {
    repository.failLists();

    IllegalStateException e =
        assertThrows(IllegalStateException.class, create("loopback-reqres", "echo")::execute);

    assertEquals("cannot list configurations: configuration store unavailable", e.getMessage());
  }
}
