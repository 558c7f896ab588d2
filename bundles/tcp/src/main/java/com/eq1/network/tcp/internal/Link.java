package com.eq1.network.tcp.internal;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.tcp.TcpSession;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * One open TCP connection (a client's link, or one session of a server): writes with a timeout
 * instead of blocking forever when the peer stops reading, pauses reading when the receive buffer
 * is full, and counts what passes.
 */
public final class Link {

  private final Channel channel;
  private volatile String id;
  private final Instant openedAt = Instant.now();
  private final LongAdder messagesIn = new LongAdder();
  private final LongAdder messagesOut = new LongAdder();
  private final LongAdder bytesIn = new LongAdder();
  private final LongAdder bytesOut = new LongAdder();

  /**
   * Wraps a channel.
   *
   * @param channel the channel
   */
  public Link(Channel channel) {
    this.channel = channel;
  }

  /**
   * Returns the session id, fixed once the peer's address is known.
   *
   * @return the peer's address as {@code host:port}, or {@code "?"} before it is known
   */
  public String id() {
    String known = id;
    if (known == null && channel.remoteAddress() != null) {
      known = Addresses.describe(channel.remoteAddress());
      id = known;
    }
    return known == null ? "?" : known;
  }

  /**
   * Returns the channel.
   *
   * @return the channel
   */
  public Channel channel() {
    return channel;
  }

  /**
   * Tells whether the connection is open.
   *
   * @return {@code true} while the channel is active
   */
  public boolean isOpen() {
    return channel.isActive();
  }

  /**
   * Writes one framed message, waiting up to {@code timeout} for room in the send buffer (the peer
   * may have stopped reading). The write is queued on the channel's event loop in call order.
   *
   * @param connectionName the connection, named in exceptions
   * @param framed the framed bytes; released by this method if it throws
   * @param payloadLength the payload size, for the counters
   * @param timeout the longest wait for room
   * @throws ProtocolTimeoutException if no room came within the timeout
   * @throws ConnectionException if the connection is closed
   */
  public void write(String connectionName, ByteBuf framed, int payloadLength, Duration timeout) {
    try {
      awaitWritable(connectionName, timeout);
    } catch (RuntimeException e) {
      framed.release();
      throw e;
    }
    channel.writeAndFlush(framed, channel.voidPromise());
    messagesOut.increment();
    bytesOut.add(payloadLength);
  }

  private void awaitWritable(String connectionName, Duration timeout) {
    if (channel.isWritable()) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (!channel.isWritable()) {
        if (!channel.isActive()) {
          throw new ConnectionException(connectionName, "connection to " + id + " is closed");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new ProtocolTimeoutException(
              connectionName,
              "send to "
                  + id
                  + " timed out after "
                  + timeout.toMillis()
                  + " ms: the peer is not reading (socket send buffer full)");
        }
        try {
          wait(Math.max(1, left / 1_000_000), 0);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ProtocolTimeoutException(connectionName, "send to " + id + " interrupted");
        }
      }
    }
    if (!channel.isActive()) {
      throw new ConnectionException(connectionName, "connection to " + id + " is closed");
    }
  }

  /** Wakes writers waiting for room: the channel became writable or closed. */
  public synchronized void wakeWriters() {
    notifyAll();
  }

  /**
   * Counts one message received.
   *
   * @param bytes its size
   */
  public void received(int bytes) {
    messagesIn.increment();
    bytesIn.add(bytes);
  }

  /**
   * Stops reading from the socket until {@link #resumeReading()}.
   *
   * @return {@code true} if it was reading
   */
  public boolean pauseReading() {
    if (!channel.config().isAutoRead()) {
      return false;
    }
    channel.config().setAutoRead(false);
    return true;
  }

  /** Reads from the socket again. */
  public void resumeReading() {
    channel.config().setAutoRead(true);
  }

  /**
   * Describes the session.
   *
   * @return a snapshot
   */
  public TcpSession snapshot() {
    return new TcpSession(
        id,
        openedAt,
        messagesIn.sum(),
        messagesOut.sum(),
        bytesIn.sum(),
        bytesOut.sum(),
        channel.pipeline().get(SslHandler.class) != null,
        peerPrincipal());
  }

  private String peerPrincipal() {
    SslHandler ssl = channel.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return null;
    }
    try {
      Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x509
          ? x509.getSubjectX500Principal().getName()
          : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return id();
  }
}
