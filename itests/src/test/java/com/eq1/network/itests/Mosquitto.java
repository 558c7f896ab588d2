package com.eq1.network.itests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real Mosquitto broker (Debian package {@code mosquitto}) started on a free loopback port with a
 * generated configuration, and its command-line clients as an independent peer. Missing tools fail
 * the test: {@code .ci/run} installs them, so the suite always runs in CI.
 */
final class Mosquitto implements AutoCloseable {

  private final int port;
  private final Path dir;
  private final Process process;

  Mosquitto() throws IOException {
    this(List.of());
  }

  /**
   * Starts a broker with more configuration lines after the listener, for example {@code
   * max_queued_messages 0}.
   *
   * @param extraConfig the lines to add to {@code mosquitto.conf}
   */
  Mosquitto(List<String> extraConfig) throws IOException {
    this.port = freePort();
    this.dir = Files.createTempDirectory("eq1-mosquitto");
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(
        conf,
        "listener "
            + port
            + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
            + String.join("\n", extraConfig)
            + "\n",
        StandardCharsets.UTF_8);
    this.process =
        new ProcessBuilder(tool("mosquitto"), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("mosquitto.log").toFile())
            .start();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(this::accepts);
  }

  int port() {
    return port;
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  /** Publishes one message with {@code mosquitto_pub}. */
  void publish(String topic, String message, int qos) throws Exception {
    run(
        List.of(
            tool("mosquitto_pub"),
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-t",
            topic,
            "-m",
            message,
            "-q",
            Integer.toString(qos)));
  }

  /** Starts {@code mosquitto_sub} for {@code count} messages on {@code filter}, up to 20 s. */
  Process subscribe(String filter, int count) throws IOException {
    return new ProcessBuilder(
            tool("mosquitto_sub"),
            "-h",
            "127.0.0.1",
            "-p",
            Integer.toString(port),
            "-t",
            filter,
            "-q",
            "1",
            "-C",
            Integer.toString(count),
            "-W",
            "20",
            "-v")
        .redirectErrorStream(true)
        .start();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          command
              + " failed: "
              + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static String tool(String name) {
    for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
      File file = new File(dir, name);
      if (file.canExecute()) {
        return file.getPath();
      }
    }
    throw new IllegalStateException(
        name
            + " not found: install the Debian packages mosquitto and mosquitto-clients"
            + " (.ci/run does)");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
