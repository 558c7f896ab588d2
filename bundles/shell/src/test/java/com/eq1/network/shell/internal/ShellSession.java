package com.eq1.network.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.console.Session;

/**
 * Karaf's shell {@link Session}, which cannot run outside Karaf: a proxy whose console prints into
 * memory, whose variables live in a map and whose {@code readLine} answers what the test queued.
 * Anything else a command asks of it fails the test.
 */
final class ShellSession {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream console = new PrintStream(printed, true, StandardCharsets.UTF_8);
  private final Map<String, Object> variables = new HashMap<>();
  private final Deque<String> answers = new LinkedList<>();
  private final List<String> prompts = new ArrayList<>();
  private final Session session =
      (Session)
          Proxy.newProxyInstance(
              Session.class.getClassLoader(),
              new Class<?>[] {Session.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "getConsole" -> console;
                    case "get" -> get((String) args[0]);
                    case "put" -> put((String) args[0], args[1]);
                    case "readLine" -> readLine((String) args[0], (Character) args[1]);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "test session";
                    default ->
                        throw new UnsupportedOperationException(
                            "the shell session does not offer " + method.getName());
                  });

  /** The session to give a command or completer. */
  Session session() {
    return session;
  }

  /** Everything printed so far. */
  String output() {
    console.flush();
    return printed.toString(StandardCharsets.UTF_8);
  }

  /** The printed lines so far. */
  List<String> lines() {
    return output().lines().toList();
  }

  /**
   * Queues what the operator types at the next prompts; {@code null} is end of input, and no answer
   * left makes {@code readLine} fail like a closed console.
   */
  synchronized void answer(String... lines) {
    answers.addAll(Arrays.asList(lines));
  }

  /** The prompts shown so far, each followed by the echo mask, e.g. {@code "password: *"}. */
  synchronized List<String> prompts() {
    return List.copyOf(prompts);
  }

  /** Forgets what was printed. */
  void clear() {
    printed.reset();
  }

  private synchronized String readLine(String prompt, Character mask) throws IOException {
    prompts.add(prompt + mask);
    if (answers.isEmpty()) {
      throw new IOException("console closed");
    }
    return answers.removeFirst();
  }

  private synchronized Object get(String key) {
    return variables.get(key);
  }

  private synchronized Object put(String key, Object value) {
    variables.put(key, value);
    return null;
  }
}
