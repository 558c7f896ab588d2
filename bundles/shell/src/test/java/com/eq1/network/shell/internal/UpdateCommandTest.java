package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.shell.internal.MemoryConfigRepository.Write;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code eq1:update}: changes merged into the stored configuration, checked like a create. */
class UpdateCommandTest {

  private final MemoryConfigRepository repository = new MemoryConfigRepository();
  private final Metatypes.Runtime runtime = Metatypes.Runtime.withProtocolBundles();
  private final ShellSession shell = new ShellSession();
  private String pid;
  private Map<String, Object> stored;

  @BeforeEach
  void storePlc1() {
    stored = new LinkedHashMap<>();
    stored.put("eq1.name", "plc1");
    stored.put("host", "10.0.0.5");
    stored.put("port", "502");
    stored.put("readTimeoutMillis", "2000");
    pid = repository.seed(Metatypes.TCP_CLIENT, "plc1", stored);
  }

  private UpdateCommand update(String name, List<String> assignments, List<String> removals) {
    UpdateCommand command = new UpdateCommand();
    command.name = name;
    command.assignments = assignments;
    command.removals = removals;
    command.configurations = repository;
    command.metaType = runtime.metaType;
    command.context = runtime.context;
    command.session = shell.session();
    return command;
  }

  private String refused(UpdateCommand command) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, command::execute);
    assertEquals(List.of(), repository.writes(), "a refused update must write nothing");
    assertEquals(stored, repository.properties(pid));
    assertEquals("", shell.output());
    return e.getMessage();
  }

  @Test
  void givenKeysAreMergedIntoTheStoredOnes() {
    assertNull(update("plc1", List.of("port=503", "framing=raw"), null).execute());

    Map<String, Object> expected = new LinkedHashMap<>(stored);
    expected.put("port", "503");
    expected.put("framing", "raw");
    assertEquals(List.of(new Write("update", pid, expected)), repository.writes());
    assertEquals("Updated connection 'plc1' (" + pid + ")\n", shell.output());
  }

  @Test
  void removedKeysGoBackToTheirDefaults() {
    update("plc1", null, List.of("readTimeoutMillis")).execute();

    assertEquals(
        List.of(
            new Write(
                "update", pid, Map.of("eq1.name", "plc1", "host", "10.0.0.5", "port", "502"))),
        repository.writes());
  }

  @Test
  void keysCanBeSetAndRemovedAtOnce() {
    update("plc1", List.of("tls=true"), List.of("readTimeoutMillis")).execute();

    assertEquals(
        Map.of("eq1.name", "plc1", "host", "10.0.0.5", "port", "502", "tls", "true"),
        repository.properties(pid));
  }

  @Test
  void removingAKeyThatIsNotSetIsRefused() {
    String message = refused(update("plc1", List.of("port=503"), List.of("noDelay")));

    assertEquals(
        "connection 'plc1' not changed, nothing was written:\n"
            + "  - cannot remove 'noDelay': it is not set",
        message);
  }

  @Test
  void removingTheNameIsRefused() {
    String message = refused(update("plc1", null, List.of("eq1.name")));

    assertTrue(message.endsWith("cannot remove 'eq1.name': it is the connection name"), message);
  }

  @Test
  void removingARequiredKeyIsRefused() {
    String message = refused(update("plc1", null, List.of("port")));

    assertTrue(message.contains("  - missing required key 'port'"), message);
  }

  @Test
  void aBadValueIsRefused() {
    String message = refused(update("plc1", List.of("port=70000"), null));

    assertTrue(message.contains("  - port = 70000: "), message);
  }

  @Test
  void anUnknownKeyIsRefused() {
    String message = refused(update("plc1", List.of("hostname=x"), List.of()));

    assertTrue(message.contains("  - unknown key 'hostname'; tcp-client knows: "), message);
  }

  @Test
  void theNameCannotBeChangedAsAKey() {
    String message = refused(update("plc1", List.of("eq1.name=plc2"), null));

    assertTrue(message.contains("'eq1.name' is the connection name"), message);
  }

  @Test
  void nothingToChangeIsRefused() {
    assertEquals(
        "nothing to change: give key=value or --remove key",
        refused(update("plc1", List.of(), List.of())));
    assertEquals(
        "nothing to change: give key=value or --remove key", refused(update("plc1", null, null)));
  }

  @Test
  void aConnectionWithoutConfigurationIsRefused() {
    assertEquals(
        "no configuration for connection 'plc2'; eq1:list shows the connections",
        refused(update("plc2", List.of("port=503"), null)));
  }

  @Test
  void aConnectionWhoseProtocolIsNoLongerInstalledIsRefused() {
    repository.seed("com.eq1.network.mqtt", "broker", Map.of("eq1.name", "broker"));

    String message = refused(update("broker", List.of("port=1883"), null));

    assertTrue(
        message.startsWith("protocol 'com.eq1.network.mqtt' is not installed; installed: "),
        message);
  }

  @Test
  void aFailedWriteIsReported() {
    repository.failWrites();

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, update("plc1", List.of("port=503"), null)::execute);

    assertEquals("connection 'plc1' not changed: disk full", e.getMessage());
    assertEquals(stored, repository.properties(pid));
  }
}
