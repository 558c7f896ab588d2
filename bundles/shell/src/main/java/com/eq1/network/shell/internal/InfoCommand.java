package com.eq1.network.shell.internal;

import com.eq1.network.api.BaseProtocol;
import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.PubSubProtocol;
import com.eq1.network.api.SubscriptionStatus;
import com.eq1.network.manager.ConnectionSnapshot;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.karaf.config.core.ConfigRepository;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * {@code eq1:info <name>}: everything about one connection — state, counters, last error, the
 * protocol's details (peer, TLS), its subscriptions and whether the broker confirmed them, and its
 * configuration with secrets shown as {@code ****}.
 */
@Service
@Command(
    scope = "eq1",
    name = "info",
    description =
        "Shows everything about one connection: state, counters, last error, peer, TLS,"
            + " subscriptions and the configuration (secrets masked).")
public class InfoCommand implements Action {

  @Argument(index = 0, name = "name", description = "The connection name.", required = true)
  @Completion(ConnectionNameCompleter.class)
  String name;

  @Reference ProtocolManager protocols;

  @Reference(optional = true)
  ConfigRepository configurations;

  @Reference(optional = true)
  MetaTypeService metaType;

  @Reference(optional = true)
  BundleContext context;

  @Reference Session session;

  @Override
  public Object execute() {
    Optional<ConnectionSnapshot> snapshot = ConnectionSnapshot.of(protocols, name);
    Optional<ConnectionConfigs.Stored> stored =
        configurations == null ? Optional.empty() : configs().find(name);
    if (snapshot.isEmpty() && stored.isEmpty()) {
      Connections.require(protocols, name);
    }
    ShellTable table = new ShellTable().noHeaders();
    table.column("Key");
    table.column("Value");
    row(table, "Name", name);
    snapshot.ifPresentOrElse(
        s -> connection(table, s),
        () -> row(table, "State", "NOT STARTED: no protocol service; karaf.log says why"));
    Optional<BaseProtocol> protocol = protocols.getProtocol(name);
    protocol.ifPresent(p -> p.details().forEach((k, v) -> row(table, k, v)));
    PrintStream out = session.getConsole();
    table.print(out);
    protocol
        .filter(PubSubProtocol.class::isInstance)
        .map(p -> ((PubSubProtocol) p).subscriptions())
        .ifPresent(subscriptions -> subscriptions(out, subscriptions));
    stored.ifPresent(s -> configuration(out, s));
    return null;
  }

  private ConnectionConfigs configs() {
    ProtocolCatalog catalog =
        metaType == null || context == null
            ? new ProtocolCatalog(List::of)
            : ProtocolCatalog.of(context, metaType);
    return new ConnectionConfigs(configurations, catalog);
  }

  private static void connection(ShellTable table, ConnectionSnapshot snapshot) {
    ConnectionInfo info = snapshot.info();
    row(
        table,
        "Protocol",
        (info.protocolType() == null ? "-" : info.protocolType())
            + " ("
            + Connections.describe(info.kind())
            + ")");
    row(table, "Presence", info.presence());
    ConnectionStatistics s = snapshot.statistics();
    row(
        table,
        "State",
        info.state() + (s == null ? "" : " since " + ListCommand.since(s.stateSince())));
    row(
        table,
        "Connect",
        info.connectRequested() == null
            ? "as configured"
            : info.connectRequested() ? "requested" : "disconnect requested");
    row(table, "Held", info.held() + " (expired " + info.expired() + ")");
    if (info.subscriptions() > 0) {
      row(table, "Desired subscriptions", info.subscriptions());
    }
    if (s == null) {
      return;
    }
    row(table, "Messages", "in " + s.messagesIn() + ", out " + s.messagesOut());
    row(table, "Bytes", "in " + s.bytesIn() + ", out " + s.bytesOut());
    row(table, "Errors", s.errors());
    row(table, "Reconnects", s.reconnects());
    row(
        table,
        "Queued",
        s.queued() + " (expired " + s.expired() + ", dropped " + s.dropped() + ")");
    row(
        table,
        "Last error",
        s.lastError() == null
            ? "none"
            : s.lastError()
                + (s.lastErrorAt() == null ? "" : " at " + ListCommand.since(s.lastErrorAt())));
  }

  private static void subscriptions(PrintStream out, List<SubscriptionStatus> subscriptions) {
    out.println();
    out.println("Subscriptions");
    if (subscriptions.isEmpty()) {
      out.println("  none");
      return;
    }
    ShellTable table = new ShellTable();
    table.column("Filter");
    table.column("QoS").alignRight();
    table.column("Granted").alignRight();
    table.column("Broker");
    for (SubscriptionStatus s : subscriptions) {
      table
          .addRow()
          .addContent(
              s.topicFilter(),
              s.requestedQos(),
              s.grantedQos() == null ? "-" : s.grantedQos(),
              s.error() != null
                  ? "refused: " + s.error()
                  : s.confirmed() ? "confirmed" : "pending");
    }
    table.print(out);
  }

  private void configuration(PrintStream out, ConnectionConfigs.Stored stored) {
    ObjectClassDefinition definition = definition(stored.factoryPid());
    out.println();
    out.println(
        "Configuration "
            + stored.pid()
            + (stored.file() == null ? "" : " (" + stored.file() + ")"));
    ShellTable table = new ShellTable().noHeaders();
    table.column("Key");
    table.column("Value");
    for (Map.Entry<String, Object> e : stored.properties().entrySet()) {
      boolean secret = ConfigValidator.isSecret(definition, e.getKey());
      String value = display(e.getValue());
      row(table, e.getKey(), secret && !value.isEmpty() ? ConfigValidator.MASK : value);
    }
    table.print(out);
  }

  private ObjectClassDefinition definition(String factoryPid) {
    if (metaType == null || context == null) {
      return null;
    }
    try {
      return ProtocolCatalog.of(context, metaType).require(factoryPid).definition();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String display(Object value) {
    if (value instanceof Object[] array) {
      return Arrays.toString(array);
    }
    return String.valueOf(value);
  }

  private static void row(ShellTable table, String key, Object value) {
    table.addRow().addContent(key, value);
  }
}
