package com.eq1.network.shell.internal;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolManager;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.karaf.shell.api.console.Session;

/** Finding connections by name for the commands, with errors an operator can act on. */
final class Connections {

  private static final String TOPICS = "eq1.topics";
  private static final int MAX_TOPICS = 200;

  private Connections() {}

  /**
   * Returns what the managers know of a name.
   *
   * @param manager the protocol manager
   * @param name the connection name
   * @return the connection
   * @throws IllegalArgumentException if the managers do not know the name
   */
  static ConnectionInfo require(ProtocolManager manager, String name) {
    return manager
        .connection(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no connection '"
                        + name
                        + "'"
                        + known(manager)
                        + "; eq1:create makes one, eq1:list shows them"));
  }

  /**
   * Returns a connection of the given kind.
   *
   * @param manager the protocol manager
   * @param name the connection name
   * @param kind the kind the command needs
   * @return the connection
   * @throws IllegalArgumentException if there is no such connection or it is of the other kind
   */
  static ConnectionInfo require(ProtocolManager manager, String name, ProtocolKind kind) {
    ConnectionInfo info = require(manager, name);
    if (info.kind() != kind) {
      throw new IllegalArgumentException(
          "connection '"
              + name
              + "' is "
              + describe(info.kind())
              + (info.protocolType() == null ? "" : " (" + info.protocolType() + ")")
              + ": "
              + (kind == ProtocolKind.PUB_SUB
                  ? "use eq1:send, eq1:read or eq1:request"
                  : "use eq1:publish or eq1:subscribe"));
    }
    return info;
  }

  /**
   * Names a kind for people.
   *
   * @param kind the kind
   * @return {@code request/response} or {@code publish/subscribe}
   */
  static String describe(ProtocolKind kind) {
    return kind == ProtocolKind.PUB_SUB ? "publish/subscribe" : "request/response";
  }

  /**
   * Remembers a topic used in this shell session, for completion.
   *
   * @param session the session, may be {@code null}
   * @param topic the topic or filter
   */
  static void rememberTopic(Session session, String topic) {
    if (session != null) {
      Set<String> topics = topics(session);
      synchronized (topics) {
        if (topics.size() < MAX_TOPICS) {
          topics.add(topic);
        }
      }
    }
  }

  /**
   * Returns the topics used in this shell session.
   *
   * @param session the session
   * @return the live set; synchronize on it to iterate
   */
  @SuppressWarnings("unchecked")
  static Set<String> topics(Session session) {
    synchronized (session) {
      Object topics = session.get(TOPICS);
      if (!(topics instanceof Set)) {
        topics = new LinkedHashSet<String>();
        session.put(TOPICS, topics);
      }
      return (Set<String>) topics;
    }
  }

  private static String known(ProtocolManager manager) {
    var names = manager.connections().stream().map(ConnectionInfo::name).distinct().toList();
    return names.isEmpty() ? "" : " (known: " + String.join(", ", names) + ")";
  }
}
