package com.eq1.network.shell.internal;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Accepts whatever new name is typed. Karaf completes an argument only when every argument before
 * it is one its completer accepts; without this, {@code eq1:create <protocol> <name> <TAB>} would
 * offer no keys.
 */
@Service
public class NewNameCompleter implements Completer {

  @Override
  public int complete(Session session, CommandLine commandLine, List<String> candidates) {
    String word = commandLine.getCursorArgument();
    if (word == null || word.isEmpty()) {
      return -1;
    }
    return new StringsCompleter(List.of(word)).complete(session, commandLine, candidates);
  }
}
