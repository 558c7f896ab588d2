package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.eq1.network.api.ConnectionState;
import com.eq1.network.loopback.LoopbackPubSubProtocol;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code eq1:connect} and {@code eq1:disconnect} on both kinds of connection. */
class LinkCommandTest {

  private final Network network = new Network();
  private final ShellSession shell = new ShellSession();

  @AfterEach
  void close() throws Exception {
    network.close();
  }

  private <C extends LinkCommand> C link(C command, String name) {
    command.name = name;
    command.protocols = network.protocols;
    command.pubSub = network.pubSub;
    command.reqRes = network.reqRes;
    command.session = shell.session();
    return command;
  }

  @Test
  void aRequestResponseConnectionIsDisconnectedAndConnectedThroughItsManager() {
    LoopbackReqResProtocol echo = network.echo("echo");

    assertNull(link(new DisconnectCommand(), "echo").execute());
    assertEquals(ConnectionState.DISCONNECTED, echo.state());
    assertEquals(Boolean.FALSE, network.info("echo").connectRequested());
    assertEquals("'echo' is DISCONNECTED\n", shell.output());
    shell.clear();

    assertNull(link(new ConnectCommand(), "echo").execute());
    assertEquals(ConnectionState.CONNECTED, echo.state());
    assertEquals(Boolean.TRUE, network.info("echo").connectRequested());
    assertEquals("'echo' is CONNECTED\n", shell.output());
  }

  @Test
  void aPublishSubscribeConnectionIsDisconnectedAndConnectedThroughItsManager() {
    LoopbackPubSubProtocol bus = network.bus("bus");

    link(new DisconnectCommand(), "bus").execute();
    assertEquals(ConnectionState.DISCONNECTED, bus.state());
    assertEquals(Boolean.FALSE, network.info("bus").connectRequested());
    assertEquals("'bus' is DISCONNECTED\n", shell.output());
    shell.clear();

    link(new ConnectCommand(), "bus").execute();
    assertEquals(ConnectionState.CONNECTED, bus.state());
    assertEquals(Boolean.TRUE, network.info("bus").connectRequested());
    assertEquals("'bus' is CONNECTED\n", shell.output());
  }

  @Test
  void anUnknownNameIsRefused() {
    network.echo("echo");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, link(new ConnectCommand(), "plc1")::execute);

    assertEquals(
        "no connection 'plc1' (known: echo); eq1:create makes one, eq1:list shows them",
        e.getMessage());
    assertEquals(null, network.info("echo").connectRequested(), "nothing was connected");
    assertEquals("", shell.output());
  }
}
