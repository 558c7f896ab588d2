package com.eq1.network.serial.internal;

import com.eq1.network.serial.AtResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts the lines a modem sends into the pending command's answer, unsolicited lines, its echo and
 * the lines of late answers; see {@code AtCommandClient} for the rules. Thread-safe: lines come
 * from the reader thread, requests from the callers.
 */
public final class AtLineSorter {

  private static final Logger LOG = LoggerFactory.getLogger(AtLineSorter.class);

  private final String name;
  private final List<String> urcPrefixes;
  private final Consumer<String> unsolicited;

  /** The command waiting for its answer; guarded by {@code this}. */
  private AtRequest pending;

  /** Whether a timed-out command's answer may still come; guarded by {@code this}. */
  private boolean lateAnswerOwed;

  /** Whether {@link #stop()} was called; guarded by {@code this}. */
  private boolean stopped;

  /** Whether the next line is the data of a {@code +CMT:}-like URC; guarded by {@code this}. */
  private boolean dataLineFollows;

  /**
   * Creates a sorter with no command pending.
   *
   * @param name the connection, named in log lines
   * @param urcPrefixes the prefixes of unsolicited lines
   * @param unsolicited receives unsolicited lines, on the thread calling {@link #accept}; must not
   *     block
   */
  public AtLineSorter(String name, List<String> urcPrefixes, Consumer<String> unsolicited) {
    this.name = Objects.requireNonNull(name, "name");
    this.urcPrefixes = List.copyOf(urcPrefixes);
    this.unsolicited = Objects.requireNonNull(unsolicited, "unsolicited");
  }

  /**
   * Makes {@code request} the pending command: the lines that follow are its answer.
   *
   * @param request the request, whose command is about to be sent
   * @return {@code false} if the sorter is {@linkplain #stop() stopped}
   * @throws IllegalStateException if another command is pending
   */
  public synchronized boolean start(AtRequest request) {
    if (stopped) {
      return false;
    }
    if (pending != null) {
      throw new IllegalStateException(pending.command() + " still pending");
    }
    pending = request;
    return true;
  }

  /**
   * Gives up on {@code request} if it is still pending; its answer, if it comes, is dropped.
   *
   * @param request the request
   * @param expectLateAnswer whether its answer may still come (the command was sent)
   * @return {@code true} if it was pending; {@code false} if it was answered or ended meanwhile
   */
  public synchronized boolean abandon(AtRequest request, boolean expectLateAnswer) {
    if (pending != request) {
      return false;
    }
    pending = null;
    // A late answer consumed while this command waited may have been its own answer: then expect
    // nothing more, or every later command would lag one answer behind.
    if (expectLateAnswer) {
      lateAnswerOwed = !request.lateAnswerTaken();
    }
    return true;
  }

  /**
   * Ends the sorting: the pending command, if any, is no longer pending, and no other can start.
   *
   * @return the command that was pending, or empty
   */
  public synchronized Optional<AtRequest> stop() {
    stopped = true;
    Optional<AtRequest> request = Optional.ofNullable(pending);
    pending = null;
    return request;
  }

  /**
   * Sorts one received line.
   *
   * @param text the line, without CR LF, not blank
   */
  public synchronized void accept(String text) {
    AtRequest request = pending;
    if (dataLineFollows) {
      dataLineFollows = false;
      unsolicited.accept(text);
    } else if (isUrc(text) && (request == null || !request.owns(text))) {
      dataLineFollows = AtLines.hasDataLine(text);
      unsolicited.accept(text);
    } else if (request != null
        && request.lines().isEmpty()
        && AtLines.isEcho(text, request.command())) {
      lateAnswerOwed = false; // the modem has moved on to this command
      LOG.trace("[{}] echo {}", name, text);
    } else if (lateAnswerOwed) {
      if (AtLines.finalResult(text).isPresent()) {
        lateAnswerOwed = false;
        if (request != null) {
          request.lateAnswerTaken(true);
        }
      }
      LOG.debug("[{}] dropped line of a late answer: {}", name, text);
    } else if (request == null) {
      unsolicited.accept(text);
    } else {
      collect(request, text);
    }
  }

  private void collect(AtRequest request, String text) {
    Optional<AtLines.Final> result = AtLines.finalResult(text);
    if (result.isEmpty()) {
      request.lines().add(text);
      return;
    }
    pending = null;
    request
        .answer()
        .complete(
            new AtResponse(
                request.command(),
                request.lines(),
                result.get().result(),
                result.get().errorCode(),
                text.strip()));
  }

  private boolean isUrc(String text) {
    for (String prefix : urcPrefixes) {
      if (AtLines.startsWith(text, prefix)) {
        return true;
      }
    }
    return false;
  }
}
