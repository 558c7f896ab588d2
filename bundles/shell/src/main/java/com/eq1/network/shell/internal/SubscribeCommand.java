package com.eq1.network.shell.internal;

import com.eq1.network.api.MessageListener;
import com.eq1.network.api.ProtocolKind;
import com.eq1.network.api.ProtocolManager;
import com.eq1.network.api.PubSubManager;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/**
 * {@code eq1:subscribe <name> <filter>}: prints every message that arrives until Ctrl-C, {@code
 * --count} messages or {@code --timeout}; the subscription is removed when the command ends.
 */
@Service
@Command(
    scope = "eq1",
    name = "subscribe",
    description =
        "Subscribes to a topic filter (+ and # wildcards) and prints each message as it arrives,"
            + " until Ctrl-C, --count messages or --timeout. The subscription ends with the"
            + " command.")
public class SubscribeCommand implements Action {

  /** Messages waiting to be printed before newer ones are dropped (and counted). */
  static final int BACKLOG = 10_000;

  @Argument(index = 0, name = "name", description = "The connection name.", required = true)
  @Completion(ConnectionNameCompleter.class)
  String name;

  @Argument(index = 1, name = "filter", description = "The topic filter.", required = true)
  @Completion(TopicCompleter.class)
  String filter;

  @Option(name = "--count", description = "Stop after this many messages.")
  int count;

  @Option(
      name = "--timeout",
      description = "Stop after this long: 500ms, 5s, 2m; a bare number is seconds.")
  String timeout;

  @Option(name = "--qos", description = "Quality of service 0, 1 or 2 (default 1).")
  int qos = 1;

  @Option(name = "--hex", description = "Print payloads as hex even if they are text.")
  boolean hex;

  @Reference ProtocolManager protocols;

  @Reference PubSubManager pubSub;

  @Reference Session session;

  private boolean interrupted;

  private record Message(String topic, byte[] payload) {}

  @Override
  public Object execute() {
    if (qos < 0 || qos > 2) {
      throw new IllegalArgumentException("--qos " + qos + " is not 0, 1 or 2");
    }
    if (count < 0) {
      throw new IllegalArgumentException("--count " + count + " is negative");
    }
    Duration limit = timeout == null ? null : Durations.parse(timeout, "--timeout");
    Connections.require(protocols, name, ProtocolKind.PUB_SUB);
    BlockingQueue<Message> inbox = new LinkedBlockingQueue<>(BACKLOG);
    AtomicLong dropped = new AtomicLong();
    MessageListener listener =
        (topic, payload) -> {
          if (!inbox.offer(new Message(topic, payload))) {
            dropped.incrementAndGet();
          }
        };
    PrintStream out = session.getConsole();
    pubSub.subscribe(name, filter, qos, listener);
    Connections.rememberTopic(session, filter);
    out.println(
        "Subscribed to '"
            + filter
            + "' on '"
            + name
            + "'"
            + (count > 0 ? ", " + count + " messages" : "")
            + (limit != null ? ", for " + limit.toMillis() + " ms" : "")
            + "; Ctrl-C stops");
    out.flush();
    int received = 0;
    try {
      received = print(inbox, out, limit);
    } finally {
      pubSub.unsubscribe(name, filter, listener);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    out.println(
        received
            + " messages"
            + (dropped.get() > 0 ? ", " + dropped.get() + " dropped (printing fell behind)" : ""));
    return null;
  }

  private int print(BlockingQueue<Message> inbox, PrintStream out, Duration limit) {
    long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
    int received = 0;
    try {
      while (count == 0 || received < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        Message m = inbox.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        if (m != null) {
          received++;
          Connections.rememberTopic(session, m.topic());
          out.println(m.topic() + " " + Payloads.format(m.payload(), hex));
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      // Ctrl-C: the caller unsubscribes first, then the interrupt is restored
      interrupted = true;
    }
    return received;
  }
}
