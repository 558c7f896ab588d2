package com.eq1.network.shell.internal;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionStatistics;
import com.eq1.network.api.Presence;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.manager.ConnectionSnapshot;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.karaf.config.core.ConfigRepository;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code eq1:list}: every connection with its state and counters. */
@Service
@Command(
    scope = "eq1",
    name = "list",
    description =
        "Lists every connection: protocol, state and since when, messages in/out, errors,"
            + " reconnects, queued and held messages.")
public class ListCommand implements Action {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Reference ProtocolManager protocols;

  @Reference(optional = true)
  ConfigRepository configurations;

  @Reference Session session;

  @Override
  public Object execute() {
    ShellTable table = new ShellTable();
    table.column("Name");
    table.column("Protocol");
    table.column("State");
    table.column("Since");
    table.column("In").alignRight();
    table.column("Out").alignRight();
    table.column("Errors").alignRight();
    table.column("Reconnects").alignRight();
    table.column("Queued").alignRight();
    table.column("Held").alignRight();
    List<ConnectionSnapshot> snapshots = ConnectionSnapshot.all(protocols);
    for (ConnectionSnapshot snapshot : snapshots) {
      ConnectionInfo info = snapshot.info();
      ConnectionStatistics s = snapshot.statistics();
      table
          .addRow()
          .addContent(
              info.name(),
              info.protocolType() == null ? "-" : info.protocolType(),
              state(info),
              s == null ? "-" : since(s.stateSince()),
              s == null ? "-" : s.messagesIn(),
              s == null ? "-" : s.messagesOut(),
              s == null ? "-" : s.errors(),
              s == null ? "-" : s.reconnects(),
              s == null ? "-" : s.queued(),
              info.held());
    }
    if (configurations != null) {
      Set<String> running =
          snapshots.stream().map(x -> x.info().name()).collect(Collectors.toSet());
      ProtocolCatalog none = new ProtocolCatalog(List::of);
      for (ConnectionConfigs.Stored stored : new ConnectionConfigs(configurations, none).all()) {
        Object name = stored.properties().get(com.eq1.network.api.ProtocolProperties.NAME);
        if (name != null && !running.contains(name.toString())) {
          table
              .addRow()
              .addContent(
                  name,
                  ProtocolCatalog.protocolOf(stored.factoryPid()).orElse("-"),
                  "NOT STARTED",
                  "-",
                  "-",
                  "-",
                  "-",
                  "-",
                  "-",
                  "-");
        }
      }
    }
    PrintStream out = session.getConsole();
    table.print(out);
    return null;
  }

  private static String state(ConnectionInfo info) {
    return info.presence() == Presence.PRESENT
        ? info.state().name()
        : info.presence().name() + " (" + info.state().name() + ")";
  }

  static String since(Instant instant) {
    var time = instant.atZone(ZoneId.systemDefault());
    return time.toLocalDate().equals(LocalDate.now()) ? TIME.format(time) : DATE_TIME.format(time);
  }
}
