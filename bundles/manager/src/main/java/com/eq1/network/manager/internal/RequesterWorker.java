package com.eq1.network.manager.internal;

import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.QueueFullException;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.OutboundQueue;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The Requester of a network handler: one thread that takes messages from the bounded outbound
 * queue, in order, and sends their frames while the protocol is connected. While it is not, the
 * messages wait and age; what outlives its time to live is expired instead of sent. A protocol that
 * pushes back ({@link QueueFullException}: the peer is not reading) gets the same message again a
 * moment later, so nothing accepted is lost to back-pressure.
 */
public final class RequesterWorker implements Runnable {

  /** What the Requester reports. Called on the Requester's thread. */
  public interface Hooks {

    /**
     * Every frame of {@code message} was handed to the protocol.
     *
     * @param message the message
     */
    void sent(Outgoing message);

    /**
     * The protocol refused {@code message}; it is dropped.
     *
     * @param message the message
     * @param error the protocol's error
     */
    void failed(Outgoing message, ProtocolException error);

    /**
     * {@code message} outlived its time to live while the protocol pushed back; it is dropped.
     *
     * @param message the message
     */
    void expired(Outgoing message);
  }

  private static final long BACK_OFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final ReqResProtocol protocol;
  private final OutboundQueue<Outgoing> queue;
  private final long idleNanos;
  private final LongSupplier nanoClock;
  private final Hooks hooks;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeup = lock.newCondition();
  private boolean signalled;
  private volatile boolean running = true;

  /**
   * Creates the worker; run it on its own thread.
   *
   * @param protocol the protocol to send on
   * @param queue the outbound queue to take from
   * @param idle how long to wait for a {@link #wake()} before looking again
   * @param nanoClock the clock the queue's deadlines use
   * @param hooks what to report to
   */
  public RequesterWorker(
      ReqResProtocol protocol,
      OutboundQueue<Outgoing> queue,
      Duration idle,
      LongSupplier nanoClock,
      Hooks hooks) {
    this.protocol = protocol;
    this.queue = queue;
    this.idleNanos = idle.toNanos();
    this.nanoClock = nanoClock;
    this.hooks = hooks;
  }

  /** Tells the worker to look at the queue and the connection now. */
  public void wake() {
    lock.lock();
    try {
      signalled = true;
      wakeup.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Makes {@link #run()} return after the message in hand, if any. */
  public void stop() {
    running = false;
    wake();
  }

  @Override
  public void run() {
    Outgoing current = null; // taken from the queue; held across retries while the peer pushes back
    int nextFrame = 0;
    while (running) {
      if (!protocol.isConnected()) {
        await(idleNanos);
      } else if (current == null) {
        current = queue.poll().orElse(null);
        nextFrame = 0;
        if (current == null) {
          await(idleNanos);
        }
      } else if (nanoClock.getAsLong() - current.deadlineNanos() >= 0) {
        hooks.expired(current);
        current = null;
      } else {
        try {
          while (nextFrame < current.frames().size()) {
            protocol.send(current.frames().get(nextFrame));
            nextFrame++;
          }
          hooks.sent(current);
          current = null;
        } catch (QueueFullException e) {
          await(BACK_OFF_NANOS); // the peer is not reading yet: same frame again shortly
        } catch (ProtocolException e) {
          hooks.failed(current, e);
          current = null;
        }
      }
    }
  }

  private void await(long nanos) {
    lock.lock();
    try {
      if (!signalled && running) {
        wakeup.awaitNanos(nanos);
      }
      signalled = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }
}
