package com.eq1.network.tcp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A socat process: a TCP peer with no code of ours in it. Started by a test in a process group of
 * its own (through {@code setsid}), so that {@link #kill()} ends it with every connection handler
 * it forked, even one forked while it is being killed. A missing socat fails the test; it never
 * skips it.
 */
final class Socat implements AutoCloseable {

  private static final Duration START_DEADLINE = Duration.ofSeconds(5);
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final Process process;
  private final Path log;

  private Socat(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Returns a port nobody listens on right now.
   *
   * @return the port
   */
  static int freePort() {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts an echo server on 127.0.0.1: every connection gets its own {@code cat}.
   *
   * @param port the port
   * @return the running socat, listening
   */
  static Socat echoServer(int port) {
    return listen(port, "EXEC:cat");
  }

  /**
   * Starts a server on 127.0.0.1 that hands each connection to {@code peer}, and waits until this
   * socat (not some other process) listens on the port.
   *
   * @param port the port
   * @param peer socat's second address, such as {@code EXEC:cat}
   * @return the running socat, listening
   */
  static Socat listen(int port, String peer) {
    Socat socat = start("TCP4-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork", peer);
    try {
      await("socat listening on port " + port)
          .atMost(START_DEADLINE)
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                if (!socat.process.isAlive()) {
                  fail("socat exited before listening on " + port + ": " + socat.log());
                }
                return socat.listensOn(port);
              });
    } catch (RuntimeException | AssertionError e) {
      socat.close();
      throw e;
    }
    return socat;
  }

  /**
   * Starts a client that connects to 127.0.0.1 and joins the connection to its stdin and stdout.
   *
   * @param port the port to connect to
   * @return the running socat
   */
  static Socat client(int port) {
    return start("-", "TCP4:127.0.0.1:" + port);
  }

  private static Socat start(String... addresses) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString()); // execs socat as the leader of a new process group
    }
    command.add(binary().toString());
    command.addAll(List.of(addresses));
    try {
      Path log = Files.createTempFile("socat-", ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectError(ProcessBuilder.Redirect.to(log.toFile()))
              .start();
      return new Socat(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /**
   * Finds the socat executable on the PATH.
   *
   * @return its path
   */
  static Path binary() {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "socat");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return fail("socat is not installed, and the interop tests need it: apt-get install socat");
  }

  /**
   * Tells whether this socat listens on a TCP port, without connecting to it (a connection would
   * count as a client): a listening socket on the port must be one of the process's descriptors.
   */
  private boolean listensOn(int port) throws IOException {
    String local = String.format(Locale.ROOT, ":%04X", port);
    List<String> sockets = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (Files.exists(file)) {
        for (String line : Files.readAllLines(file)) {
          String[] fields = line.trim().split("\\s+");
          if (fields.length > 9 && fields[1].endsWith(local) && fields[3].equals("0A")) {
            sockets.add("socket:[" + fields[9] + "]");
          }
        }
      }
    }
    if (sockets.isEmpty()) {
      return false;
    }
    try (DirectoryStream<Path> fds =
        Files.newDirectoryStream(Path.of("/proc/" + process.pid(), "fd"))) {
      for (Path fd : fds) {
        try {
          if (sockets.contains(Files.readSymbolicLink(fd).toString())) {
            return true;
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    return false;
  }

  /**
   * Returns what socat writes to the connection's reader: its stdin.
   *
   * @return the stream
   */
  OutputStream stdin() {
    return process.getOutputStream();
  }

  /**
   * Returns what socat read from the connection: its stdout.
   *
   * @return the stream
   */
  InputStream stdout() {
    return process.getInputStream();
  }

  /**
   * Tells whether the socat process still runs.
   *
   * @return {@code true} while it runs
   */
  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Returns what socat wrote to stderr so far, for failure messages.
   *
   * @return the log
   */
  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * Kills socat and every process it forked (connection handlers, {@code cat}) with SIGKILL, and
   * waits until they have ended.
   */
  void kill() {
    long pid = process.pid();
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    family.add(process.toHandle());
    boolean ownGroup = processGroup(pid).filter(group -> group == pid).isPresent();
    if (ownGroup && process.isAlive()) {
      signalGroup(pid); // one signal for the whole group: nothing forked meanwhile escapes
    }
    family.forEach(ProcessHandle::destroyForcibly);
    await("socat and its children ended")
        .atMost(START_DEADLINE)
        .pollInterval(Duration.ofMillis(10))
        .until(
            () ->
                family.stream().allMatch(Socat::ended)
                    && (!ownGroup || groupMembers(pid).stream().allMatch(Socat::ended)));
  }

  private static void signalGroup(long group) {
    try {
      Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + group).start();
      kill.getInputStream().close();
      kill.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot kill socat's process group " + group, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while killing socat", e);
    }
  }

  /** Returns a process's group, from {@code /proc/<pid>/stat}, if it still exists. */
  private static Optional<Long> processGroup(long pid) {
    return stat(pid).map(fields -> Long.parseLong(fields[2]));
  }

  /** Returns the fields after the command name in {@code /proc/<pid>/stat}: state, ppid, pgrp… */
  private static Optional<String[]> stat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return Optional.of(stat.substring(stat.lastIndexOf(')') + 1).trim().split(" "));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // gone
    }
  }

  private static List<ProcessHandle> groupMembers(long group) {
    return ProcessHandle.allProcesses()
        .filter(p -> processGroup(p.pid()).filter(g -> g == group).isPresent())
        .toList();
  }

  /**
   * Tells whether a process has ended. A killed process whose parent died too stays a zombie until
   * the system reaps it, which {@link ProcessHandle#isAlive()} counts as alive; its sockets are
   * closed already.
   */
  private static boolean ended(ProcessHandle member) {
    return !member.isAlive()
        || stat(member.pid()).map(fields -> fields[0].equals("Z")).orElse(true);
  }

  @Override
  public void close() {
    try {
      kill();
    } finally {
      try {
        process.getOutputStream().close();
        process.getInputStream().close();
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // pipes of a dead process and a temporary file: nothing to do
      }
    }
  }
}
