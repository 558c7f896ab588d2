package com.eq1.network.serial.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the processes that hold a serial device another process could not open.
 *
 * <p>jSerialComm takes {@code flock(LOCK_EX | LOCK_NB)} on Linux after opening a port (no {@code
 * TIOCEXCL}): a second jSerialComm, {@code flock(1)} or any program that locks the device makes the
 * open fail with {@code EWOULDBLOCK}, while a program that opens it without a lock does not. So the
 * lock owners in {@code /proc/locks} are asked first; the processes with the device open in {@code
 * /proc/<pid>/fd} are the fallback.
 */
final class PortHolders {

  private static final Logger LOG = LoggerFactory.getLogger(PortHolders.class);
  private static final Path PROC = Path.of("/proc");
  private static final int MAX_NAMED = 5;

  private PortHolders() {}

  /**
   * Says who holds a device, for an error message.
   *
   * @param device the real device path
   * @return {@code held by process 1234 (socat)}, or {@code held by another process (not visible to
   *     this user)}
   */
  static String describe(Path device) {
    Set<Long> pids = new LinkedHashSet<>(lockOwners(device));
    if (pids.isEmpty()) {
      pids.addAll(openers(device));
    }
    if (pids.isEmpty()) {
      return "held by another process (not visible to this user)";
    }
    List<String> names = new ArrayList<>();
    for (long pid : pids) {
      if (names.size() == MAX_NAMED) {
        names.add("…");
        break;
      }
      names.add(describeProcess(pid));
    }
    return (pids.size() == 1 ? "held by process " : "held by processes ")
        + String.join(", ", names);
  }

  private static String describeProcess(long pid) {
    String text = pid + command(pid).map(c -> " (" + c + ")").orElse("");
    return pid == ProcessHandle.current().pid() ? text + ", this process" : text;
  }

  private static Optional<String> command(long pid) {
    try {
      return Optional.of(Files.readString(PROC.resolve(pid + "/comm")).strip());
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns the pids of the {@code FLOCK} owners of a device from {@code /proc/locks}, whose lines
   * read {@code 1: FLOCK ADVISORY WRITE 30864 00:1a:3 0 EOF} (pid, then the file system's major and
   * minor in hex and the inode).
   */
  static List<Long> lockOwners(Path device) {
    List<Long> pids = new ArrayList<>();
    try {
      long dev = (Long) Files.getAttribute(device, "unix:dev");
      long ino = (Long) Files.getAttribute(device, "unix:ino");
      String key =
          String.format("%02x:%02x:%d", major(dev), minor(dev), ino); // as the kernel prints it
      for (String line : Files.readAllLines(PROC.resolve("locks"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 5 && "FLOCK".equals(f[1]) && f[5].equals(key)) {
          long pid = Long.parseLong(f[4]);
          if (ProcessHandle.of(pid).isPresent()) {
            pids.add(pid);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot read the locks of {}", device, e);
    }
    return pids;
  }

  /** Returns the pids whose {@code /proc/<pid>/fd} has a link to the device (those we may read). */
  static List<Long> openers(Path device) {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path process : processes) {
        if (hasOpen(process.resolve("fd"), device)) {
          pids.add(Long.parseLong(process.getFileName().toString()));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot scan /proc for holders of {}", device, e);
    }
    return pids.stream().sorted().collect(Collectors.toList());
  }

  private static boolean hasOpen(Path fds, Path device) {
    try (DirectoryStream<Path> links = Files.newDirectoryStream(fds)) {
      for (Path link : links) {
        try {
          if (device.equals(Files.readSymbolicLink(link))) {
            return true;
          }
        } catch (IOException | UnsupportedOperationException e) {
          // closed meanwhile
        }
      }
    } catch (IOException | SecurityException e) {
      // another user's process, or gone
    }
    return false;
  }

  private static long major(long dev) {
    return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
  }

  private static long minor(long dev) {
    return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
  }
}
