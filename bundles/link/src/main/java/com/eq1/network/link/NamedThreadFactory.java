package com.eq1.network.link;

import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes daemon threads named {@code <prefix>-<n>}, so that every EQ-1 thread shows in a thread dump
 * with the component and connection it belongs to. Uncaught exceptions are logged.
 */
public final class NamedThreadFactory implements ThreadFactory {

  private static final Logger LOG = LoggerFactory.getLogger(NamedThreadFactory.class);

  private final String prefix;
  private final ThreadFactory delegate = Executors.defaultThreadFactory();
  private final AtomicInteger counter = new AtomicInteger();

  /**
   * Creates a factory.
   *
   * @param prefix the thread name prefix, for example {@code eq1-loopback-local}
   */
  public NamedThreadFactory(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = delegate.newThread(task);
    thread.setName(prefix + "-" + counter.incrementAndGet());
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler(
        (t, e) -> LOG.error("Uncaught exception in thread {}", t.getName(), e));
    return thread;
  }
}
