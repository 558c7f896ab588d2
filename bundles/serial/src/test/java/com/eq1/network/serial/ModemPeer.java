package com.eq1.network.serial;

import com.eq1.network.link.ExecutorTermination;
import com.eq1.network.link.NamedThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A scripted modem on a {@link ModemLine}: reads command lines and answers them as a modem in
 * verbose mode does ({@code \r\n<line>\r\n}), echoing each command first while echo is on ({@code
 * ATE1}, the start state; {@code ATE0} turns it off). The script:
 *
 * <ul>
 *   <li>{@code AT}, {@code ATE0}, {@code ATE1}, {@code AT+CMEE=0|1}: {@code OK}
 *   <li>{@code ATI}: {@link #INFO} then {@code OK}
 *   <li>{@code AT+CPIN?}: {@code +CME ERROR: 10} after {@code AT+CMEE=1}, else {@code ERROR}
 *   <li>{@code AT+CMGR=9}: {@code +CMS ERROR: 321}
 *   <li>{@code ATD…}: {@code NO CARRIER}
 *   <li>{@code AT+CMGL}: two messages with the URC {@link #midResponseUrc} between them, {@code OK}
 *   <li>{@code AT+CSQ}: a two-line {@code +CMT:} URC, then {@code +CSQ: 21,99} and {@code OK}
 *   <li>{@code AT+CREG?}: {@code +CREG: 0,1} and {@code OK}
 *   <li>{@code AT+ID=<n>}: {@code +ID: <n>} and {@code OK}
 *   <li>{@code AT+HANG}: nothing, ever
 *   <li>{@code AT+SLOW}: nothing until the next command arrives (or {@link #releaseLateAnswer()}),
 *       then {@code +SLOW: late} and {@code OK}, before anything else
 *   <li>anything else: {@code ERROR}
 * </ul>
 */
final class ModemPeer implements AutoCloseable {

  static final List<String> INFO = List.of("EQ1 Test Modem", "Revision: 1.0", "IMEI: 4901542");
  static final List<String> LATE_ANSWER = List.of("+SLOW: late", "OK");
  static final List<String> CMT_URC = List.of("+CMT: \"+4915\",,\"24/05/01,12:00:00+08\"", "Hi");

  private static final Duration POLL = Duration.ofMillis(50);

  private final ModemLine line;
  private final ExecutorService thread;
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final AtomicBoolean lateAnswerDue = new AtomicBoolean();
  private final AtomicReference<String> midResponseUrc = new AtomicReference<>("+CMTI: \"SM\",3");
  private volatile boolean echo = true;
  private volatile boolean cmee;
  private volatile boolean running = true;

  ModemPeer(ModemLine line, String name) {
    this.line = line;
    this.thread = Executors.newSingleThreadExecutor(new NamedThreadFactory("test-modem-" + name));
    thread.execute(this::run);
  }

  /** Whether the modem echoes commands now. */
  boolean echo() {
    return echo;
  }

  /** The command lines received so far, as received. */
  List<String> commands() {
    return List.copyOf(commands);
  }

  /** Sets the URC that {@code AT+CMGL} sends between its two messages. */
  void midResponseUrc(String urc) {
    midResponseUrc.set(urc);
  }

  /** Sends an unsolicited line now. */
  void push(String urc) {
    reply(urc);
  }

  /** Sends the late answer of {@code AT+SLOW} now, if it is still due. */
  void releaseLateAnswer() {
    if (lateAnswerDue.getAndSet(false)) {
      reply(LATE_ANSWER.toArray(String[]::new));
    }
  }

  private void run() {
    while (running) {
      line.readLine(POLL).ifPresent(this::answer);
    }
  }

  private void answer(String received) {
    commands.add(received);
    String command = received.strip().toUpperCase(Locale.ROOT);
    releaseLateAnswer();
    if (echo) {
      line.write(received.strip() + "\r");
    }
    switch (command) {
      case "AT" -> reply("OK");
      case "ATE0", "ATE1" -> {
        echo = command.endsWith("1");
        reply("OK");
      }
      case "AT+CMEE=0", "AT+CMEE=1" -> {
        cmee = command.endsWith("1");
        reply("OK");
      }
      case "ATI" -> {
        reply(INFO.toArray(String[]::new));
        reply("OK");
      }
      case "AT+CPIN?" -> reply(cmee ? "+CME ERROR: 10" : "ERROR");
      case "AT+CMGR=9" -> reply("+CMS ERROR: 321");
      case "AT+CMGL" -> {
        reply("+CMGL: 1,\"REC READ\",\"+4915\"", "first");
        reply(midResponseUrc.get());
        reply("+CMGL: 2,\"REC READ\",\"+4916\"", "second", "OK");
      }
      case "AT+CSQ" -> {
        reply(CMT_URC.toArray(String[]::new));
        reply("+CSQ: 21,99", "OK");
      }
      case "AT+CREG?" -> reply("+CREG: 0,1", "OK");
      case "AT+HANG" -> {
        // never answers
      }
      case "AT+SLOW" -> lateAnswerDue.set(true);
      default -> {
        if (command.startsWith("AT+ID=")) {
          reply("+ID: " + command.substring(6), "OK");
        } else if (command.startsWith("ATD")) {
          reply("NO CARRIER");
        } else {
          reply("ERROR");
        }
      }
    }
  }

  /** Sends lines in one write, each framed as a verbose-mode modem does. */
  private void reply(String... lines) {
    StringBuilder text = new StringBuilder();
    for (String l : lines) {
      text.append("\r\n").append(l).append("\r\n");
    }
    line.write(text.toString());
  }

  /** Stops the modem's thread and waits for it. */
  @Override
  public void close() {
    running = false;
    ExecutorTermination.shutdown(thread, Duration.ofSeconds(2));
    line.close();
  }
}
