package com.eq1.network.shell.internal;

import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.ReqResManager;
import java.time.Duration;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** {@code eq1:request <name> <data>}: sends, then prints the next message received. */
@Service
@Command(
    scope = "eq1",
    name = "request",
    description =
        "Sends data on a request/response connection and prints the next message received,"
            + " waiting up to --timeout (default 5s).")
public class RequestCommand implements Action {

  @Argument(index = 0, name = "name", description = "The connection name.", required = true)
  @Completion(ConnectionNameCompleter.class)
  String name;

  @Argument(
      index = 1,
      name = "data",
      description = "Text, hex digits (--hex) or a file path (--file).",
      required = true)
  String data;

  @Option(name = "--hex", description = "The data is hex digits; the answer is printed as hex.")
  boolean hex;

  @Option(name = "--file", description = "The data is a path; the file's bytes are sent.")
  boolean file;

  @Option(
      name = "--timeout",
      description = "How long to wait for the answer: 500ms, 5s, 2m; a bare number is seconds.")
  String timeout = "5s";

  @Reference ProtocolManager protocols;

  @Reference ReqResManager reqRes;

  @Reference Session session;

  @Override
  public Object execute() {
    Connections.require(protocols, name, ProtocolKind.REQ_RES);
    Duration wait = Durations.parse(timeout, "--timeout");
    byte[] bytes = Payloads.parse(data, hex, file);
    reqRes.send(name, bytes);
    var answer = reqRes.read(name, wait);
    session
        .getConsole()
        .println(
            answer
                .map(b -> Payloads.format(b, hex))
                .orElse("No answer from '" + name + "' within " + wait.toMillis() + " ms"));
    return null;
  }
}
