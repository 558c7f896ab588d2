package com.eq1.network.shell.internal;

import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.ReqResManager;
import java.time.Duration;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/**
 * {@code eq1:read <name>}: takes the next message received on a request/response connection. An
 * equipment bundle reading the same connection competes for the same messages.
 */
@Service
@Command(
    scope = "eq1",
    name = "read",
    description =
        "Prints the next message received on a request/response connection, waiting up to"
            + " --timeout (default 5s). Printable text is shown as text, anything else as hex.")
public class ReadCommand implements Action {

  @Argument(index = 0, name = "name", description = "The connection name.", required = true)
  @Completion(ConnectionNameCompleter.class)
  String name;

  @Option(
      name = "--timeout",
      description = "How long to wait: 500ms, 5s, 2m; a bare number is seconds. Default 5s.")
  String timeout = "5s";

  @Option(name = "--hex", description = "Print the message as hex even if it is text.")
  boolean hex;

  @Reference ProtocolManager protocols;

  @Reference ReqResManager reqRes;

  @Reference Session session;

  @Override
  public Object execute() {
    Connections.require(protocols, name, ProtocolKind.REQ_RES);
    Duration wait = Durations.parse(timeout, "--timeout");
    print(reqRes.read(name, wait), wait);
    return null;
  }

  /**
   * Prints what was read.
   *
   * @param message the message, or empty
   * @param wait how long was waited
   */
  void print(Optional<byte[]> message, Duration wait) {
    session
        .getConsole()
        .println(
            message
                .map(bytes -> Payloads.format(bytes, hex))
                .orElse("Nothing received on '" + name + "' within " + wait.toMillis() + " ms"));
  }
}
