package com.eq1.network.shell.internal;

import com.eq1.network.api.ProtocolProperties;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Completes {@code key=} for {@code eq1:create <protocol> <name>} from the protocol's metatype. */
@Service
public class ConfigKeyCompleter implements Completer {

  @Reference MetaTypeService metaType;

  @Reference BundleContext context;

  @Override
  public int complete(Session session, CommandLine commandLine, List<String> candidates) {
    String[] words = commandLine.getArguments();
    StringsCompleter keys = new StringsCompleter();
    if (words.length > 1) {
      ProtocolCatalog.of(context, metaType).types().stream()
          .filter(t -> t.protocol().equals(words[1]))
          .findFirst()
          .ifPresent(
              t -> {
                AttributeDefinition[] all =
                    t.definition().getAttributeDefinitions(ObjectClassDefinition.ALL);
                for (AttributeDefinition a : all == null ? new AttributeDefinition[0] : all) {
                  if (!ProtocolProperties.NAME.equals(a.getID())) {
                    keys.getStrings().add(a.getID() + "=");
                  }
                }
              });
    }
    return keys.complete(session, commandLine, candidates);
  }
}
