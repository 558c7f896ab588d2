package com.eq1.network.mqtt;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto's command-line clients ({@code mosquitto_pub}, {@code mosquitto_sub}, {@code
 * mosquitto_passwd}, Debian package {@code mosquitto-clients}) as independent MQTT peers: every run
 * has a deadline, and what a client prints goes to a file that is read back, so no pipe can fill
 * and block it. Missing clients fail the test: {@code .ci/run} installs them.
 */
final class MosquittoClients {

  /** How long one client run may take before the test fails. */
  static final Duration DEADLINE = Duration.ofSeconds(15);

  private MosquittoClients() {}

  /** What a finished client printed and how it ended. */
  record Result(int exitCode, String output) {}

  /**
   * Runs {@code mosquitto_pub -h 127.0.0.1 -p <port> <args>} to its end, within {@link #DEADLINE}.
   *
   * @param port the broker's port
   * @param stdin what to write to the client's standard input (for {@code -s}), or {@code null}
   * @param args further arguments, for example {@code -t a/b -q 1 -m text}
   * @return the exit code and output (standard output and error together)
   */
  static Result publish(int port, byte[] stdin, String... args) {
    return run(command("mosquitto_pub", port, args), stdin);
  }

  /**
   * Runs {@code mosquitto_passwd -b -c <file> <user> <password>}: a new password file with one
   * user, readable by the broker (which drops to its own user when started as root).
   *
   * @param file the password file to create
   * @param user the user name
   * @param password the password
   */
  static void createPasswordFile(Path file, String user, String password) throws IOException {
    Result result =
        run(
            List.of(executable("mosquitto_passwd"), "-b", "-c", file.toString(), user, password),
            null);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("mosquitto_passwd failed: " + result);
    }
    if (!file.toFile().setReadable(true, false)) {
      throw new IOException("cannot make " + file + " readable for the broker");
    }
  }

  /**
   * Starts {@code mosquitto_sub -d -h 127.0.0.1 -p <port> <args>} and returns once the broker has
   * acknowledged its subscriptions ({@code -d} prints {@code Subscribed (mid: …)}), so that what is
   * published afterwards reaches it.
   *
   * @param port the broker's port
   * @param args further arguments, for example {@code -t a/# -q 2 -v}
   * @return the running subscriber
   */
  static Subscriber subscribe(int port, String... args) {
    Subscriber subscriber = new Subscriber(command("mosquitto_sub", port, args));
    await("mosquitto_sub subscribed")
        .atMost(DEADLINE)
        .until(() -> subscriber.debugLines().stream().anyMatch(l -> l.startsWith("Subscribed")));
    return subscriber;
  }

  /**
   * Returns bytes as lowercase hexadecimal, as {@code mosquitto_sub -F %x} prints a payload.
   *
   * @param bytes the bytes
   * @return the hex text
   */
  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** A running {@code mosquitto_sub}, started with {@code -d}. */
  static final class Subscriber implements AutoCloseable {

    private final Process process;
    private final Path output;

    private Subscriber(List<String> command) {
      try {
        this.output = Files.createTempFile("eq1-mosquitto-sub", ".out");
        this.process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Returns the lines the subscriber printed for messages: everything but {@code -d}'s own lines
     * ({@code Client <id> …} and {@code Subscribed …}).
     *
     * @return the message lines so far, in arrival order
     */
    List<String> messages() {
      List<String> messages = new ArrayList<>();
      for (String line : lines()) {
        if (!isDebug(line)) {
          messages.add(line);
        }
      }
      return messages;
    }

    /**
     * Waits, within {@link #DEADLINE}, until the subscriber printed {@code count} message lines.
     *
     * @param count how many
     * @return the message lines
     */
    List<String> awaitMessages(int count) {
      await("mosquitto_sub printed " + count + " messages")
          .atMost(DEADLINE)
          .until(() -> messages().size() >= count);
      return messages();
    }

    /**
     * Waits, within {@link #DEADLINE}, for the subscriber to end by itself (with {@code -C n} or
     * {@code -W s}).
     *
     * @return its exit code
     */
    int awaitExit() throws InterruptedException {
      if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("mosquitto_sub did not end within " + DEADLINE + ": " + lines());
      }
      return process.exitValue();
    }

    /** Ends the subscriber and removes its output file. */
    @Override
    public void close() throws IOException {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      Files.deleteIfExists(output);
    }

    private List<String> debugLines() {
      return lines().stream().filter(Subscriber::isDebug).toList();
    }

    private List<String> lines() {
      try {
        return Files.readAllLines(output, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static boolean isDebug(String line) {
      return line.startsWith("Client ") || line.startsWith("Subscribed (mid");
    }
  }

  private static List<String> command(String client, int port, String... args) {
    List<String> command = new ArrayList<>();
    if (client.equals("mosquitto_sub")) {
      // redirected to a file, its debug lines would wait in stdio's buffer until a message comes
      command.addAll(List.of(executable("stdbuf"), "-oL", executable(client), "-d"));
    } else {
      command.add(executable(client));
    }
    command.addAll(List.of("-h", "127.0.0.1", "-p", Integer.toString(port)));
    command.addAll(List.of(args));
    return command;
  }

  private static Result run(List<String> command, byte[] stdin) {
    try {
      Path output = Files.createTempFile("eq1-mosquitto-client", ".out");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try (OutputStream in = process.getOutputStream()) {
          if (stdin != null) {
            in.write(stdin);
          }
        }
        if (!process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(command + " did not end within " + DEADLINE);
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }

  private static String executable(String client) {
    for (String folder : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
      File file = new File(folder, client);
      if (file.canExecute()) {
        return file.getPath();
      }
    }
    throw new IllegalStateException(
        client + " not found: install the Debian package mosquitto-clients (.ci/run does)");
  }
}
