package com.eq1.network.packet;

import static com.eq1.network.packet.TestBytes.ascii;
import static com.eq1.network.packet.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.eq1.network.api.PacketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fuzzes the decoders with Jazzer, coverage-guided, for a million inputs per build: only {@link
 * PacketException} (or a subclass) may come out of them. Anything else, an {@link
 * IndexOutOfBoundsException}, {@link NegativeArraySizeException}, {@link OutOfMemoryError}, {@link
 * IllegalArgumentException} or {@link NullPointerException}, is a finding, as is a payload above
 * the limit, a buffer that grows past the limit plus the framing overhead, a RESYNC outcome that
 * depends on how the stream was sliced, or a decoded envelope that does not re-encode to its bytes.
 *
 * <p>The build runs it in fuzzing mode ({@code JAZZER_FUZZ=1} in this module's surefire
 * configuration); without that variable it replays only the saved inputs. A finding fails the
 * build, and Jazzer prints and saves the input that reproduces it.
 */
class DecoderFuzzTest {

  private static final NetworkPacketStructure LENGTH_1024 = new NetworkPacketStructure(1024);
  private static final NetworkPacketStructure LENGTH_8 = new NetworkPacketStructure(8);
  private static final DelimitedPacketStructure DOLLAR = DelimitedPacketStructure.dollar();
  private static final DelimitedPacketStructure DOLLAR_8 =
      new DelimitedPacketStructure(ascii("$"), ascii("$"), 8);
  private static final DelimitedPacketStructure ANGLES_16 =
      new DelimitedPacketStructure(ascii("<<"), ascii(">>"), 16);
  private static final DelimitedPacketStructure CRLF2_8 =
      new DelimitedPacketStructure(new byte[0], ascii("\r\n\r\n"), 8);

  private static final List<StreamingPacketStructure> LENGTH_STRUCTURES =
      List.of(LENGTH_1024, LENGTH_8);
  private static final List<StreamingPacketStructure> DELIMITED_STRUCTURES =
      List.of(DOLLAR, DOLLAR_8, ANGLES_16, CRLF2_8);
  private static final List<StreamingPacketStructure> ALL_STRUCTURES =
      List.of(LENGTH_1024, LENGTH_8, DOLLAR, DOLLAR_8, ANGLES_16, CRLF2_8);

  private static final byte[][] EDGE_HEADERS = {
    hex("FF FF FF FF"),
    hex("80 00 00 00"),
    hex("7F FF FF FF"),
    hex("00 10 00 00"),
    hex("00 10 00 01"),
    hex("00 00 04 00"),
    hex("00 00 04 01"),
    hex("00 00 00 00"),
    hex("00 00 00 08"),
    hex("00 00 00 09"),
    hex("00 00 00 0A"),
    hex("00 00 00 01"),
  };

  // ---------------------------------------------------------------- feeding

  private static int overhead(StreamingPacketStructure structure) {
    if (structure instanceof DelimitedPacketStructure delimited) {
      return delimited.headDelimiter().length + delimited.tailDelimiter().length;
    }
    return NetworkPacketStructure.HEADER_LENGTH;
  }

  /** The outcome of feeding one stream to one decoder. */
  private record Outcome(List<byte[]> payloads, long discarded, long frames) {}

