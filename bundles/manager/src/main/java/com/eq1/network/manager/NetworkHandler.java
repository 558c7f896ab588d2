package com.eq1.network.manager;

import com.eq1.network.api.ConnectionException;
import com.eq1.network.api.ConnectionState;
import com.eq1.network.api.ConnectionStateListener;
import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.ProtocolTimeoutException;
import com.eq1.network.api.QueueFullException;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.api.data.SendData;
import com.eq1.network.link.OutboundQueue;
import com.eq1.network.manager.internal.HandlerCounters;
import com.eq1.network.manager.internal.HandlerThreads;
import com.eq1.network.manager.internal.InboundRouter;
import com.eq1.network.manager.internal.LinkMonitor;
import com.eq1.network.manager.internal.ListenerWorker;
import com.eq1.network.manager.internal.Outgoing;
import com.eq1.network.manager.internal.PendingRequests;
import com.eq1.network.manager.internal.RequesterWorker;
import com.eq1.network.packet.DataPackage;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.MessageCodec;
import com.eq1.network.packet.MessageType;
import com.eq1.network.packet.StreamingPacketStructure;
import com.eq1.network.packet.TransferAssembler;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one object equipment code talks to over a request/response link: it turns values into typed
 * messages and frames, sends them in order, cuts the received byte stream back into messages,
 * matches replies to requests and says when the link is up or down.
 *
 * <p>Threads, all named {@code eq1-handler-<connection>-…} and ended by {@link #close()}:
 *
 * <ul>
 *   <li>the <b>Requester</b> takes messages from a bounded queue with a time to live and sends them
 *       while the protocol is connected; after an outage, what waited too long has expired
 *       (counted) instead of bursting out;
 *   <li>the <b>Listener</b> reads the protocol with a timeout, feeds the stream's {@link
 *       com.eq1.network.packet.FrameDecoder}, decodes envelopes, reassembles chunked transfers and
 *       routes replies to their requests;
 *   <li>the <b>callback</b> thread runs every {@link NetworkHandlerListener} call and completes
 *       request futures, in order, never on an I/O thread;
 *   <li>a <b>timer</b> for request timeouts, heartbeats and stale transfers.
 * </ul>
 *
 * <p>The handler frames with its {@link DataPackage}'s structure, which must carry arbitrary bytes
 * ({@link com.eq1.network.packet.NetworkPacketStructure}); the protocol underneath passes bytes
 * through unframed (TCP or serial with {@code framing=raw}) or keeps message boundaries (loopback),
 * and writes each {@code send} whole. All public methods are thread-safe.
 */
