package com.eq1.network.mqtt;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The reference broker, Mosquitto (Debian package {@code mosquitto}), on a free loopback port with
 * persistence in a temporary folder, so that sessions and queued messages survive a restart.
 * Missing, it fails the test: {@code .ci/run} installs it, so this suite runs in CI.
 */
final class MosquittoBroker implements AutoCloseable {

  private final int port;
  private final Path dir;
  private Process process;

  /** An anonymous plain listener. */
  MosquittoBroker() throws IOException {
    this(dir -> List.of("allow_anonymous true"));
  }

  /**
   * A broker whose listener is configured by {@code listenerSettings}: the lines that follow {@code
   * listener <port> 127.0.0.1} in {@code mosquitto.conf} (for example {@code password_file}, {@code
   * certfile}, {@code require_certificate}, {@code message_size_limit}), made from the broker's own
   * directory, where files it needs can be written first.
   *
   * @param listenerSettings makes the configuration lines from the broker's directory
   */
  MosquittoBroker(ListenerSettings listenerSettings) throws IOException {
    this.port = freePort();
    this.dir = Files.createTempDirectory("eq1-mosquitto");
    // started as root, Mosquitto drops to its own user, which must be able to save its database
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    List<String> lines = new ArrayList<>();
    lines.add("per_listener_settings true");
    lines.add("listener " + port + " 127.0.0.1");
    lines.addAll(listenerSettings.lines(dir));
    lines.add("persistence true");
    lines.add("persistence_location " + dir + "/");
    lines.add("max_queued_messages 100000");
    lines.add("");
    Files.writeString(
        dir.resolve("mosquitto.conf"), String.join("\n", lines), StandardCharsets.UTF_8);
    start();
  }

  /** Makes a listener's configuration lines. */
  @FunctionalInterface
  interface ListenerSettings {
    /**
     * Returns the lines.
     *
     * @param dir the broker's directory, readable by the broker
     * @return the lines
     * @throws IOException if a file cannot be written
     */
    List<String> lines(Path dir) throws IOException;
  }

  /**
   * Returns the broker's directory, where configuration files and its log live.
   *
   * @return the directory
   */
  Path dir() {
    return dir;
  }

  /**
   * Returns the listener's port.
   *
   * @return the port
   */
  int port() {
    return port;
  }

  /**
   * Returns what the broker logged so far.
   *
   * @return the log
   */
  String log() throws IOException {
    Path log = dir.resolve("log");
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  void start() throws IOException {
    int runs = startsLogged();
    process =
        new ProcessBuilder(executable(), "-c", dir.resolve("mosquitto.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log").toFile()))
            .start();
    // Mosquitto says "running" once its listeners are open; a probe connection would show in the
    // log, where tests count "New connection from" lines, and on a TLS listener it logs nothing
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> startsLogged() > runs);
  }

  private int startsLogged() throws IOException {
    return log().split(" running\n", -1).length - 1;
  }

  /** Stops the broker the way a service manager does (SIGTERM): it saves its state first. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String executable() {
    for (String folder : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin")) {
      File file = new File(folder, "mosquitto");
      if (file.canExecute()) {
        return file.getPath();
      }
    }
    throw new IllegalStateException(
        "mosquitto not found: install the Debian package (.ci/run does)");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
