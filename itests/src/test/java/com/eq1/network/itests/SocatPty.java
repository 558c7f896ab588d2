package com.eq1.network.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal pair made by {@code socat}: two linked ports, {@link #port()} for the serial
 * connection under test and {@link #device()} for the test's device. A copy of the serial bundle's
 * test helper of the same name, without unplug/replug.
 */
final class SocatPty implements AutoCloseable {

  private static final Duration READY = Duration.ofSeconds(10);

  private final Path port;
  private final Path device;
  private final Process socat;

  /**
   * Starts a pair whose links are made in {@code folder}.
   *
   * @throws IOException if socat cannot be started or its links do not appear in 10 s
   */
  SocatPty(Path folder) throws IOException {
    this.port = folder.resolve("port");
    this.device = folder.resolve("device");
    socat =
        new ProcessBuilder(
                List.of("socat", "pty,raw,echo=0,link=" + port, "pty,raw,echo=0,link=" + device))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + READY.toNanos();
    try {
      while (!(Files.exists(port) && Files.exists(device))) {
        if (!socat.isAlive()) {
          throw new IOException("socat ended at once with exit code " + socat.exitValue());
        }
        if (System.nanoTime() > deadline) {
          close();
          throw new IOException("socat's links did not appear within " + READY);
        }
        socat.waitFor(5, TimeUnit.MILLISECONDS); // returns early only if socat dies
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IOException("interrupted while starting socat", e);
    }
  }

  /** The path the serial connection opens. */
  Path port() {
    return port;
  }

  /** The path the test's device opens. */
  Path device() {
    return device;
  }

  /** Whether socat still runs. */
  boolean alive() {
    return socat.isAlive();
  }

  @Override
  public void close() throws IOException {
    socat.destroy(); // SIGTERM: socat removes its links
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
