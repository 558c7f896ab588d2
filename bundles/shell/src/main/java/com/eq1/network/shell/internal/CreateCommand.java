package com.eq1.network.shell.internal;

import java.util.List;
import org.apache.karaf.config.core.ConfigRepository;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeService;

/**
 * {@code eq1:create <protocol> <name> key=value…}: a new connection, as a factory configuration
 * checked against the protocol's metatype before anything is written and persisted as {@code
 * etc/<factoryPid>-<name>.cfg}.
 */
@Service
@Command(
    scope = "eq1",
    name = "create",
    description =
        "Creates a connection: eq1:create tcp-client plc1 host=10.0.0.5 port=502. The keys are the"
            + " configuration's own (see the example .cfg files in etc/); they are checked before"
            + " anything is written, and the connection is saved as etc/<factoryPid>-<name>.cfg.")
public class CreateCommand implements Action {

  @Argument(
      index = 0,
      name = "protocol",
      description =
          "The protocol (eq1.protocol value): loopback-pubsub, tcp-client, mqtt, serial, …",
      required = true)
  @Completion(ProtocolCompleter.class)
  String protocol;

  @Argument(index = 1, name = "name", description = "The new connection's name.", required = true)
  @Completion(NewNameCompleter.class)
  String name;

  @Argument(
      index = 2,
      name = "key=value",
      description =
          "Configuration keys, for example host=10.0.0.5 port=502; password=? asks for the value"
              + " without echo, keeping it out of the shell history.",
      multiValued = true)
  @Completion(ConfigKeyCompleter.class)
  List<String> assignments;

  @Reference ConfigRepository configurations;

  @Reference MetaTypeService metaType;

  @Reference BundleContext context;

  @Reference Session session;

  @Override
  public Object execute() {
    ConnectionConfigs configs =
        new ConnectionConfigs(configurations, ProtocolCatalog.of(context, metaType));
    String pid =
        Secrets.run(
            "eq1:create " + name,
            () -> configs.create(protocol, name, Secrets.ask(session, assignments)));
    session
        .getConsole()
        .println(
            "Created "
                + protocol
                + " connection '"
                + name
                + "' ("
                + pid
                + "); eq1:list shows it once its protocol has started");
    return null;
  }
}
