package com.eq1.network.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.eq1.network.api.ConnectionInfo;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ReqResManager;
import com.eq1.network.api.ReqResProtocol;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.awaitility.Awaitility;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serial feature and a configuration for a socat pty installed at runtime: 10,000 length-framed
 * requests go through {@link ReqResManager} to an echo device on the other end of the pair while
 * the serial bundle is updated and refreshed under them. The port reopens by itself; the consumer
 * only asks again when a reply does not come in time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SerialIT extends Eq1TestSupport {

  private static final Logger LOG = LoggerFactory.getLogger(SerialIT.class);

  private static final String SERIAL_BSN = "com.eq1.network.serial";
  private static final String FACTORY_PID = "com.eq1.network.serial";
  private static final String NAME = "it-serial";
  private static final String AGAIN = "it-reopen";
  private static final int TOTAL = 10_000;
  private static final int UPDATE_AT = 3_000;
  private static final int MESSAGE_BYTES = 64; // 4-byte sequence number, then padding
  private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(2);

  /** The threads of connection {@link #NAME}: its supervisor and its port reader. */
  private static final Pattern THREADS = Pattern.compile("eq1-serial-(read-)?" + NAME + "-\\d+");

  @Inject private ReqResManager reqResManager;
  @Inject private ConfigurationAdmin configurationAdmin;
  @Inject private FeaturesService featuresService;

  @Test
  public void tenThousandRequestsSurviveABundleUpdateAndDeletingTheConfigFreesThePort()
      throws Exception {
    Path folder = Files.createTempDirectory(Path.of(System.getProperty("karaf.base")), "pty");
    ExecutorService threads = Executors.newFixedThreadPool(2);
    Configuration config = null;
    Configuration again = null;
    try (SocatPty pty = new SocatPty(folder);
        EchoDevice device = new EchoDevice(pty.device(), threads)) {
      featuresService.installFeature("eq1-serial", EnumSet.noneOf(FeaturesService.Option.class));
      config = configurationAdmin.getFactoryConfiguration(FACTORY_PID, "it", "?");
      config.update(settings(NAME, pty.port()));
      ServiceReference<ReqResProtocol> service = awaitService(ReqResProtocol.class, NAME);
      assertEquals("serial", service.getProperty("eq1.protocol"));
      awaitState(NAME, ConnectionState.CONNECTED);
      assertNativeLibraryInKarafData();

      // the consumer: plain request/response with a timeout, asking again when none comes
      CountDownLatch updateNow = new CountDownLatch(1);
      AtomicInteger stale = new AtomicInteger();
      Future<Integer> consumer =
          threads.submit(
              () -> {
                int reAsks = 0;
                for (int i = 0; i < TOTAL; i++) {
                  if (i == UPDATE_AT) {
                    updateNow.countDown();
                  }
                  while (!exchange(i, stale)) {
                    reAsks++;
                  }
                }
                return reAsks;
              });
      assertTrue(updateNow.await(DEADLINE.toSeconds() * 2, TimeUnit.SECONDS));
      Set<Thread> oldThreads = connectionThreads();
      long lastOldThreadId = new Thread(() -> {}).getId(); // ids only grow: later ones are newer
      long before = serviceId(service);
      long updateStart = System.nanoTime();
      updateAndRefresh(bundle(SERIAL_BSN));
      long updateMillis = (System.nanoTime() - updateStart) / 1_000_000;
      int reAsks = consumer.get(DEADLINE.toSeconds() * 4, TimeUnit.SECONDS);
      long totalMillis = (System.nanoTime() - updateStart) / 1_000_000;
      LOG.info(
          "SerialIT: update+refresh {} ms; {} requests answered in order, {} re-asks, {} stale"
              + " replies skipped; {} ms from the update to the last answer; {} bytes echoed",
          updateMillis,
          TOTAL,
          reAsks,
          stale.get(),
          totalMillis,
          device.echoed());
      assertTrue("re-asks " + reAsks, reAsks <= 5);
      assertNotEquals(
          "the service was replaced", before, serviceId(awaitService(ReqResProtocol.class, NAME)));
      ConnectionInfo info = reqResManager.connection(NAME).orElseThrow();
      assertEquals(ConnectionState.CONNECTED, info.state());
      assertEquals("serial", info.protocolType());
      assertEquals("held messages expired", 0, info.expired());

      // only the new bundle's threads: the old connection's ended, one reader for the open port
      Awaitility.await()
          .atMost(DEADLINE)
          .until(
              () -> {
                Set<Thread> now = connectionThreads();
                return oldThreads.stream().noneMatch(Thread::isAlive)
                    && now.stream().allMatch(t -> t.getId() > lastOldThreadId)
                    && now.stream().filter(t -> t.getName().contains("-read-")).count() == 1;
              });
      LOG.info(
          "SerialIT: threads before the update {}, after {}",
          names(oldThreads),
          names(connectionThreads()));
      assertNativeLibraryInKarafData();

      // deleting the configuration removes the service, ends its threads and frees the port
      config.delete();
      config = null;
      Awaitility.await()
          .atMost(DEADLINE)
          .until(
              () ->
                  bundleContext
                      .getServiceReferences(ReqResProtocol.class, "(eq1.name=" + NAME + ")")
                      .isEmpty());
      Path pts = pty.port().toRealPath();
      Awaitility.await()
          .atMost(DEADLINE)
          .until(() -> openFiles().noneMatch(pts::equals) && connectionThreads().isEmpty());
      // a new connection can take the port at once
      again = configurationAdmin.getFactoryConfiguration(FACTORY_PID, "it-again", "?");
      again.update(settings(AGAIN, pty.port()));
      awaitState(AGAIN, ConnectionState.CONNECTED);
      byte[] probe = ByteBuffer.allocate(MESSAGE_BYTES).putInt(-1).array();
      reqResManager.send(AGAIN, probe);
      assertTrue(
          Arrays.equals(
              probe, reqResManager.read(AGAIN, DEADLINE).orElseThrow(AssertionError::new)));
      assertTrue("socat still runs", pty.alive());
    } finally {
      threads.shutdownNow();
      threads.awaitTermination(10, TimeUnit.SECONDS);
      if (config != null) {
        config.delete();
      }
      if (again != null) {
        again.delete();
      }
    }
  }

  private static Hashtable<String, Object> settings(String name, Path port) {
    return new Hashtable<>(
        Map.of(
            "eq1.name",
            name,
            "port",
            port.toString(),
            "framing",
            "length",
            "reconnectInitialMillis",
            50L,
            "reconnectMaxMillis",
            500L));
  }

  /** Sends request {@code i} and waits for its echo; stale echoes of earlier tries are skipped. */
  private boolean exchange(int i, AtomicInteger stale) {
    byte[] request = ByteBuffer.allocate(MESSAGE_BYTES).putInt(i).array();
    Arrays.fill(request, 4, MESSAGE_BYTES, (byte) 0x5a);
    reqResManager.send(NAME, request);
    long deadline = System.nanoTime() + REPLY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<byte[]> reply =
          reqResManager.read(NAME, Duration.ofNanos(deadline - System.nanoTime()));
      if (reply.isPresent()) {
        if (Arrays.equals(request, reply.get())) {
          return true;
        }
        stale.incrementAndGet();
      }
    }
    return false;
  }

  /**
   * jSerialComm's native library: extracted under {@code ${karaf.data}/eq1/serial/native}, the file
   * and every folder below that directory readable by the owner only, and the one this JVM has
   * loaded (not a copy under {@code java.io.tmpdir}).
   */
  private static void assertNativeLibraryInKarafData() throws IOException {
    Path nativeDir = Path.of(System.getProperty("karaf.data"), "eq1", "serial", "native");
    List<Path> libraries;
    try (Stream<Path> files = Files.walk(nativeDir)) {
      libraries =
          files.filter(p -> p.getFileName().toString().equals("libjSerialComm.so")).toList();
    }
    assertFalse("no library under " + nativeDir, libraries.isEmpty());
    Set<PosixFilePermission> groupOrOther =
        EnumSet.complementOf(
            EnumSet.of(
                PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
    for (Path library : libraries) {
      for (Path p = library; !p.equals(nativeDir.getParent()); p = p.getParent()) {
        Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(p));
        permissions.retainAll(groupOrOther);
        assertEquals(p + " is open to group or others", Set.of(), permissions);
      }
    }
    List<Path> mapped;
    try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
      mapped =
          maps.filter(line -> line.contains("jSerialComm") && line.indexOf('/') >= 0)
              .map(line -> Path.of(line.substring(line.indexOf('/')).trim()))
              .distinct()
              .toList();
    }
    assertFalse("jSerialComm's library is not loaded", mapped.isEmpty());
    // jSerialComm's own choice would be <java.io.tmpdir>/jSerialComm, world-writable (the data
    // folder itself may well be under /tmp, as in a CI checkout there)
    Path jSerialCommTmp =
        Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().resolve("jSerialComm");
    for (Path library : mapped) {
      assertTrue(library + " is not under " + nativeDir, library.startsWith(nativeDir));
      assertFalse(library + " is under " + jSerialCommTmp, library.startsWith(jSerialCommTmp));
    }
  }

  /** The files this JVM holds open, from /proc/self/fd. */
  private static Stream<Path> openFiles() throws IOException {
    List<Path> targets = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          targets.add(Files.readSymbolicLink(fd));
        } catch (IOException e) {
          // closed between the listing and the read
        }
      }
    }
    return targets.stream();
  }

  private static Set<Thread> connectionThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> THREADS.matcher(t.getName()).matches())
        .collect(Collectors.toSet());
  }

  private static List<String> names(Set<Thread> threads) {
    return threads.stream().map(t -> t.getName() + "#" + t.getId()).sorted().toList();
  }

  private void awaitState(String name, ConnectionState state) {
    Awaitility.await()
        .atMost(DEADLINE)
        .until(
            () -> reqResManager.connection(name),
            info -> info.isPresent() && info.get().state() == state);
  }

  /**
   * The device on the far end of the pair: reads the device link as a file and writes back every
   * byte it reads, on one thread of the test's pool.
   */
  private static final class EchoDevice implements AutoCloseable {

    private final InputStream in;
    private final OutputStream out;
    private final AtomicInteger echoed = new AtomicInteger();

    EchoDevice(Path device, ExecutorService threads) throws IOException {
      this.in = new FileInputStream(device.toFile());
      this.out = new FileOutputStream(device.toFile());
      threads.execute(this::pump);
    }

    int echoed() {
      return echoed.get();
    }

    private void pump() {
      byte[] buffer = new byte[8192];
      try {
        int n;
        while ((n = in.read(buffer)) > 0) {
          out.write(buffer, 0, n);
          out.flush();
          echoed.addAndGet(n);
        }
      } catch (IOException e) {
        // the pair was closed: the device is gone
      }
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } finally {
        in.close();
      }
    }
  }
}
