package com.eq1.network.shell.internal;

import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.PubSubManager;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** {@code eq1:publish <name> <topic> <message>}: publishes on a publish/subscribe connection. */
@Service
@Command(
    scope = "eq1",
    name = "publish",
    description =
        "Publishes a message on a publish/subscribe connection (MQTT, loopback). While the link"
            + " is down the message waits in the connection's queue.")
public class PublishCommand implements Action {

  @Argument(index = 0, name = "name", description = "The connection name.", required = true)
  @Completion(ConnectionNameCompleter.class)
  String name;

  @Argument(index = 1, name = "topic", description = "The topic, no wildcards.", required = true)
  @Completion(TopicCompleter.class)
  String topic;

  @Argument(
      index = 2,
      name = "message",
      description = "Text, hex digits (--hex) or a file path (--file).",
      required = true)
  String message;

  @Option(name = "--qos", description = "Quality of service 0, 1 or 2 (default 1).")
  int qos = 1;

  @Option(name = "--retain", description = "The broker keeps the message for new subscribers.")
  boolean retain;

  @Option(name = "--hex", description = "The message is hex digits.")
  boolean hex;

  @Option(name = "--file", description = "The message is a path; the file's bytes are published.")
  boolean file;

  @Reference ProtocolManager protocols;

  @Reference PubSubManager pubSub;

  @Reference Session session;

  @Override
  public Object execute() {
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("--qos " + qos + " is not 0, 1 or 2");
    }
    Connections.require(protocols, name, ProtocolKind.PUB_SUB);
    byte[] payload = Payloads.parse(message, hex, file);
    pubSub.publish(name, topic, payload, qos, retain);
    Connections.rememberTopic(session, topic);
    session
        .getConsole()
        .println(
            "Published "
                + payload.length
                + " bytes to '"
                + topic
                + "' on '"
                + name
                + "' (QoS "
                + qos
                + (retain ? ", retained" : "")
                + ")");
    return null;
  }
}
