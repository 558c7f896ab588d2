package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.shell.internal.MemoryConfigRepository.Write;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Secrets typed into {@code eq1:create} and {@code eq1:update} stay out of the thread name (and so
 * of every log line) and, given as {@code ?}, out of the shell history.
 */
class SecretsTest {

  private static final String KARAF_THREAD_NAME =
      "pipe-eq1:create tcp-client plc1 host=h port=502 tlsKeyStorePassword=s3cr3t";

  private final MemoryConfigRepository repository = new MemoryConfigRepository();
  private final Metatypes.Runtime runtime = Metatypes.Runtime.withProtocolBundles();
  private final ShellSession shell = new ShellSession();
  private String threadName;

  @BeforeEach
  void nameTheThreadLikeKaraf() {
    threadName = Thread.currentThread().getName();
    Thread.currentThread().setName(KARAF_THREAD_NAME);
  }

  @AfterEach
  void restoreTheThreadName() {
    Thread.currentThread().setName(threadName);
  }

  private CreateCommand create(String name, String... assignments) {
    CreateCommand command = new CreateCommand();
    command.protocol = "tcp-client";
    command.name = name;
    command.assignments = Arrays.asList(assignments);
    command.configurations = repository;
    command.metaType = runtime.metaType;
    command.context = runtime.context;
    command.session = shell.session();
    return command;
  }

  @Test
  void createWritesUnderAThreadNameWithoutTheCommandLine() {
    create("plc1", "host=h", "port=502", "tlsKeyStorePassword=s3cr3t").execute();

    assertEquals(List.of("eq1:create plc1"), repository.writerThreads());
    assertEquals(KARAF_THREAD_NAME, Thread.currentThread().getName(), "the name is restored");
  }

  @Test
  void aValueGivenAsQuestionMarkIsAskedForMasked() {
    shell.answer("s3cr3t");

    create("plc1", "host=h", "port=502", "tlsKeyStorePassword = ?").execute();

    assertEquals(List.of("tlsKeyStorePassword: *"), shell.prompts());
    Map<String, Object> written = new LinkedHashMap<>();
    written.put("eq1.name", "plc1");
    written.put("host", "h");
    written.put("port", "502");
    written.put("tlsKeyStorePassword", "s3cr3t");
    assertEquals(
        List.of(new Write("create", Metatypes.TCP_CLIENT + "~plc1", written)), repository.writes());
    assertFalse(shell.output().contains("s3cr3t"), shell.output());
  }

  @Test
  void anAskedValueIsValidatedLikeATypedOne() {
    shell.answer("70000");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, create("plc1", "host=h", "port=?")::execute);

    assertTrue(e.getMessage().contains("port = 70000: "), e.getMessage());
    assertEquals(List.of(), repository.writes());
    assertEquals(KARAF_THREAD_NAME, Thread.currentThread().getName(), "restored after a refusal");
  }

  @Test
  void endOfInputGivesAnEmptyValue() {
    shell.answer((String) null);

    assertEquals(
        List.of("host=h", "tlsKeyStorePassword="),
        Secrets.ask(shell.session(), List.of("host=h", "tlsKeyStorePassword=?")));
  }

  @Test
  void aConsoleThatCannotBeReadIsReported() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            create("plc1", "host=h", "port=502", "tlsKeyStorePassword=?")::execute);

    assertEquals("cannot read tlsKeyStorePassword from the console", e.getMessage());
    assertEquals(List.of(), repository.writes());
  }

  @Test
  void onlyAWholeQuestionMarkIsAsked() {
    assertEquals(
        List.of("host=?.example", "=?", "note=why?"),
        Secrets.ask(shell.session(), List.of("host=?.example", "=?", "note=why?")));
    assertEquals(List.of(), Secrets.ask(shell.session(), null));
    assertEquals(List.of(), shell.prompts());
  }

  @Test
  void updateAsksAndWritesUnderAThreadNameWithoutTheCommandLine() {
    String pid =
        repository.seed(
            Metatypes.TCP_CLIENT, "plc1", Map.of("eq1.name", "plc1", "host", "h", "port", "502"));
    shell.answer("n3w");
    UpdateCommand command = new UpdateCommand();
    command.name = "plc1";
    command.assignments = List.of("tlsTrustStorePassword=?");
    command.configurations = repository;
    command.metaType = runtime.metaType;
    command.context = runtime.context;
    command.session = shell.session();

    command.execute();

    assertEquals("n3w", repository.properties(pid).get("tlsTrustStorePassword"));
    assertEquals(List.of("tlsTrustStorePassword: *"), shell.prompts());
    assertEquals(List.of("eq1:update plc1"), repository.writerThreads());
    assertEquals(KARAF_THREAD_NAME, Thread.currentThread().getName());
  }

  @Test
  void runGivesTheStepsResult() {
    assertEquals("eq1:test", Secrets.run("eq1:test", () -> Thread.currentThread().getName()));
    assertEquals(KARAF_THREAD_NAME, Thread.currentThread().getName());
  }
}
