package com.eq1.network.manager;

import static com.eq1.network.manager.Fixture.frame;
import static com.eq1.network.manager.Fixture.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import com.eq1.network.api.ProtocolException;
import com.eq1.network.api.data.ReceivedData;
import com.eq1.network.loopback.LoopbackReqResProtocol;
import com.eq1.network.packet.Message;
import com.eq1.network.packet.MessageCodec;
import com.eq1.network.packet.MessageFormat;
import com.eq1.network.packet.MessageType;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input from the peer, sent as raw bytes on the other cable end, and listeners that
 * throw: each is reported and dropped, and the link goes on delivering.
 */
class NetworkHandlerBadInputTest {

  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final String NAME = "bad-in";
  private static final String CALLBACK = "eq1-handler-" + NAME + "-callback-1";

  private final Fixture fx = new Fixture();

  @AfterEach
  void close() throws Exception {
    fx.close();
  }

  static Stream<Arguments> badInput() {
    byte[] version2 = MessageCodec.encode(text("v2"));
    version2[0] = 2;
    byte[] unknownType = MessageCodec.encode(text("t9"));
    unknownType[1] = 9;
    Message notUtf8 =
        Message.builder(MessageType.DATA)
            .format(MessageFormat.TEXT)
            .body(new byte[] {'A', (byte) 0xC3, '(', 'B'})
            .build();
    return Stream.of(
        Arguments.of(
            "raw garbage bytes",
            new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF, 1, 2, 3, 4, 5, 6},
            OversizedPacketException.class,
            "exceeds the limit"),
        Arguments.of(
            "length header above 1 MiB",
            concat(new byte[] {0, 0x10, 0, 1}, new byte[64]),
            OversizedPacketException.class,
            "packet of 1048577 bytes"),
        Arguments.of(
            "length header of 4 GiB - 1",
            new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
            OversizedPacketException.class,
            "packet of 4294967295 bytes"),
        Arguments.of(
            "envelope version 2",
            Fixture.FRAMING.toPacket(version2),
            PacketException.class,
            "unsupported envelope version 2"),
        Arguments.of(
            "envelope shorter than 22 bytes",
            Fixture.FRAMING.toPacket(new byte[] {1, 2, 3}),
            PacketException.class,
            "shorter than the 22-byte minimum"),
        Arguments.of(
            "unknown message type",
            Fixture.FRAMING.toPacket(unknownType),
            PacketException.class,
            "unknown message type code 9"),
        Arguments.of(
            "TEXT body that is not UTF-8",
            frame(notUtf8),
            PacketException.class,
            "invalid UTF-8 at byte offset 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputIsReportedAndTheLinkStaysUsable(
      String what, byte[] bytes, Class<? extends PacketException> expected, String detail) {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable(NAME, "bad-peer", 100);
    Recorder recorder = new Recorder();
    NetworkHandler handler = fx.handler(cable.a(), recorder, HandlerSettings.DEFAULT);

    cable.b().send(bytes);
    await().atMost(DEADLINE).until(() -> !recorder.errors.isEmpty());
    cable.b().send(frame(text("still alive")));

    await().atMost(DEADLINE).until(() -> !recorder.messages.isEmpty());
    assertEquals(List.of("still alive"), recorder.texts());
    assertEquals(1, recorder.errors.size());
    ProtocolException error = recorder.errors.get(0);
    assertInstanceOf(expected, error);
    assertEquals(Optional.of(NAME), error.connectionName());
    assertTrue(error.getMessage().startsWith("[" + NAME + "] "), error.getMessage());
    assertTrue(error.getMessage().contains(detail), error.getMessage());
    HandlerStatistics stats = handler.statistics();
    assertEquals(1, stats.decodeErrors());
    assertTrue(handler.isConnected());
    assertEquals(Set.of(CALLBACK), recorder.threads);
  }

  @Test
  void framesBeforeBadBytesInTheSameReadAreDeliveredAndTheNextReadStartsAfresh() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable(NAME, "bad-peer", 100);
    Recorder recorder = new Recorder();
    NetworkHandler handler = fx.handler(cable.a(), recorder, HandlerSettings.DEFAULT);

    cable
        .b()
        .send(
            concat(
                frame(text("one")),
                frame(text("two")),
                new byte[] {0x7F, 0, 0, 0},
                frame(text("lost with the bad bytes"))));
    await().atMost(DEADLINE).until(() -> !recorder.errors.isEmpty());
    cable.b().send(concat(frame(text("three")), frame(text("four"))));

    await().atMost(DEADLINE).until(() -> recorder.messages.size() >= 4);
    assertEquals(List.of("one", "two", "three", "four"), recorder.texts());
    assertInstanceOf(OversizedPacketException.class, recorder.errors.get(0));
    assertEquals(1, handler.statistics().decodeErrors());
    assertEquals(4, handler.statistics().received());
  }

  @Test
  void aFrameSplitOverSeveralReadsIsPutBackTogether() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable(NAME, "bad-peer", 100);
    Recorder recorder = new Recorder();
    fx.handler(cable.a(), recorder, HandlerSettings.DEFAULT);
    byte[] whole = frame(text("split"));

    for (byte b : whole) {
      cable.b().send(new byte[] {b});
    }

    await().atMost(DEADLINE).until(() -> !recorder.messages.isEmpty());
    assertEquals(List.of("split"), recorder.texts());
    assertTrue(recorder.errors.isEmpty());
  }

  @Test
  void aListenerThatThrowsDoesNotStopLaterDeliveries() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable(NAME, "bad-peer", 100);
    Recorder recorder =
        new Recorder() {
          @Override
          public void onMessage(Message message, ReceivedData data) {
            super.onMessage(message, data);
            throw new IllegalStateException("listener failed on purpose");
          }

          @Override
          public void onError(ProtocolException error) {
            super.onError(error);
            throw new IllegalStateException("listener failed on purpose");
          }
        };
    fx.handler(cable.a(), recorder, HandlerSettings.DEFAULT);

    cable.b().send(frame(text("first")));
    cable.b().send(new byte[] {(byte) 0xFF, 0, 0, 0});
    cable.b().send(frame(text("second")));
    cable.b().send(frame(text("third")));

    await().atMost(DEADLINE).until(() -> recorder.messages.size() >= 3);
    assertEquals(List.of("first", "second", "third"), recorder.texts());
    assertEquals(1, recorder.errors.size());
    assertEquals(List.of("connected"), recorder.events);
    assertEquals(Set.of(CALLBACK), recorder.threads, "every callback on the callback thread");
  }

  @Test
  void aListenerThatThrowsAnErrorDoesNotStopLaterDeliveries() {
    LoopbackReqResProtocol.Cable cable = fx.connectedCable(NAME, "bad-peer", 100);
    Recorder recorder =
        new Recorder() {
          @Override
          public void onMessage(Message message, ReceivedData data) {
            super.onMessage(message, data);
            if (messages.size() == 1) {
              throw new AssertionError("a failed check in a listener");
            }
          }
        };
    fx.handler(cable.a(), recorder, HandlerSettings.DEFAULT);

    cable.b().send(frame(text("first")));
    cable.b().send(frame(text("second")));

    await().atMost(DEADLINE).until(() -> recorder.messages.size() >= 2);
    assertEquals(List.of("first", "second"), recorder.texts());
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
