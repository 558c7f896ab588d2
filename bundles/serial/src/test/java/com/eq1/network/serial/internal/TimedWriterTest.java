package com.eq1.network.serial.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A blocking write given a timeout: what the caller sees while the device holds the line back. */
class TimedWriterTest {

  @Test
  void aWriteThatOutlivesItsTimeoutReportsItsProgressAndHoldsTheNext() throws Exception {
    CountDownLatch device = new CountDownLatch(1);
    TimedWriter writer =
        new TimedWriter(
            "test-writer",
            (data, progress) -> {
              progress.set(1); // one byte taken, then the device stops reading
              try {
                device.await();
              } catch (InterruptedException e) {
                throw new IOException("port closed", e);
              }
              progress.set(data.length);
            });
    try {
      assertEquals(1, writer.write(new byte[3], Duration.ofMillis(100)));
      assertEquals(0, writer.write(new byte[2], Duration.ofMillis(100))); // waits behind it
      device.countDown();
      assertEquals(2, writer.write(new byte[2], Duration.ofSeconds(5)));
    } finally {
      writer.close();
    }
    IOException closed =
        assertThrows(IOException.class, () -> writer.write(new byte[1], Duration.ofSeconds(1)));
    assertEquals("port closed", closed.getMessage());
  }

  @Test
  void failuresReachTheCallerAsIoExceptions() throws Exception {
    TimedWriter failing =
        new TimedWriter(
            "test-writer",
            (data, progress) -> {
              throw new IllegalStateException("driver bug");
            });
    try {
      IOException e =
          assertThrows(IOException.class, () -> failing.write(new byte[1], Duration.ofSeconds(5)));
      assertTrue(e.getMessage().contains("driver bug"), e.getMessage());
    } finally {
      failing.close();
    }
  }

  @Test
  void anInterruptedCallerGetsAnIoExceptionAndKeepsItsFlag() {
    CountDownLatch never = new CountDownLatch(1);
    TimedWriter writer =
        new TimedWriter(
            "test-writer",
            (data, progress) -> {
              try {
                never.await();
              } catch (InterruptedException e) {
                throw new IOException("closed", e);
              }
            });
    try {
      Thread.currentThread().interrupt();
      IOException e =
          assertThrows(IOException.class, () -> writer.write(new byte[1], Duration.ofSeconds(5)));
      assertEquals("interrupted while writing", e.getMessage());
      assertTrue(Thread.interrupted());
    } finally {
      writer.close();
    }
  }
}
