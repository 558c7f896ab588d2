package com.eq1.network.serial;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.ExecutorTermination;
import com.eq1.network.link.InboundDispatcher;
import com.eq1.network.link.NamedThreadFactory;
import com.eq1.network.serial.internal.AtLineSorter;
import com.eq1.network.serial.internal.AtLines;
import com.eq1.network.serial.internal.AtRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends AT commands to a modem and collects its answers, over any {@link ReqResProtocol} whose
 * framing delivers one received line per message. For a serial port that is {@code
 * framing=delimited} with {@code delimiter=crlf}: each command then goes out terminated by CR LF,
 * as modems expect, and each line comes back as one message. (A message holding several lines is
 * split at CR and LF as well; a line split over two messages is not joined.)
 *
 * <p>The client is the only reader of the protocol: from construction until {@link #close()} one
 * thread, named {@code eq1-at-<connection>-1}, reads it with a short timeout, and one more, {@code
 * eq1-at-<connection>-urc-1}, calls the listeners. Nobody else may call {@code read} on it. The
 * protocol's connection is not managed here: connect it before and close it after the client.
 *
 * <p>How received lines are sorted:
 *
 * <ul>
 *   <li>CR and LF are stripped and empty lines skipped; bytes are read as ISO 8859-1.
 *   <li><b>Echo.</b> While a command waits for its answer and no line of it has come yet, a line
 *       equal to the command (ignoring case) is the modem's echo ({@code ATE1}) and is dropped.
 *       Echo on and off both work without configuration.
 *   <li><b>URCs.</b> A line starting with an unsolicited result code ({@code RING}, {@code
 *       +CRING:}, {@code +CLIP:}, {@code +CCWA:}, {@code +CSSU:}, {@code +CUSD:}, {@code +CMTI:},
 *       {@code +CMT:}, {@code +CDSI:}, {@code +CDS:}, {@code +CBMI:}, {@code +CBM:}, {@code
 *       +CREG:}, {@code +CGREG:}, {@code +CEREG:}, {@code +C5GREG:}, {@code +CGEV:}, {@code
 *       +CIEV:}, {@code +CTZV:}, {@code +CTZE:}, plus the extra prefixes given to the constructor)
 *       goes to the {@linkplain #addUnsolicitedListener listeners}, also in the middle of an
 *       answer, unless its prefix is the pending command's own: {@code AT+CREG?} answers {@code
 *       +CREG: 0,1}, which is part of the response. For {@code +CMT:}, {@code +CDS:} and {@code
 *       +CBM:} the following line (the message) goes to the listeners too.
 *   <li><b>Nothing pending.</b> A line that arrives while no command waits goes to the listeners,
 *       whatever it is.
 *   <li><b>Late answers.</b> After a command timed out the client expects its answer may still
 *       come. Until a final result code arrives, or the echo of the next command does, non-URC
 *       lines are dropped (logged at debug), so a late answer never mixes into the next command's
 *       response. With echo on that resynchronises exactly. With echo off, if the timed-out command
 *       never answers at all, the next command's own answer is taken for the late one and that
 *       command times out too; it leaves no late answer expected, so the one after works again.
 * </ul>
 *
 * <p>Only verbose result codes ({@code ATV1}, the default) are recognised. Commands that wait for a
 * prompt without line end (the {@code > } of {@code AT+CMGS}) are not supported, nor is data mode
 * after {@code CONNECT}: lines received then are treated as above. All methods are thread-safe.
 */
public final class AtCommandClient implements AutoCloseable {

  /** The timeout of {@link #execute(String)} unless the constructor is given another. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(AtCommandClient.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration STOP_WAIT = Duration.ofSeconds(2);
  private static final int URC_BACKLOG = 1_000;

  private final ReqResProtocol line;
  private final String name;
  private final Duration defaultTimeout;
  private final Set<AtUnsolicitedListener> listeners = new CopyOnWriteArraySet<>();
  private final ReentrantLock turn = new ReentrantLock(true);
  private final InboundDispatcher urcs;
  private final ExecutorService reader;
  private final CountDownLatch stopping = new CountDownLatch(1);

  private final AtLineSorter sorter;

  /** Whether URCs are being dropped because the listeners lag; reader thread only. */
  private boolean droppingUrcs;

  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Creates a client with a timeout of {@link #DEFAULT_TIMEOUT} and starts its reader thread.
   *
   * @param line the modem's connection, framed one line per message; read by this client only
   */
  public AtCommandClient(ReqResProtocol line) {
    this(line, DEFAULT_TIMEOUT);
  }

  /**
   * Creates a client and starts its reader thread.
   *
   * @param line the modem's connection, framed one line per message; read by this client only
   * @param defaultTimeout the timeout of {@link #execute(String)} and {@link #requireOk(String)}
   * @throws IllegalArgumentException if the timeout is not positive
   */
  public AtCommandClient(ReqResProtocol line, Duration defaultTimeout) {
    this(line, defaultTimeout, List.of());
  }

  /**
   * Creates a client that also treats lines starting with {@code extraUrcPrefixes} as unsolicited
   * (vendor URCs such as {@code ^SYSSTART} or {@code +QIND:}), and starts its reader thread.
   *
   * @param line the modem's connection, framed one line per message; read by this client only
   * @param defaultTimeout the timeout of {@link #execute(String)} and {@link #requireOk(String)}
   * @param extraUrcPrefixes further URC prefixes; a prefix ending in a letter or digit matches a
   *     whole word only ({@code RING} does not match {@code RINGING})
   * @throws IllegalArgumentException if the timeout is not positive or a prefix is blank
   */
  public AtCommandClient(
      ReqResProtocol line, Duration defaultTimeout, Collection<String> extraUrcPrefixes) {
    this.line = Objects.requireNonNull(line, "line");
    this.name = line.name();
    this.defaultTimeout = checkTimeout(defaultTimeout);
    this.sorter = new AtLineSorter(name, AtLines.urcPrefixes(extraUrcPrefixes), this::unsolicited);
    this.urcs = new InboundDispatcher(name, "eq1-at-" + name + "-urc", URC_BACKLOG);
    this.reader = Executors.newSingleThreadExecutor(new NamedThreadFactory("eq1-at-" + name));
    reader.execute(this::readLoop);
  }

  /**
   * Returns the name of the connection the modem is on.
   *
   * @return the protocol's name
   */
  public String name() {
    return name;
  }

  /**
   * Sends a command and waits for its final result code, at most for the default timeout.
   *
   * @param command the command, such as {@code AT+CSQ}, without line end
   * @return the answer; an error answer ({@code ERROR}, {@code +CME ERROR: 10}) is returned too
   * @see #execute(String, Duration)
   */
  public AtResponse execute(String command) {
    return execute(command, defaultTimeout);
  }

  /**
   * Sends a command (US-ASCII; the protocol's framing adds the CR LF) and collects the answer's
   * lines until a final result code. One command runs at a time: concurrent callers queue in
   * arrival order. Blocks at most {@code timeout}, the wait for the turn included.
   *
   * @param command the command, such as {@code AT+CSQ}, without line end
   * @param timeout the longest time to wait, for the turn and the answer together
   * @return the answer; an error answer ({@code ERROR}, {@code +CME ERROR: 10}) is returned too
   * @throws IllegalArgumentException if the command is blank, holds CR, LF or a non-ASCII
   *     character, or the timeout is not positive
   * @throws ProtocolTimeoutException if no final result code came in time (the message names the
   *     connection, the command and the timeout); the connection stays usable
   * @throws ConnectionException if the client is closed, or is closed while waiting
   * @throws ProtocolException if the thread is interrupted while waiting (its interrupt flag is set
   *     again), or from the protocol's {@code send}
   */
  public AtResponse execute(String command, Duration timeout) {
    byte[] bytes = checkCommand(command);
    checkTimeout(timeout);
    ensureOpen(command);
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      if (!turn.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new ProtocolTimeoutException(
            name, command + " not sent: earlier commands still waiting after " + text(timeout));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProtocolException(name, command + " not sent: interrupted waiting for its turn");
    }
    try {
      return exchange(command, bytes, timeout, deadline);
    } finally {
      turn.unlock();
    }
  }

  /**
   * Like {@link #execute(String)}, but an answer other than {@code OK} is an exception.
   *
   * @param command the command, without line end
   * @return the answer, whose result is {@link AtResult#OK}
   * @throws AtCommandException if the final result code is not {@code OK}
   * @see #execute(String, Duration)
   */
  public AtResponse requireOk(String command) {
    return requireOk(command, defaultTimeout);
  }

  /**
   * Like {@link #execute(String, Duration)}, but an answer other than {@code OK} is an exception.
   * Blocks at most {@code timeout}.
   *
   * @param command the command, without line end
   * @param timeout the longest time to wait, for the turn and the answer together
   * @return the answer, whose result is {@link AtResult#OK}
   * @throws AtCommandException if the final result code is not {@code OK}; it holds the response
   * @see #execute(String, Duration)
   */
  public AtResponse requireOk(String command, Duration timeout) {
    AtResponse response = execute(command, timeout);
    if (!response.isOk()) {
      throw new AtCommandException(name, response);
    }
    return response;
  }

  /**
   * Registers a listener for unsolicited lines. Adding the same listener twice has no effect. Never
   * blocks.
   *
   * @param listener the listener
   */
  public void addUnsolicitedListener(AtUnsolicitedListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener; unknown listeners are ignored. Lines already queued for delivery may still
   * reach it. Never blocks.
   *
   * @param listener the listener
   */
  public void removeUnsolicitedListener(AtUnsolicitedListener listener) {
    listeners.remove(listener);
  }

  /**
   * Stops the client: a command waiting for its answer fails with {@link ConnectionException}, the
   * reader thread ends, and unsolicited lines already received are delivered, then the delivery
   * thread ends. Blocks up to about 4 s for the two threads (interrupting them halfway). Does not
   * disconnect or close the protocol. Idempotent. Do not call it from a listener.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    sorter.stop().ifPresent(request -> request.answer().cancel(false));
    stopping.countDown();
    boolean readerEnded = ExecutorTermination.shutdown(reader, STOP_WAIT);
    boolean deliveryEnded = urcs.close(STOP_WAIT);
    if (!readerEnded || !deliveryEnded) {
      LOG.warn("[{}] AT client threads did not end within {}", name, STOP_WAIT);
    }
  }

  private AtResponse exchange(String command, byte[] bytes, Duration timeout, long deadline) {
    AtRequest request = new AtRequest(command);
    if (!sorter.start(request)) {
      throw new ConnectionException(name, command + " not sent: the AT client is closed");
    }
    try {
      line.send(bytes);
    } catch (RuntimeException e) {
      sorter.abandon(request, false);
      throw e;
    }
    try {
      try {
        return request
            .answer()
            .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (sorter.abandon(request, true)) {
          throw new ProtocolTimeoutException(
              name, command + ": no final result code within " + text(timeout));
        }
        return request.answer().get(); // answered meanwhile, or closed
      }
    } catch (InterruptedException e) {
      sorter.abandon(request, true);
      Thread.currentThread().interrupt();
      throw new ProtocolException(name, command + ": interrupted while waiting for the answer");
    } catch (CancellationException e) {
      throw new ConnectionException(name, command + ": AT client closed while waiting for answer");
    } catch (ExecutionException e) {
      // the answer is only ever completed normally or cancelled; kept for the checked signature
      throw new ProtocolException(name, command + ": failed", e.getCause());
    }
  }

  private void readLoop() {
    LOG.debug("[{}] AT client reading", name);
    while (!closed.get()) {
      try {
        line.read(POLL).ifPresent(this::onMessage);
      } catch (RuntimeException e) {
        LOG.debug("[{}] AT client read failed; trying again", name, e);
        awaitClose();
      }
    }
    LOG.debug("[{}] AT client stopped reading", name);
  }

  /** Waits one poll interval for {@link #close()}, so that a failing read does not spin. */
  private void awaitClose() {
    try {
      stopping.await(POLL.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void onMessage(byte[] message) {
    for (String text : new String(message, StandardCharsets.ISO_8859_1).split("[\r\n]+")) {
      if (!text.isBlank()) {
        sorter.accept(text);
      }
    }
  }

  private void unsolicited(String text) {
    if (listeners.isEmpty()) {
      LOG.debug("[{}] unsolicited line, no listener: {}", name, text);
      return;
    }
    boolean queued = urcs.offer(() -> deliver(text), Duration.ZERO);
    if (!queued && !droppingUrcs) {
      LOG.warn("[{}] unsolicited listeners lag {} lines behind; dropping", name, URC_BACKLOG);
    }
    droppingUrcs = !queued;
  }

  private void deliver(String text) {
    for (AtUnsolicitedListener listener : listeners) {
      try {
        listener.unsolicited(text);
      } catch (RuntimeException e) {
        LOG.warn("[{}] unsolicited listener failed on {}", name, text, e);
      }
    }
  }

  private void ensureOpen(String command) {
    if (closed.get()) {
      throw new ConnectionException(name, command + " not sent: the AT client is closed");
    }
  }

  private static byte[] checkCommand(String command) {
    Objects.requireNonNull(command, "command");
    if (command.isBlank()
        || command.indexOf('\r') >= 0
        || command.indexOf('\n') >= 0
        || !StandardCharsets.US_ASCII.newEncoder().canEncode(command)) {
      throw new IllegalArgumentException(
          "an AT command must be ASCII text without CR or LF: \"" + command + "\"");
    }
    return command.getBytes(StandardCharsets.US_ASCII);
  }

  private static Duration checkTimeout(Duration timeout) {
    if (timeout == null || timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("the timeout must be positive, not " + timeout);
    }
    return timeout;
  }

  private static String text(Duration timeout) {
    return timeout.toMillis() + " ms";
  }
}
