package com.eq1.network.shell.internal;

import java.util.List;
import org.apache.karaf.config.core.ConfigRepository;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeService;

/** {@code eq1:update <name> key=value…}: changes keys of a connection, checked like create. */
@Service
@Command(
    scope = "eq1",
    name = "update",
    description =
        "Changes keys of a connection: eq1:update plc1 port=503. Checked against the protocol's"
            + " configuration before anything is written; the protocol restarts with the change.")
public class UpdateCommand implements Action {

  @Argument(index = 0, name = "name", description = "The connection name.", required = true)
  @Completion(ConnectionNameCompleter.class)
  String name;

  @Argument(
      index = 1,
      name = "key=value",
      description =
          "Keys to set, for example port=503; password=? asks for the value without echo.",
      multiValued = true)
  List<String> assignments;

  @Option(
      name = "--remove",
      description = "A key to remove, so its default applies again; may be repeated.",
      multiValued = true)
  List<String> removals;

  @Reference ConfigRepository configurations;

  @Reference MetaTypeService metaType;

  @Reference BundleContext context;

  @Reference Session session;

  @Override
  public Object execute() {
    if ((assignments == null || assignments.isEmpty())
        && (removals == null || removals.isEmpty())) {
      throw new IllegalArgumentException("nothing to change: give key=value or --remove key");
    }
    ConnectionConfigs configs =
        new ConnectionConfigs(configurations, ProtocolCatalog.of(context, metaType));
    String pid =
        Secrets.run(
            "eq1:update " + name,
            () -> configs.update(name, Secrets.ask(session, assignments), removals));
    session.getConsole().println("Updated connection '" + name + "' (" + pid + ")");
    return null;
  }
}
