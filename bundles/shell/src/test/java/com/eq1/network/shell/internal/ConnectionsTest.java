package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ProtocolKind;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Finding connections by name and remembering topics per shell session. */
class ConnectionsTest {

  @Test
  void aConnectionOfTheRightKindIsFound() throws Exception {
    try (Network network = new Network()) {
      network.echo("echo");

      assertEquals(
          ProtocolKind.REQ_RES,
          Connections.require(network.protocols, "echo", ProtocolKind.REQ_RES).kind());
    }
  }

  @Test
  void aNameKnownOnlyFromDesiredStateIsOfItsKindWithoutProtocol() throws Exception {
    try (Network network = new Network()) {
      network.pubSub.connect("later");

      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Connections.require(network.protocols, "later", ProtocolKind.REQ_RES));

      assertEquals(
          "connection 'later' is publish/subscribe: use eq1:publish or eq1:subscribe",
          e.getMessage());
    }
  }

  @Test
  void kindsAreNamedForPeople() {
    assertEquals("publish/subscribe", Connections.describe(ProtocolKind.PUB_SUB));
    assertEquals("request/response", Connections.describe(ProtocolKind.REQ_RES));
  }

  @Test
  void topicsAreRememberedPerSessionUpToALimit() {
    ShellSession shell = new ShellSession();
    Set<String> topics = Connections.topics(shell.session());
    assertTrue(topics.isEmpty());

    IntStream.range(0, 250).forEach(i -> Connections.rememberTopic(shell.session(), "t/" + i));
    Connections.rememberTopic(shell.session(), "t/0");

    assertSame(topics, Connections.topics(shell.session()), "one live set per session");
    assertEquals(200, topics.size());
    assertEquals(List.of("t/0", "t/1"), topics.stream().limit(2).toList());
    assertTrue(Connections.topics(new ShellSession().session()).isEmpty(), "not shared");
  }

  @Test
  void withoutASessionNothingIsRemembered() {
    Connections.rememberTopic(null, "t/1"); // e.g. a command run outside a console
    ShellSession shell = new ShellSession();
    shell.session().put("eq1.topics", "not a set");

    assertTrue(Connections.topics(shell.session()).isEmpty(), "a foreign value is replaced");
  }
}
