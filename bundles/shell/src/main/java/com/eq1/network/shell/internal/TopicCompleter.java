package com.eq1.network.shell.internal;

import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.PubSubProtocol;
import com.eq1.network.api.SubscriptionStatus;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes topics seen: those used or received in this shell session, and the filters the
 * connection named on the command line is subscribed to.
 */
@Service
public class TopicCompleter implements Completer {

  @Reference ProtocolManager protocols;

  @Override
  public int complete(Session session, CommandLine commandLine, List<String> candidates) {
    StringsCompleter topics = new StringsCompleter();
    Set<String> seen = Connections.topics(session);
    synchronized (seen) {
      topics.getStrings().addAll(seen);
    }
    String[] words = commandLine.getArguments();
    if (words.length > 1) {
      protocols
          .getProtocol(words[1])
          .filter(PubSubProtocol.class::isInstance)
          .map(p -> ((PubSubProtocol) p).subscriptions())
          .ifPresent(
              list ->
                  list.stream()
                      .map(SubscriptionStatus::topicFilter)
                      .forEach(topics.getStrings()::add));
    }
    return topics.complete(session, commandLine, candidates);
  }
}
