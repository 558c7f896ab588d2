package com.eq1.network.manager;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.link.QueueSettings;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.packet.DataPackage;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.MessageCodec;
import com.eq1.network.packet.MessageType;
import com.eq1.network.packet.NetworkPacketStructure;
import com.eq1.network.packet.TextData;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Cables and handlers for one test, closed in reverse order of creation (handlers before their
 * protocols), plus helpers to build and read raw frames.
 */
final class Fixture implements AutoCloseable {

  static final NetworkPacketStructure FRAMING = new NetworkPacketStructure();

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  /** Two joined, disconnected cable ends with the default queue. */
  LoopbackReqResProtocol.Cable cable(String a, String b, int inboundCapacity) {
    LoopbackReqResProtocol.Cable cable =
        LoopbackReqResProtocol.cable(a, b, QueueSettings.DEFAULT, inboundCapacity);
    resources.push(cable.a());
    resources.push(cable.b());
    return cable;
  }

  /** Two joined cable ends, both connected. */
  LoopbackReqResProtocol.Cable connectedCable(String a, String b, int inboundCapacity) {
    LoopbackReqResProtocol.Cable cable = cable(a, b, inboundCapacity);
    cable.a().connect();
    cable.b().connect();
    return cable;
  }

  /** A handler with the binary data package, closed with the fixture. */
  NetworkHandler handler(
      ReqResProtocol protocol, NetworkHandlerListener listener, HandlerSettings settings) {
    NetworkHandler handler =
        new NetworkHandler(protocol, DataPackage.BINARY_PACKAGE, listener, settings);
    resources.push(handler);
    return handler;
  }

  @Override
  public void close() throws Exception {
    while (!resources.isEmpty()) {
      resources.pop().close();
    }
  }

  /** The frame a handler would send for {@code message}. */
  static byte[] frame(Message message) {
    return FRAMING.toPacket(MessageCodec.encode(message));
  }

  /** A DATA message with a text body. */
  static Message text(String text) {
    return Message.builder(MessageType.DATA).data(new TextData(text)).build();
  }

  /** Decodes one frame read from a cable end. */
  static Message unframe(byte[] frame) {
    return MessageCodec.decode(FRAMING.fromPacket(frame));
  }

  /** The text body of a decoded message. */
  static String textOf(Message message) {
    return TextData.fromBytes(message.body()).text();
  }

  /** The names of the live threads that start with {@code prefix}. */
  static Set<String> threadsStartingWith(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .collect(Collectors.toSet());
  }

  /** Waits up to five seconds for {@code future} to fail and returns why. */
  static Throwable failure(CompletableFuture<?> future)
      throws InterruptedException, TimeoutException {
    try {
      future.get(5, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("future completed normally: " + future);
  }

  /** Checks that {@code future} has already failed with {@code type} and returns the failure. */
  static <T extends Throwable> T failedAlready(CompletableFuture<?> future, Class<T> type)
      throws InterruptedException, TimeoutException {
    assertTrue(future.isCompletedExceptionally(), "future should have failed at once");
    return assertInstanceOf(type, failure(future));
  }
}
