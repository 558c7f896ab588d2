package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.shell.internal.MemoryConfigRepository.Write;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code eq1:delete}: removes the connection's configuration, and nothing else. */
class DeleteCommandTest {

  private final MemoryConfigRepository repository = new MemoryConfigRepository();
  private final Metatypes.Runtime runtime = Metatypes.Runtime.withProtocolBundles();
  private final ShellSession shell = new ShellSession();

  private DeleteCommand delete(String name) {
    DeleteCommand command = new DeleteCommand();
    command.name = name;
    command.configurations = repository;
    command.metaType = runtime.metaType;
    command.context = runtime.context;
    command.session = shell.session();
    return command;
  }

  @Test
  void deletesTheConfigurationOfTheName() {
    String plc1 = repository.seed(Metatypes.TCP_CLIENT, "plc1", Map.of("eq1.name", "plc1"));
    String plc2 = repository.seed(Metatypes.TCP_CLIENT, "plc2", Map.of("eq1.name", "plc2"));

    assertNull(delete("plc1").execute());

    assertEquals(List.of(new Write("delete", plc1, null)), repository.writes());
    assertFalse(repository.exists(plc1));
    assertTrue(repository.exists(plc2));
    assertEquals("Deleted connection 'plc1' (" + plc1 + ")\n", shell.output());
  }

  @Test
  void aNameWithoutConfigurationIsRefusedAndNothingIsDeleted() {
    String plc1 = repository.seed(Metatypes.TCP_CLIENT, "plc1", Map.of("eq1.name", "plc1"));
    repository.seedEmpty(Metatypes.TCP_CLIENT, "pending");
    repository.seed("org.example.other", "plc9", Map.of("eq1.name", "plc9"));

    for (String name : List.of("plc9", "pending", "nobody")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, delete(name)::execute);
      assertEquals(
          "no configuration for connection '" + name + "'; eq1:list shows the connections",
          e.getMessage());
    }

    assertEquals(List.of(), repository.writes());
    assertTrue(repository.exists(plc1));
    assertEquals("", shell.output());
  }

  @Test
  void aFailedDeleteIsReported() {
    String plc1 = repository.seed(Metatypes.TCP_CLIENT, "plc1", Map.of("eq1.name", "plc1"));
    repository.failWrites();

    IllegalStateException e = assertThrows(IllegalStateException.class, delete("plc1")::execute);

    assertEquals("connection 'plc1' not deleted: disk full", e.getMessage());
    assertTrue(repository.exists(plc1));
    assertEquals("", shell.output());
  }
}
