package com.eq1.network.serial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal pair made by {@code socat}: two linked ports, {@link #port()} for the code
 * under test and {@link #device()} for the test's device peer. {@link #unplug()} kills socat, as
 * pulling a USB adapter removes the port; {@link #replug()} starts a new pair with the same link
 * names.
 */
public final class SocatPty implements AutoCloseable {

  private static final Duration READY = Duration.ofSeconds(10);

  private final Path port;
  private final Path device;
  private Process socat;

  /**
   * Starts a pair whose links are made in {@code folder}.
   *
   * @param folder a folder of the test's own
   * @throws IOException if socat cannot be started or its links do not appear in 10 s
   */
  public SocatPty(Path folder) throws IOException {
    this.port = folder.resolve("port");
    this.device = folder.resolve("device");
    replug();
  }

  /**
   * Returns the path the code under test opens.
   *
   * @return the link to one end of the pair
   */
  public String port() {
    return port.toString();
  }

  /**
   * Returns the path the test's device peer opens.
   *
   * @return the link to the other end of the pair
   */
  public String device() {
    return device.toString();
  }

  /**
   * Tells whether socat runs.
   *
   * @return {@code true} between {@link #replug()} and {@link #unplug()}
   */
  public synchronized boolean plugged() {
    return socat != null && socat.isAlive();
  }

  /**
   * Kills socat and waits until it has gone and its links are removed.
   *
   * @throws IOException if it does not end in 10 s
   */
  public synchronized void unplug() throws IOException {
    if (socat == null) {
      return;
    }
    socat.destroy(); // SIGTERM: socat removes its links
    try {
      if (!socat.waitFor(READY.toMillis(), TimeUnit.MILLISECONDS)) {
        socat.destroyForcibly().waitFor(READY.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping socat", e);
    }
    socat = null;
    Files.deleteIfExists(port);
    Files.deleteIfExists(device);
  }

  /**
   * Starts a new pair with the same link names (after {@link #unplug()}).
   *
   * @throws IOException if socat cannot be started or its links do not appear in 10 s
   */
  public synchronized void replug() throws IOException {
    if (plugged()) {
      throw new IllegalStateException("still plugged");
    }
    List<String> command = new ArrayList<>();
    command.add("socat");
    command.add("pty,raw,echo=0,link=" + port);
    command.add("pty,raw,echo=0,link=" + device);
    socat =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    long deadline = System.nanoTime() + READY.toNanos();
    while (!(Files.exists(port) && Files.exists(device))) {
      if (!socat.isAlive()) {
        throw new IOException("socat ended at once with exit code " + socat.exitValue());
      }
      if (System.nanoTime() > deadline) {
        unplug();
        throw new IOException("socat's links did not appear within " + READY);
      }
      Thread.onSpinWait();
      try {
        socat.waitFor(5, TimeUnit.MILLISECONDS); // returns early only if socat dies
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while starting socat", e);
      }
    }
  }

  /**
   * Returns socat's process id, to count its file descriptors.
   *
   * @return the pid, or -1 when unplugged
   */
  public synchronized long pid() {
    return socat == null ? -1 : socat.pid();
  }

  @Override
  public void close() throws IOException {
    unplug();
  }
}
