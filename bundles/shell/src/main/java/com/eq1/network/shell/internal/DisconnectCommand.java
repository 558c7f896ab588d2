package com.eq1.network.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code eq1:disconnect <name>}: disconnects and stays disconnected until eq1:connect. */
@Service
@Command(
    scope = "eq1",
    name = "disconnect",
    description =
        "Disconnects a connection; it stays disconnected (no reconnect) until eq1:connect, also"
            + " across a restart of its protocol bundle.")
public class DisconnectCommand extends LinkCommand {

  @Override
  public Object execute() {
    return apply(false);
  }
}
