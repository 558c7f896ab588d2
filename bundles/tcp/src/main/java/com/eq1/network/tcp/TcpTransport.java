package com.eq1.network.tcp;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty event loops every TCP connection of the bundle shares: one thread accepting for all
 * servers and a small fixed pool doing all socket I/O, so the thread count does not grow with the
 * number of connections. In OSGi the bundle makes one; outside OSGi create one, hand it to the
 * clients and servers, and close it after them.
 */
@Component(service = TcpTransport.class, immediate = true)
public final class TcpTransport implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);

  private final EventLoopGroup acceptor;
  private final EventLoopGroup io;
  private final int ioThreads;

  /** Creates the event loops with one I/O thread per processor, at least 2 and at most 16. */
  @Activate
  public TcpTransport() {
    this(Math.max(2, Math.min(16, Runtime.getRuntime().availableProcessors())));
  }

  /**
   * Creates the event loops.
   *
   * @param ioThreads how many threads do socket I/O for all connections; at least 1
   */
  public TcpTransport(int ioThreads) {
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be at least 1, not " + ioThreads);
    }
    this.ioThreads = ioThreads;
    this.acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("eq1-tcp-accept", true));
    this.io = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("eq1-tcp-io", true));
    LOG.debug("TCP transport started with {} I/O threads", ioThreads);
  }

  /**
   * Returns the group that accepts connections for servers.
   *
   * @return the acceptor group
   */
  public EventLoopGroup acceptor() {
    return acceptor;
  }

  /**
   * Returns the group that does socket I/O.
   *
   * @return the I/O group
   */
  public EventLoopGroup io() {
    return io;
  }

  /**
   * Returns how many I/O threads there are.
   *
   * @return the count
   */
  public int ioThreads() {
    return ioThreads;
  }

  /** Stops the event loops and waits up to 5 seconds for their threads to end. */
  @Deactivate
  @Override
  public void close() {
    acceptor.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    boolean ended =
        acceptor.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS)
            && io.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    if (!ended) {
      LOG.warn("TCP transport: event loop threads did not end within 5 s");
    }
  }
}
