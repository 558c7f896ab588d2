package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The completers, fed Karaf's own command line for what the operator typed so far. */
class CompletersTest {

  private final Network network = new Network();
  private final MemoryConfigRepository repository = new MemoryConfigRepository();
  private final Metatypes.Runtime runtime = Metatypes.Runtime.withProtocolBundles();
  private final ShellSession shell = new ShellSession();

  @AfterEach
  void close() throws Exception {
    network.close();
  }

  /** Completes the last word of {@code words}; an empty last word completes from scratch. */
  private List<String> complete(Completer completer, String... words) {
    String buffer = String.join(" ", words);
    String last = words[words.length - 1];
    CommandLine line =
        new CommandLineImpl(words, words.length - 1, last.length(), buffer.length(), buffer);
    List<String> candidates = new ArrayList<>();
    completer.complete(shell.session(), line, candidates);
    return candidates.stream().map(String::trim).sorted().toList();
  }

  @Test
  void connectionNamesComeFromTheManagersAndTheConfigurations() {
    network.echo("echo");
    network.bus("bus");
    repository.seed(Metatypes.TCP_CLIENT, "plc9", Map.of("eq1.name", "plc9"));
    repository.seed(Metatypes.LOOPBACK_REQRES, "echo", Map.of("eq1.name", "echo"));
    repository.seedEmpty(Metatypes.TCP_CLIENT, "unsaved");
    ConnectionNameCompleter completer = new ConnectionNameCompleter();
    completer.protocols = network.protocols;
    completer.configurations = repository;

    assertEquals(List.of("bus", "echo", "plc9"), complete(completer, "eq1:info", ""));
    assertEquals(List.of("echo"), complete(completer, "eq1:info", "e"));
    assertEquals(List.of("plc9"), complete(completer, "eq1:info", "p"));
  }

  @Test
  void withoutConfigurationAdminOnlyTheManagersNamesAreCompleted() {
    network.echo("echo");
    ConnectionNameCompleter completer = new ConnectionNameCompleter();
    completer.protocols = network.protocols;

    assertEquals(List.of("echo"), complete(completer, "eq1:send", ""));
  }

  @Test
  void protocolsComeFromTheInstalledMetatype() {
    ProtocolCompleter completer = new ProtocolCompleter();
    completer.metaType = runtime.metaType;
    completer.context = runtime.context;

    assertEquals(
        List.of("loopback-pubsub", "loopback-reqres", "tcp-client", "tcp-server"),
        complete(completer, "eq1:create", ""));
    assertEquals(List.of("tcp-client", "tcp-server"), complete(completer, "eq1:create", "tc"));
  }

  @Test
  void configurationKeysOfTheProtocolNamedOnTheLine() {
    ConfigKeyCompleter completer = new ConfigKeyCompleter();
    completer.metaType = runtime.metaType;
    completer.context = runtime.context;

    List<String> keys = complete(completer, "eq1:create", "tcp-client", "plc1", "");
    assertTrue(
        keys.containsAll(List.of("host=", "port=", "framing=", "tlsKeyStorePassword=")),
        keys.toString());
    assertFalse(keys.contains("eq1.name="), keys.toString());
    assertEquals(
        List.of("queueCapacity=", "queueOverflow=", "queueTtlSeconds="),
        complete(completer, "eq1:create", "loopback-reqres", "echo", "queue"));
  }

  @Test
  void noConfigurationKeysWithoutAKnownProtocol() {
    ConfigKeyCompleter completer = new ConfigKeyCompleter();
    completer.metaType = runtime.metaType;
    completer.context = runtime.context;

    assertEquals(List.of(), complete(completer, "eq1:create", "modbus", "m1", ""));
    assertEquals(List.of(), complete(completer, ""));
  }

  @Test
  void aNewNameIsAcceptedAsTypedSoKeysCompleteAfterIt() {
    NewNameCompleter completer = new NewNameCompleter();

    assertEquals(List.of("plc1"), complete(completer, "eq1:create", "tcp-client", "plc1"));
    List<String> none = new ArrayList<>();
    assertEquals(
        -1,
        completer.complete(
            shell.session(),
            new CommandLineImpl(
                new String[] {"eq1:create", "tcp-client", ""}, 2, 0, 22, "eq1:create tcp-client "),
            none));
    assertEquals(List.of(), none, "nothing to offer before a name is typed");
  }

  @Test
  void topicsComeFromTheSessionAndTheConnectionsSubscriptions() {
    network.bus("bus");
    network.echo("echo");
    network.pubSub.subscribe("bus", "cell/+/status", 1, (t, p) -> {});
    Connections.rememberTopic(shell.session(), "line/1/speed");
    TopicCompleter completer = new TopicCompleter();
    completer.protocols = network.protocols;

    assertEquals(
        List.of("cell/+/status", "line/1/speed"), complete(completer, "eq1:publish", "bus", ""));
    assertEquals(List.of("line/1/speed"), complete(completer, "eq1:publish", "echo", ""));
    assertEquals(List.of("line/1/speed"), complete(completer, "eq1:publish", "plc1", ""));
    assertEquals(List.of("cell/+/status"), complete(completer, "eq1:subscribe", "bus", "c"));
    assertEquals(List.of("line/1/speed"), complete(completer, ""));
  }
}
