package com.eq1.network.shell.internal;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.ProtocolProperties;
import java.util.List;
import java.util.Objects;
import org.apache.karaf.config.core.ConfigRepository;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes connection names: those the managers know and those configured but not started. */
@Service
public class ConnectionNameCompleter implements Completer {

  @Reference ProtocolManager protocols;

  @Reference(optional = true)
  ConfigRepository configurations;

  @Override
  public int complete(Session session, CommandLine commandLine, List<String> candidates) {
    StringsCompleter names = new StringsCompleter();
    protocols.connections().stream().map(ConnectionInfo::name).forEach(names.getStrings()::add);
    if (configurations != null) {
      new ConnectionConfigs(configurations, new ProtocolCatalog(List::of))
          .all().stream()
              .map(s -> s.properties().get(ProtocolProperties.NAME))
              .filter(Objects::nonNull)
              .map(Object::toString)
              .forEach(names.getStrings()::add);
    }
    return names.complete(session, commandLine, candidates);
  }
}