  /**
   * Feeds {@code input} in random slices of 0 to 4 or 0 to 32 bytes (all of it at once if {@code
   * random} is null), checking the invariants after every call; a closed decoder is reset.
   */
  private static Outcome feed(
      StreamingPacketStructure structure, RecoveryPolicy policy, byte[] input, Random random) {
    FrameDecoder decoder = structure.newDecoder("fuzz", policy);
    int max = structure.maxPayload();
    int bufferLimit = max + overhead(structure);
    List<byte[]> payloads = new ArrayList<>();
    int pos = 0;
    while (pos < input.length) {
      int length =
          random == null
              ? input.length
              : Math.min(input.length - pos, random.nextInt(random.nextBoolean() ? 5 : 33));
      try {
        decoder.decode(
            input,
            pos,
            length,
            payload -> {
              if (payload.length > max) {
                throw new AssertionError("payload of " + payload.length + " > " + max);
              }
              payloads.add(payload);
            });
      } catch (PacketException e) {
        if (policy == RecoveryPolicy.CLOSE) {
          assertTrue(decoder.isClosed(), "CLOSE decoder not closed after " + e);
          decoder.reset();
        }
      }
      assertTrue(
          policy == RecoveryPolicy.RESYNC || !decoder.isClosed(), "RESYNC decoder closed itself");
      int buffered = decoder.buffered();
      if (buffered < 0 || buffered > bufferLimit) {
        throw new AssertionError("buffered " + buffered + " > " + bufferLimit);
      }
      pos += length;
    }
    assertEquals(payloads.size(), decoder.frames());
    return new Outcome(payloads, decoder.discardedBytes(), decoder.frames());
  }

  /**
   * Under CLOSE, feeds {@code input} in random slices. Under RESYNC, feeds it at once and in random
   * slices: RESYNC is a pure function of the byte stream, so slicing must not change its outcome.
   */
  private static void fuzzDecoder(
      StreamingPacketStructure structure, RecoveryPolicy policy, byte[] input, long seed) {
    Random random = new Random(seed);
    if (policy == RecoveryPolicy.CLOSE) {
      feed(structure, RecoveryPolicy.CLOSE, input, random);
    } else {
      Outcome whole = feed(structure, RecoveryPolicy.RESYNC, input, null);
      Outcome sliced = feed(structure, RecoveryPolicy.RESYNC, input, random);
      TestBytes.assertPayloads(whole.payloads(), sliced.payloads());
      assertEquals(whole.discarded(), sliced.discarded(), "discarded bytes");
    }
  }

  @FuzzTest(maxExecutions = 1_000_000)
  void decodersOnlyThrowPacketExceptions(FuzzedDataProvider data) {
    switch (data.consumeInt(0, 4)) {
      case 0 ->
          fuzzDecoder(
              LENGTH_STRUCTURES.get(data.consumeInt(0, 1)),
              data.pickValue(RecoveryPolicy.values()),
              lengthStream(data),
              data.consumeLong());
      case 1 ->
          fuzzDecoder(
              DELIMITED_STRUCTURES.get(data.consumeInt(0, 3)),
              data.pickValue(RecoveryPolicy.values()),
              data.consumeBytes(64),
              data.consumeLong());
      case 2 -> messageDecode(data.consumeBoolean(), data.consumeRemainingAsBytes());
      case 3 ->
          structureMethods(
              ALL_STRUCTURES.get(data.consumeInt(0, 5)), data.consumeRemainingAsBytes());
      default -> framedPayloadsSurviveSlicing(payloads(data), data.consumeLong());
    }
  }

  /** A stream of edge-case headers, small valid frames and noise, as the fuzzer chooses. */
  private static byte[] lengthStream(FuzzedDataProvider data) {
    List<byte[]> segments = new ArrayList<>();
    int count = data.consumeInt(0, 6);
    for (int i = 0; i < count; i++) {
      switch (data.consumeInt(0, 2)) {
        case 0 -> segments.add(data.pickValue(EDGE_HEADERS));
        case 1 -> segments.add(new NetworkPacketStructure().toPacket(data.consumeBytes(12)));
        default -> segments.add(data.consumeBytes(6));
      }
    }
    segments.add(data.consumeBytes(64));
    return TestBytes.concat(segments);
  }

  private static List<byte[]> payloads(FuzzedDataProvider data) {
    List<byte[]> payloads = new ArrayList<>();
    int count = data.consumeInt(0, 20);
    for (int i = 0; i < count; i++) {
      payloads.add(data.consumeBytes(300));
    }
    return payloads;
  }

