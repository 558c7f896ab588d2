package com.eq1.network.serial.internal;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ProtocolException;
import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads jSerialComm's native library from a directory of ours, before jSerialComm would extract it
 * into its world-writable folder under {@code java.io.tmpdir}.
 *
 * <p>The library is copied from the jSerialComm jar to {@code
 * <directory>/<version>/pid<pid>-<loader>/<OS>/<arch>/<file>} (directories 0700, file 0700), one
 * folder per jSerialComm version and class loader, because a JVM loads one library file into one
 * class loader only: a refreshed jSerialComm bundle gets its own copy. Then {@code
 * jSerialComm.library.path} is set while {@code SerialPort} is initialised, and restored.
 *
 * <p>Idempotent and thread-safe. A failure is remembered: every later call throws the same clear
 * exception instead of a bare {@link NoClassDefFoundError}.
 */
public final class NativeLibrary {

  static final String LIBRARY_PATH_PROPERTY = "jSerialComm.library.path";
  private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);
  private static final Object GLOBAL = new Object(); // the system property is global
  private static final Map<Class<?>, String> FAILED_CLASSES = new ConcurrentHashMap<>();
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private final Path directory;
  private final Class<?> serialPortClass;
  private volatile Path library;
  private volatile ProtocolException failure;

  /**
   * Creates the loader for the jSerialComm on the class path.
   *
   * @param directory where the library goes, or {@code null} for {@link #defaultDirectory()}
   */
  public NativeLibrary(Path directory) {
    this(directory, SerialPort.class); // a class literal does not initialise the class
  }

  NativeLibrary(Path directory, Class<?> serialPortClass) {
    this.directory = (directory == null ? defaultDirectory() : directory).toAbsolutePath();
    this.serialPortClass = Objects.requireNonNull(serialPortClass, "serialPortClass");
  }

  /**
   * Returns {@code ${karaf.data}/eq1/serial/native}, or {@code ${user.home}/.eq1/serial/native}
   * outside Karaf.
   *
   * @return the default directory
   */
  public static Path defaultDirectory() {
    String karafData = System.getProperty("karaf.data");
    return karafData != null && !karafData.isBlank()
        ? Path.of(karafData, "eq1", "serial", "native")
        : Path.of(System.getProperty("user.home"), ".eq1", "serial", "native");
  }

  /**
   * Returns the configured directory.
   *
   * @return the directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * Makes sure jSerialComm's native library is loaded; extracts and loads it on the first call.
   *
   * @return the library file in use (outside our directory if jSerialComm was initialised before)
   * @throws ConfigurationException if the directory cannot be used
   * @throws ConnectionException if the library cannot be loaded
   */
  public Path load() {
    Path loaded = library;
    if (loaded != null) {
      return loaded;
    }
    synchronized (GLOBAL) {
      if (library != null) {
        return library;
      }
      if (failure != null) {
        throw copy(failure);
      }
      try {
        library = extractAndLoad();
        return library;
      } catch (ProtocolException e) {
        failure = e;
        throw copy(e);
      }
    }
  }

  private Path extractAndLoad() {
    String version = version();
    String os = osFolder();
    String arch = archFolder(os);
    String file = libraryFile(os);
    String resource = "/" + os + "/" + arch + "/" + file;
    Path versionDir = directory.resolve(version);
    Path root = versionDir.resolve(loaderFolder());
    Path target = root.resolve(os).resolve(arch).resolve(file);
    try (InputStream in = serialPortClass.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConnectionException(
            null,
            "jSerialComm "
                + version
                + " has no native library for "
                + os
                + "/"
                + arch
                + " (os.arch="
                + System.getProperty("os.arch")
                + "); nothing was extracted to "
                + directory);
      }
      prepare(target.getParent());
      removeStale(versionDir);
      if (!Files.exists(target)) {
        Path temp = Files.createTempFile(target.getParent(), file, ".tmp", ownerOnly("rw-------"));
        try {
          Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
          setPermissions(temp, OWNER_ONLY);
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(temp);
        }
      }
    } catch (IOException | SecurityException e) {
      throw new ConfigurationException(
          null,
          "nativeLibraryDirectory "
              + directory
              + " cannot be used for jSerialComm's native library: "
              + reason(e),
          e);
    }
    initialise(root, target);
    List<Path> mapped = mappedLibraries();
    if (mapped.isEmpty() || mapped.contains(target)) {
      LOG.debug("jSerialComm {} uses its native library {}", version, target);
      return target;
    }
    LOG.debug("jSerialComm {} was initialised before; it uses {}, not {}", version, mapped, target);
    return mapped.get(mapped.size() - 1);
  }

  private void initialise(Path root, Path target) {
    String reason = FAILED_CLASSES.get(serialPortClass);
    if (reason != null) {
      throw new ConnectionException(null, reason);
    }
    String previous = System.getProperty(LIBRARY_PATH_PROPERTY);
    System.setProperty(LIBRARY_PATH_PROPERTY, root.toString());
    try {
      Class.forName(serialPortClass.getName(), true, serialPortClass.getClassLoader());
    } catch (LinkageError | ClassNotFoundException e) {
      String message =
          "jSerialComm's native library "
              + target
              + " could not be loaded: "
              + reason(e.getCause() != null ? e.getCause() : e);
      FAILED_CLASSES.putIfAbsent(serialPortClass, message);
      throw new ConnectionException(null, FAILED_CLASSES.get(serialPortClass), e);
    } finally {
      if (previous == null) {
        System.clearProperty(LIBRARY_PATH_PROPERTY);
      } else {
        System.setProperty(LIBRARY_PATH_PROPERTY, previous);
      }
    }
  }

  private String version() {
    Package pkg = serialPortClass.getPackage();
    if (pkg != null && pkg.getImplementationVersion() != null) {
      return pkg.getImplementationVersion();
    }
    try (InputStream in =
        serialPortClass.getResourceAsStream(
            "/META-INF/maven/com.fazecast/jSerialComm/pom.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      LOG.debug("Cannot read jSerialComm's version", e);
    }
    return "unknown";
  }

  private String loaderFolder() {
    ClassLoader loader = serialPortClass.getClassLoader();
    return "pid"
        + ProcessHandle.current().pid()
        + "-"
        + Integer.toHexString(loader == null ? 0 : System.identityHashCode(loader));
  }

  /** Deletes the folders of processes that have ended. */
  private static void removeStale(Path versionDir) {
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(versionDir, "pid*-*")) {
      for (Path folder : folders) {
        String name = folder.getFileName().toString();
        long pid = Long.parseLong(name.substring(3, name.indexOf('-')));
        if (ProcessHandle.of(pid).isEmpty()) {
          deleteTree(folder);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Cannot clean up {}", versionDir, e);
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    try (var paths = Files.walk(folder)) {
      for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private void prepare(Path folder) throws IOException {
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new IOException("it is not a directory");
    }
    Files.createDirectories(folder, ownerOnly("rwx------"));
    for (Path dir = folder;
        dir != null && !dir.equals(directory.getParent());
        dir = dir.getParent()) {
      if (dir.startsWith(directory) && !dir.equals(directory)) {
        setPermissions(dir, OWNER_ONLY); // folders we created; the configured one is the admin's
      }
    }
    if (!Files.isWritable(folder)) {
      throw new IOException(folder + " is not writable");
    }
  }

  private static FileAttribute<?>[] ownerOnly(String permissions) {
    return posix()
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
        }
        : new FileAttribute<?>[0];
  }

  private static void setPermissions(Path path, Set<PosixFilePermission> permissions)
      throws IOException {
    if (posix()) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Returns the native libraries of jSerialComm this process has mapped, from /proc/self/maps. */
  private static List<Path> mappedLibraries() {
    try (var lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines
          .filter(line -> line.contains("jSerialComm") && line.indexOf('/') >= 0)
          .map(line -> Path.of(line.substring(line.indexOf('/')).trim()))
          .distinct()
          .collect(Collectors.toList());
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  static String osFolder() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("win")) {
      return "Windows";
    } else if (os.contains("mac")) {
      return "OSX";
    } else if (os.contains("freebsd")) {
      return "FreeBSD";
    } else if (os.contains("openbsd")) {
      return "OpenBSD";
    } else if (os.contains("sunos") || os.contains("solaris")) {
      return "Solaris";
    }
    return "Linux";
  }

  /** Chooses the architecture folder as jSerialComm would for this JVM (os.arch_full first). */
  static String archFolder(String os) {
    String full = System.getProperty("os.arch_full", "");
    if (!full.isEmpty()) {
      return full.toLowerCase(Locale.ROOT);
    }
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (arch.equals("amd64") || arch.equals("x86_64")) {
      return os.equals("OpenBSD") ? "amd64" : "x86_64";
    } else if (arch.contains("86")) {
      return "x86";
    } else if (arch.equals("aarch64") || arch.equals("arm64")) {
      return switch (os) {
        case "Linux" -> "armv8_64";
        case "FreeBSD" -> "arm64";
        default -> "aarch64";
      };
    } else if (arch.startsWith("arm")) {
      return os.equals("Windows") ? "armv7" : "armv7hf";
    }
    return arch;
  }

  private static String libraryFile(String os) {
    return switch (os) {
      case "Windows" -> "jSerialComm.dll";
      case "OSX" -> "libjSerialComm.jnilib";
      default -> "libjSerialComm.so";
    };
  }

  private static String reason(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return e.getClass().getSimpleName() + ": " + message.strip().replace('\n', ' ');
  }

  private static ProtocolException copy(ProtocolException e) {
    return e instanceof ConfigurationException
        ? new ConfigurationException(null, e.getMessage(), e.getCause())
        : new ConnectionException(null, e.getMessage(), e.getCause());
  }
}
