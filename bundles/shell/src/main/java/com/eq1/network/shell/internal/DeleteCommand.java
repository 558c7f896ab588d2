package com.eq1.network.shell.internal;

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

/** {@code eq1:delete <name>}: removes a connection's configuration and its {@code .cfg} file. */
@Service
@Command(
    scope = "eq1",
    name = "delete",
    description = "Deletes a connection: its configuration and its etc/ .cfg file.")
public class DeleteCommand implements Action {

  @Argument(index = 0, name = "name", description = "The connection name.", required = true)
  @Completion(ConnectionNameCompleter.class)
  String name;

  @Reference ConfigRepository configurations;

  @Reference MetaTypeService metaType;

  @Reference BundleContext context;

  @Reference Session session;

  @Override
  public Object execute() {
    ConnectionConfigs configs =
        new ConnectionConfigs(configurations, ProtocolCatalog.of(context, metaType));
    String pid = configs.delete(name);
    session.getConsole().println("Deleted connection '" + name + "' (" + pid + ")");
    return null;
  }
}