  private static void messageDecode(boolean shape, byte[] input) {
    byte[] payload = new byte[Math.max(input.length, shape ? MessageCodec.MIN_LENGTH : 0) + 1];
    System.arraycopy(input, 0, payload, 1, input.length);
    payload[0] = MessageCodec.VERSION;
    if (shape && payload.length > MessageCodec.MIN_LENGTH) {
      // plausible type, format, flags and short addresses, so that decoding gets further
      payload[1] = (byte) Math.floorMod(payload[1], 10);
      payload[2] = (byte) Math.floorMod(payload[2], 5);
      payload[3] = (byte) (payload[3] & (payload[4] < 0 ? 0x03 : 0x01));
      int source = Math.floorMod(payload[20], 4);
      payload[20] = (byte) source;
      if (21 + source < payload.length) {
        payload[21 + source] = (byte) Math.floorMod(payload[21 + source], 4);
      }
    }
    Message message;
    try {
      message = MessageCodec.decode(payload);
    } catch (PacketException e) {
      return;
    }
    // what decodes re-encodes to the same bytes
    assertArrayEquals(payload, MessageCodec.encode(message));
    try {
      DataPackage.BINARY_PACKAGE.decode(message.format(), message.body());
    } catch (PacketException e) {
      // a body that is not valid for its format
    }
    TransferAssembler assembler =
        new TransferAssembler("fuzz", 64, 2, Duration.ofSeconds(1), () -> 0L);
    try {
      assembler.accept(message);
    } catch (PacketException e) {
      // a chunk that does not start or fit a transfer
    }
  }

  private static void structureMethods(StreamingPacketStructure structure, byte[] input) {
    boolean valid = structure.isValid(input);
    byte[] payload = null;
    try {
      payload = structure.fromPacket(input);
    } catch (PacketException e) {
      // not exactly one frame
    }
    assertEquals(valid, payload != null, "isValid disagrees with fromPacket");
    if (payload != null) {
      assertTrue(payload.length <= structure.maxPayload());
      assertArrayEquals(input, structure.toPacket(payload), "frame is not canonical");
    }
    try {
      List<byte[]> frames = structure.splitPacket(input);
      assertArrayEquals(input, TestBytes.concat(frames), "frames do not cover the input");
      for (byte[] frame : frames) {
        assertTrue(structure.isValid(frame), "split frame is invalid");
      }
    } catch (PacketException e) {
      // malformed or incomplete frame in the buffer
    }
  }

  private static void framedPayloadsSurviveSlicing(List<byte[]> payloads, long seed) {
    List<StreamingPacketStructure> structures =
        List.of(new NetworkPacketStructure(), DOLLAR, DelimitedPacketStructure.lines(), ANGLES_16);
    for (StreamingPacketStructure structure : structures) {
      List<byte[]> fitting = new ArrayList<>();
      for (byte[] payload : payloads) {
        byte[] fit = fit(structure, payload);
        if (fit != null) {
          fitting.add(fit);
        }
      }
      List<byte[]> frames = new ArrayList<>();
      for (byte[] payload : fitting) {
        frames.add(structure.toPacket(payload));
      }
      byte[] stream = TestBytes.concat(frames);
      TestBytes.assertPayloads(frames, structure.splitPacket(stream));
      for (RecoveryPolicy policy : RecoveryPolicy.values()) {
        Outcome outcome = feed(structure, policy, stream, new Random(seed));
        TestBytes.assertPayloads(fitting, outcome.payloads());
        assertEquals(0, outcome.discarded());
      }
    }
  }

  /** Makes a payload the structure can frame, or returns null if it cannot be. */
  private static byte[] fit(StreamingPacketStructure structure, byte[] payload) {
    if (!(structure instanceof DelimitedPacketStructure delimited)) {
      return payload;
    }
    byte[] head = delimited.headDelimiter();
    byte[] tail = delimited.tailDelimiter();
    byte[] out = payload.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] == tail[0]) {
        out[i] = 'x';
      }
    }
    boolean symmetric = java.util.Arrays.equals(head, tail);
    if (out.length > delimited.maxPayload() || (out.length == 0 && symmetric)) {
      return null;
    }
    return out;
  }
}
