package com.eq1.network.manager.internal;

import com.eq1.network.api.PacketException;
import com.eq1.network.api.data.ReceivedData;
import com.eq1.network.packet.DataPackage;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.MessageCodec;
import com.eq1.network.packet.MessageType;
import com.eq1.network.packet.TransferAssembler;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a network handler does with each frame the Listener cuts out: decode the envelope,
 * reassemble chunked transfers, swallow heartbeats, complete the request a reply answers (or count
 * and drop a reply nobody waits for), decode the body and hand the message on. Malformed input is
 * counted, logged with the connection's name and reported; nothing else is affected. Runs on the
 * Listener's thread.
 */
public final class InboundRouter implements ListenerWorker.Hooks {

  private static final Logger LOG = LoggerFactory.getLogger(InboundRouter.class);

  private final String name;
  private final TransferAssembler assembler;
  private final DataPackage dataPackage;
  private final PendingRequests pending;
  private final LinkMonitor link;
  private final HandlerCounters counters;
  private final BiConsumer<Message, ReceivedData> messages;
  private final Consumer<PacketException> errors;

  /**
   * Creates the router.
   *
   * @param name the connection, named in log lines and exceptions
   * @param assembler reassembles chunked transfers
   * @param dataPackage decodes bodies
   * @param pending the requests waiting for replies
   * @param link is told when the peer is heard from
   * @param counters counts what arrives and what is dropped
   * @param messages receives each message for the application with its decoded body; must move it
   *     off the Listener's thread
   * @param errors receives malformed input that was dropped, naming the connection
   */
  public InboundRouter(
      String name,
      TransferAssembler assembler,
      DataPackage dataPackage,
      PendingRequests pending,
      LinkMonitor link,
      HandlerCounters counters,
      BiConsumer<Message, ReceivedData> messages,
      Consumer<PacketException> errors) {
    this.name = name;
    this.assembler = assembler;
    this.dataPackage = dataPackage;
    this.pending = pending;
    this.link = link;
    this.counters = counters;
    this.messages = messages;
    this.errors = errors;
  }

  @Override
  public void heard() {
    link.heard();
  }

  @Override
  public void framingError(PacketException error) {
    decodeError(error);
  }

  @Override
  public void payload(byte[] payload) {
    Message message;
    try {
      message = assembler.accept(MessageCodec.decode(payload)).orElse(null);
    } catch (PacketException e) {
      decodeError(e);
      return;
    }
    if (message != null) {
      counters.received.increment();
      route(message);
    }
  }

  private void route(Message message) {
    MessageType type = message.type();
    if (type == MessageType.HEARTBEAT) {
      return;
    }
    if ((type == MessageType.RESPONSE || type == MessageType.ERROR)
        && message.correlationId() != 0) {
      if (!pending.complete(message)) {
        counters.unmatchedReplies.increment();
        LOG.debug("[{}] dropped unmatched or late reply {}", name, message.correlationId());
      }
      return;
    }
    ReceivedData data;
    try {
      data = dataPackage.decode(message.format(), message.body());
    } catch (PacketException e) {
      decodeError(e);
      return;
    }
    messages.accept(message, data);
  }

  private void decodeError(PacketException e) {
    counters.decodeErrors.increment();
    PacketException named =
        e.connectionName().isPresent() ? e : new PacketException(name, e.getMessage(), e);
    LOG.warn("[{}] dropped malformed input: {}", name, e.getMessage());
    errors.accept(named);
  }
}
