package com.eq1.network.tcp.internal;

import com.eq1.network.tcp.TcpSession;
import com.eq1.network.tcp.TcpSessionListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients of one server: the limit on how many are accepted, the open sessions by id, and the
 * listeners told when they come and go (on the server's own thread, in order).
 */
public final class SessionRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);

  private final String connectionName;
  private final int maxClients;
  private final Executor events;
  private final Map<String, Link> sessions = new ConcurrentHashMap<>();
  private final Set<Channel> channels = ConcurrentHashMap.newKeySet(); // accepted, open or not
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile boolean accepting = true;
  private final List<TcpSessionListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * Creates an empty registry.
   *
   * @param connectionName the server, named in log lines
   * @param maxClients the most clients accepted at once
   * @param events runs listener calls, one at a time in order
   */
  public SessionRegistry(String connectionName, int maxClients, Executor events) {
    this.connectionName = connectionName;
    this.maxClients = maxClients;
    this.events = events;
  }

  /**
   * Returns the initializer of accepted channels: past {@code maxClients} a new client is closed at
   * once and the refusal reported; otherwise its pipeline is set up.
   *
   * @param setup the pipeline
   * @param linkEvents the server's link events
   * @param refused told, with a message naming the client, of each refusal
   * @return the initializer
   */
  public ChannelInitializer<Channel> acceptor(
      ChannelSetup setup, LinkEvents linkEvents, Consumer<String> refused) {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel channel) {
        if (!admit()) {
          refused.accept(
              "refused client "
                  + Addresses.describe(channel.remoteAddress())
                  + ": maxClients "
                  + maxClients
                  + " reached");
          channel.close();
          return;
        }
        channels.add(channel);
        channel
            .closeFuture()
            .addListener(
                closed -> {
                  channels.remove(channel);
                  release();
                });
        if (!accepting) {
          channel.close(); // accepted just before the server stopped listening
          return;
        }
        setup.initialise(channel, null, 0, linkEvents);
      }
    };
  }

  /**
   * Takes a place for a newly accepted connection, released when it closes.
   *
   * @return {@code false} if {@code maxClients} are already connected
   */
  public boolean admit() {
    if (accepted.incrementAndGet() > maxClients) {
      accepted.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Releases the place of a closed connection. */
  public void release() {
    accepted.decrementAndGet();
  }

  /**
   * Records an open session and tells the listeners.
   *
   * @param link the session
   */
  public void opened(Link link) {
    sessions.put(link.id(), link);
    LOG.debug("[{}] client {} connected", connectionName, link.id());
    notifyListeners(link.snapshot(), null);
  }

  /**
   * Forgets a closed session and tells the listeners.
   *
   * @param link the session
   */
  public void closed(Link link) {
    if (sessions.remove(link.id(), link)) {
      LOG.debug("[{}] client {} left", connectionName, link.id());
      notifyListeners(link.snapshot(), "closed");
    }
  }

  /** Accepts clients again after {@link #closeAll()}. */
  public void reopen() {
    accepting = true;
  }

  /**
   * Closes every accepted connection, also those still in their TLS handshake, and any accepted
   * until {@link #reopen()}.
   */
  public void closeAll() {
    accepting = false;
    for (Channel channel : channels) {
      channel.close();
    }
  }

  /**
   * Finds a session.
   *
   * @param id the session id
   * @return the session, or {@code null}
   */
  public Link get(String id) {
    return sessions.get(id);
  }

  /**
   * Closes one session's connection.
   *
   * @param id the session id
   * @return {@code true} if the session existed
   */
  public boolean close(String id) {
    Link link = sessions.get(id);
    if (link == null) {
      return false;
    }
    link.channel().close();
    return true;
  }

  /**
   * Returns the open sessions.
   *
   * @return a live view
   */
  public Collection<Link> links() {
    return sessions.values();
  }

  /**
   * Describes the open sessions.
   *
   * @return a snapshot of each
   */
  public List<TcpSession> snapshots() {
    List<TcpSession> list = new ArrayList<>(sessions.size());
    for (Link link : sessions.values()) {
      list.add(link.snapshot());
    }
    return list;
  }

  /**
   * Adds a listener.
   *
   * @param listener the listener
   */
  public void addListener(TcpSessionListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   */
  public void removeListener(TcpSessionListener listener) {
    listeners.remove(listener);
  }

  private void notifyListeners(TcpSession session, String reason) {
    if (listeners.isEmpty()) {
      return;
    }
    try {
      events.execute(
          () -> {
            for (TcpSessionListener listener : listeners) {
              try {
                if (reason == null) {
                  listener.onOpened(session);
                } else {
                  listener.onClosed(session, reason);
                }
              } catch (RuntimeException e) {
                LOG.warn("[{}] session listener {} failed", connectionName, listener, e);
              }
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.debug("[{}] closing: session event not delivered", connectionName);
    }
  }
}
