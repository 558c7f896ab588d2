package com.eq1.network.shell.internal;

import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.ReqResManager;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** {@code eq1:send <name> <data>}: sends bytes on a request/response connection. */
@Service
@Command(
    scope = "eq1",
    name = "send",
    description =
        "Sends data on a request/response connection (TCP, serial, loopback): text by default,"
            + " --hex for bytes such as '01 03 00 00', --file to send a file's bytes.")
public class SendCommand implements Action {

  @Argument(index = 0, name = "name", description = "The connection name.", required = true)
  @Completion(ConnectionNameCompleter.class)
  String name;

  @Argument(
      index = 1,
      name = "data",
      description = "Text, hex digits (--hex) or a file path (--file).",
      required = true)
  String data;

  @Option(name = "--hex", description = "The data is hex digits.")
  boolean hex;

  @Option(name = "--text", description = "The data is text, sent as UTF-8 (the default).")
  boolean text;

  @Option(name = "--file", description = "The data is a path; the file's bytes are sent.")
  boolean file;

  @Reference ProtocolManager protocols;

  @Reference ReqResManager reqRes;

  @Reference Session session;

  @Override
  public Object execute() {
    send();
    return null;
  }

  /**
   * Checks the connection and sends the data.
   *
   * @return the number of bytes sent
   */
  int send() {
    if (text && (hex || file)) {
      throw new IllegalArgumentException("use one of --text, --hex and --file");
    }
    Connections.require(protocols, name, ProtocolKind.REQ_RES);
    byte[] bytes = Payloads.parse(data, hex, file);
    int sent = reqRes.send(name, bytes);
    session.getConsole().println("Sent " + sent + " bytes to '" + name + "'");
    return sent;
  }
}
