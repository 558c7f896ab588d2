package com.eq1.network.serial.internal;

import com.eq1.network.serial.AtResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One AT command waiting for its answer. Its lines are collected by {@link AtLineSorter}, under its
 * lock; the caller waits on {@link #answer()}.
 */
public final class AtRequest {

  private final String command;
  private final List<String> ownPrefixes;
  private final List<String> lines = new ArrayList<>();
  private final CompletableFuture<AtResponse> answer = new CompletableFuture<>();
  private boolean lateAnswerTaken;

  /**
   * Creates the request.
   *
   * @param command the command as sent
   */
  public AtRequest(String command) {
    this.command = command;
    this.ownPrefixes = AtLines.ownPrefixes(command);
  }

  /**
   * Returns the command.
   *
   * @return the command as sent
   */
  public String command() {
    return command;
  }

  /**
   * Returns the answer, completed when the final result code arrives and cancelled if the client
   * closes first.
   *
   * @return the future answer
   */
  public CompletableFuture<AtResponse> answer() {
    return answer;
  }

  /** Whether a line starts with one of the command's own prefixes ({@code +CREG:}). */
  boolean owns(String text) {
    for (String prefix : ownPrefixes) {
      if (text.regionMatches(true, 0, prefix, 0, prefix.length())) {
        return true;
      }
    }
    return false;
  }

  List<String> lines() {
    return lines;
  }

  boolean lateAnswerTaken() {
    return lateAnswerTaken;
  }

  void lateAnswerTaken(boolean taken) {
    lateAnswerTaken = taken;
  }
}
