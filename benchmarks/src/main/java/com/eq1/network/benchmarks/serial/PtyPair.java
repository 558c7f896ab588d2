package com.eq1.network.benchmarks.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal pair made by {@code socat pty,raw,echo=0,link=… pty,raw,echo=0,link=…}: {@link
 * #port()} for the side under test, {@link #device()} for the far end. Every byte crosses two ptys
 * and socat's own copy between them. (The same pair as the serial bundle's {@code SocatPty} test
 * helper.)
 */
final class PtyPair implements AutoCloseable {

  private static final Duration READY = Duration.ofSeconds(10);

  private final Path port;
  private final Path device;
  private final Process socat;

  /**
   * Starts socat and waits for its links.
   *
   * @param folder where the links are made
   * @throws IOException if socat does not start or its links do not appear within 10 s
   */
  PtyPair(Path folder) throws IOException, InterruptedException {
    this.port = folder.resolve("port");
    this.device = folder.resolve("device");
    this.socat =
        new ProcessBuilder(
                List.of("socat", "pty,raw,echo=0,link=" + port, "pty,raw,echo=0,link=" + device))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + READY.toNanos();
    while (!(Files.exists(port) && Files.exists(device))) {
      if (!socat.isAlive()) {
        throw new IOException("socat ended at once with exit code " + socat.exitValue());
      }
      if (System.nanoTime() > deadline) {
        close();
        throw new IOException("socat's links did not appear within " + READY);
      }
      socat.waitFor(5, TimeUnit.MILLISECONDS);
    }
  }

  /** The link the side under test opens. */
  Path port() {
    return port;
  }

  /** The link the far end opens. */
  Path device() {
    return device;
  }

  /** socat's process id. */
  long pid() {
    return socat.pid();
  }

  /** Stops socat (SIGTERM: it removes its links); the far end's reads then end with EIO. */
  @Override
  public void close() throws IOException {
    socat.destroy();
    try {
      if (!socat.waitFor(READY.toMillis(), TimeUnit.MILLISECONDS)) {
        socat.destroyForcibly().waitFor(READY.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(port);
    Files.deleteIfExists(device);
  }
}
