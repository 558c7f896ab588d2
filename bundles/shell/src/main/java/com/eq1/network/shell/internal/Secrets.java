package com.eq1.network.shell.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.karaf.shell.api.console.Session;

/**
 * Keeps secrets typed into {@code eq1:create} and {@code eq1:update} out of logs and history.
 *
 * <p>Karaf names the thread that runs a command after the whole command line ({@code
 * pipe-eq1:create mqtt plant password=…}), and every log line written on that thread carries the
 * name: {@link #run} renames the thread for the command's duration. A value given as {@code ?}
 * ({@code password=?}) is asked for with the input masked instead, so it is not in the shell
 * history either.
 */
final class Secrets {

  /** The value that makes the command ask for the real one. */
  static final String ASK = "?";

  private Secrets() {}

  /**
   * Runs a command step on a thread whose name does not contain the command line.
   *
   * @param label the name to use meanwhile, e.g. {@code eq1:create plant}
   * @param step the step
   * @param <T> the step's result
   * @return the step's result
   */
  static <T> T run(String label, Supplier<T> step) {
    Thread thread = Thread.currentThread();
    String name = thread.getName();
    thread.setName(label);
    try {
      return step.get();
    } finally {
      thread.setName(name);
    }
  }

  /**
   * Replaces each {@code key=?} by {@code key=<value read from the console, masked>}.
   *
   * @param session the session to ask on
   * @param assignments the {@code key=value} arguments, may be {@code null}
   * @return the arguments with the asked values
   * @throws IllegalArgumentException if the console cannot be read
   */
  static List<String> ask(Session session, List<String> assignments) {
    if (assignments == null) {
      return List.of();
    }
    List<String> answered = new ArrayList<>(assignments.size());
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq > 0 && assignment.substring(eq + 1).trim().equals(ASK)) {
        String key = assignment.substring(0, eq).trim();
        try {
          String value = session.readLine(key + ": ", '*');
          answered.add(key + "=" + (value == null ? "" : value));
        } catch (IOException e) {
          throw new IllegalArgumentException("cannot read " + key + " from the console", e);
        }
      } else {
        answered.add(assignment);
      }
    }
    return answered;
  }
}