public final class NetworkHandler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NetworkHandler.class);

  private final String name;
  private final ReqResProtocol protocol;
  private final DataPackage dataPackage;
  private final StreamingPacketStructure structure;
  private final NetworkHandlerListener listener;
  private final HandlerSettings settings;
  private final LongSupplier nanoClock = System::nanoTime;
  private final OutboundQueue<Outgoing> queue;
  private final PendingRequests pending;
  private final AtomicLong transferIds = new AtomicLong();
  private final TransferAssembler assembler;
  private final HandlerCounters counters = new HandlerCounters();
  private final RequesterWorker requester;
  private final ListenerWorker reader;
  private final HandlerThreads threads;
  private final LinkMonitor link;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ConnectionStateListener stateListener = this::stateChanged;

  /**
   * Creates a handler with the default settings and starts its threads.
   *
   * @param protocol the link; the handler never connects or disconnects it
   * @param dataPackage the framing and data classes
   * @param listener receives events and messages
   */
  public NetworkHandler(
      ReqResProtocol protocol, DataPackage dataPackage, NetworkHandlerListener listener) {
    this(protocol, dataPackage, listener, HandlerSettings.DEFAULT);
  }

  /**
   * Creates a handler and starts its threads. If the protocol is connected already, {@link
   * NetworkHandlerListener#onConnected} follows at once.
   *
   * @param protocol the link; the handler never connects or disconnects it
   * @param dataPackage the framing and data classes
   * @param listener receives events and messages
   * @param settings queue, timeouts, heartbeat and transfer limits
   */
  public NetworkHandler(
      ReqResProtocol protocol,
      DataPackage dataPackage,
      NetworkHandlerListener listener,
      HandlerSettings settings) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.dataPackage = Objects.requireNonNull(dataPackage, "dataPackage");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.name = protocol.name();
    this.structure = dataPackage.structure();
    this.queue = new OutboundQueue<>(name, "handler queue", settings.queue(), nanoClock);
    this.assembler =
        new TransferAssembler(
            name,
            settings.maxTransferBytes(),
            settings.maxTransfers(),
            settings.transferTimeout(),
            nanoClock);
    this.threads = new HandlerThreads(name, settings.callbackCapacity());
    this.pending =
        new PendingRequests(name, threads.timer(), threads::complete, counters.requestTimeouts);
    this.link =
        new LinkMonitor(
            protocol,
            settings.heartbeatInterval(),
            settings.heartbeatMisses(),
            nanoClock,
            () -> threads.callback(() -> listener.onConnected(this)),
            reason -> threads.callback(() -> listener.onDisconnected(this, reason)),
            counters.peerLosses);
    this.requester =
        new RequesterWorker(
            protocol, queue, settings.readTimeout(), nanoClock, new RequesterHooks());
    this.reader =
        new ListenerWorker(
            protocol,
            structure.newDecoder(name),
            settings.readTimeout(),
            new InboundRouter(
                name,
                assembler,
                dataPackage,
                pending,
                link,
                counters,
                (message, data) -> threads.callback(() -> listener.onMessage(message, data)),
                error -> threads.callback(() -> listener.onError(error))));
    protocol.addStateListener(stateListener);
    threads.start(requester, reader);
    startTimers();
    if (protocol.isConnected()) {
      link.stateChanged(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    }
  }

  /**
   * Returns the name of the connection underneath.
   *
   * @return the connection name
   */
  public String name() {
    return name;
  }

  /**
   * Tells whether the link is up: the protocol is connected and, with heartbeats on, the peer has
   * been heard from within the allowed misses.
   *
   * @return {@code true} if up; {@code false} once the handler is closed
   */
  public boolean isConnected() {
    return !closed.get() && link.isUp();
  }

  /**
   * Queues a value as a {@link MessageType#DATA} message. Never blocks; the Requester sends it when
   * the link is up, unless it expires first.
   *
   * @param data the value; its format is {@link DataPackage#formatOf}
   * @throws QueueFullException if the queue is full and its policy rejects the newest
   * @throws PacketException if the message cannot be framed
   * @throws ConnectionException if the handler is closed
   */
  public void send(SendData data) {
    enqueue(message(MessageType.DATA, data).build(), 0);
  }

  /**
   * Queues a message as it is (type, addresses and correlation id included). A FILE_TRANSFER or
   * BULK_DATA message larger than one frame becomes a chunked transfer.
   *
   * @param message the message
   * @throws QueueFullException if the queue is full and its policy rejects the newest
   * @throws PacketException if the message cannot be framed (a large message of another type)
   * @throws ConnectionException if the handler is closed
   */
  public void send(Message message) {
    enqueue(message, 0);
  }

  /**
   * Sends a value as a {@link MessageType#COMMAND} and returns its reply.
   *
   * @param data the value
   * @param timeout how long to wait for the reply, counted from now
   * @return the reply, as {@link #request(Message, Duration)}
   */
  public CompletableFuture<Message> request(SendData data, Duration timeout) {
    return request(message(MessageType.COMMAND, data).build(), timeout);
  }

  /**
   * Sends a message with a new correlation id and returns the reply that carries it: the first
   * {@link MessageType#RESPONSE} or {@link MessageType#ERROR} (an ERROR completes the future
   * normally; look at {@link Message#type()}). Never blocks. The future completes on the callback
   * thread; do not block in its dependent stages.
   *
   * @param message the request; its correlation id is replaced
   * @param timeout how long to wait for the reply, counted from now
   * @return the reply; completes exceptionally with {@link ProtocolTimeoutException} after {@code
   *     timeout}, with {@link QueueFullException} or {@link PacketException} if the request could
   *     not be queued, or with {@link ConnectionException} when the handler closes first
   */
  public CompletableFuture<Message> request(Message message, Duration timeout) {
    long id = pending.nextId();
    Message request = message.toBuilder().correlationId(id).build();
    CompletableFuture<Message> future;
    try {
      future = pending.open(id, timeout);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new ConnectionException(name, "handler closed"));
    }
    try {
      enqueue(request, id);
    } catch (ProtocolException e) {
      future.completeExceptionally(e);
    }
    return future;
  }

  /**
   * Queues a {@link MessageType#RESPONSE} to {@code request}: same correlation id, addressed to the
   * request's source.
   *
   * @param request the request being answered
   * @param data the answer
   * @throws QueueFullException if the queue is full and its policy rejects the newest
   * @throws ConnectionException if the handler is closed
   */
  public void reply(Message request, SendData data) {
    enqueue(replyTo(request, MessageType.RESPONSE, data), 0);
  }

  /**
   * Queues an {@link MessageType#ERROR} reply to {@code request}.
   *
   * @param request the request that failed
   * @param data what went wrong
   * @throws QueueFullException if the queue is full and its policy rejects the newest
   * @throws ConnectionException if the handler is closed
   */
  public void replyError(Message request, SendData data) {
    enqueue(replyTo(request, MessageType.ERROR, data), 0);
  }

  /**
   * Returns how many requests wait for their reply.
   *
   * @return the count
   */
  public int pendingRequests() {
    return pending.size();
  }

  /**
   * Returns a snapshot of the counters. Never blocks.
   *
   * @return the counters
   */
  public HandlerStatistics statistics() {
    return counters.snapshot(queue, threads.callbacksRefused());
  }

  /**
   * Stops the workers and the timer, each within the settings' close timeout, discards what is
   * still queued (counted as expired), fails pending requests with {@link ConnectionException} and
   * runs the callbacks already queued. The protocol is left as it is. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    protocol.removeStateListener(stateListener);
    requester.stop();
    reader.stop();
    threads.close(
        settings.closeTimeout(),
        () -> {
          queue.expireAll();
          pending.failAll(new ConnectionException(name, "handler closed"));
        });
  }

  private Message.Builder message(MessageType type, SendData data) {
    return Message.builder(type)
        .format(dataPackage.formatOf(data))
        .body(data.toBytes())
        .source(settings.source());
  }

  private Message replyTo(Message request, MessageType type, SendData data) {
    return message(type, data)
        .correlationId(request.correlationId())
        .destination(request.source())
        .build();
  }

  private void enqueue(Message message, long correlationId) {
    if (closed.get()) {
      throw new ConnectionException(name, "handler closed");
    }
    List<byte[]> frames;
    try {
      frames =
          MessageCodec.encodeForFrames(
                  message, structure.maxPayload(), transferIds.incrementAndGet())
              .stream()
              .map(structure::toPacket)
              .toList();
    } catch (PacketException e) { // the codec names no connection: name this one
      throw e instanceof OversizedPacketException o
          ? new OversizedPacketException(name, o.size(), o.limit())
          : new PacketException(name, e.getMessage(), e);
    }
    long deadline = nanoClock.getAsLong() + settings.queue().timeToLive().toNanos();
    queue.offer(new Outgoing(frames, correlationId, deadline));
    requester.wake();
  }

  private void stateChanged(String connection, ConnectionState previous, ConnectionState current) {
    requester.wake(); // a new connection: send what waits
    link.stateChanged(previous, current);
  }

  private void startTimers() {
    long expiry = Math.max(1, settings.transferTimeout().toMillis() / 2);
    threads
        .timer()
        .scheduleWithFixedDelay(assembler::expire, expiry, expiry, TimeUnit.MILLISECONDS);
    if (settings.heartbeatEnabled()) {
      long every = settings.heartbeatInterval().toNanos();
      threads.timer().scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.NANOSECONDS);
    }
  }

  private void heartbeat() {
    if (!protocol.isConnected()) {
      return;
    }
    link.checkPeer();
    try {
      Message beat = Message.builder(MessageType.HEARTBEAT).source(settings.source()).build();
      protocol.send(structure.toPacket(MessageCodec.encode(beat)));
      counters.heartbeatsSent.increment();
    } catch (ProtocolException e) {
      LOG.debug("[{}] heartbeat not sent: {}", name, e.getMessage());
    }
  }

  /** The Requester's reports. */
  private final class RequesterHooks implements RequesterWorker.Hooks {

    @Override
    public void sent(Outgoing message) {
      counters.sent.increment();
    }

    @Override
    public void failed(Outgoing message, ProtocolException error) {
      counters.sendFailures.increment();
      LOG.debug("[{}] send failed: {}", name, error.getMessage());
      pending.fail(message.correlationId(), error);
      threads.callback(() -> listener.onError(error));
    }

    @Override
    public void expired(Outgoing message) {
      counters.expiredInHand.increment();
    }
  }
}
