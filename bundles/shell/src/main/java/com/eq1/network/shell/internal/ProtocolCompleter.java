package com.eq1.network.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeService;

/** Completes the protocols the installed bundles offer ({@code eq1.protocol} values). */
@Service
public class ProtocolCompleter implements Completer {

  @Reference MetaTypeService metaType;

  @Reference BundleContext context;

  @Override
  public int complete(Session session, CommandLine commandLine, List<String> candidates) {
    StringsCompleter protocols = new StringsCompleter();
    ProtocolCatalog.of(context, metaType).types().stream()
        .map(ProtocolCatalog.ProtocolType::protocol)
        .forEach(protocols.getStrings()::add);
    return protocols.complete(session, commandLine, candidates);
  }
}
