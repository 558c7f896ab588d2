package com.eq1.network.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code eq1:connect <name>}: connects, waiting at most for the connection's connect timeout. */
@Service
@Command(
    scope = "eq1",
    name = "connect",
    description =
        "Connects a connection and waits for its connect timeout; if the link does not come up,"
            + " it keeps retrying in the background.")
public class ConnectCommand extends LinkCommand {

  @Override
  public Object execute() {
    return apply(true);
  }
}
