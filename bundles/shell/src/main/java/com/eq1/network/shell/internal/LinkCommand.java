package com.eq1.network.shell.internal;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.PubSubManager;
import com.eq1.network.api.ReqResManager;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

/**
 * What {@code eq1:connect} and {@code eq1:disconnect} share: they set the managers' desired state,
 * which also applies to a protocol that restarts later.
 */
abstract class LinkCommand implements Action {

  @Argument(index = 0, name = "name", description = "The connection name.", required = true)
  @Completion(ConnectionNameCompleter.class)
  String name;

  @Reference ProtocolManager protocols;

  @Reference PubSubManager pubSub;

  @Reference ReqResManager reqRes;

  @Reference Session session;

  /**
   * Connects or disconnects, then prints the state.
   *
   * @param connect whether to connect
   * @return {@code null}
   */
  Object apply(boolean connect) {
    ConnectionInfo info = Connections.require(protocols, name);
    boolean pubSubKind = info.kind() == ProtocolKind.PUB_SUB;
    if (connect && pubSubKind) {
      pubSub.connect(name);
    } else if (connect) {
      reqRes.connect(name);
    } else if (pubSubKind) {
      pubSub.disconnect(name);
    } else {
      reqRes.disconnect(name);
    }
    session
        .getConsole()
        .println("'" + name + "' is " + Connections.require(protocols, name).state());
    return null;
  }
}
