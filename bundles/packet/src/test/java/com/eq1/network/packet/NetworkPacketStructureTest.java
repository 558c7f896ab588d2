package com.eq1.network.packet;

import static com.eq1.network.packet.TestBytes.concat;
import static com.eq1.network.packet.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkPacketStructureTest {

  private static final int MAX = NetworkPacketStructure.MAX_PAYLOAD;

  private final NetworkPacketStructure structure = new NetworkPacketStructure();

  static Stream<byte[]> payloads() {
    byte[] oneMiB = new byte[MAX];
    new Random(7).nextBytes(oneMiB);
    return Stream.of(new byte[0], new byte[] {0}, new byte[] {1, 2, 3}, new byte[1000], oneMiB);
  }

  @ParameterizedTest
  @MethodSource("payloads")
  void roundTrip(byte[] payload) {
    byte[] frame = structure.toPacket(payload);
    assertEquals(NetworkPacketStructure.HEADER_LENGTH + payload.length, frame.length);
    assertEquals(payload.length, NetworkPacketStructure.readLength(frame, 0));
    assertTrue(structure.isValid(frame));
    byte[] back = structure.fromPacket(frame);
    assertArrayEquals(payload, back);
    List<byte[]> split = structure.splitPacket(frame);
    assertEquals(1, split.size());
    assertArrayEquals(frame, split.get(0));
  }

  @Test
  void exactlyOneMebibyteIsTheDefaultLimit() {
    assertEquals(1_048_576, MAX);
    assertEquals(MAX, structure.maxPayload());
    byte[] frame = structure.toPacket(new byte[MAX]);
    assertArrayEquals(hex("00 10 00 00"), java.util.Arrays.copyOf(frame, 4));
  }

  @Test
  void emptyPayloadIsAHeaderOnly() {
    assertArrayEquals(hex("00 00 00 00"), structure.toPacket(new byte[0]));
    assertArrayEquals(new byte[0], structure.fromPacket(hex("00 00 00 00")));
    assertTrue(structure.isValid(hex("00 00 00 00")));
  }

  @Test
  void framesAndPayloadsAreCopies() {
    byte[] payload = {1, 2, 3};
    byte[] frame = structure.toPacket(payload);
    payload[0] = 9;
    assertArrayEquals(hex("00 00 00 03 01 02 03"), frame);
    byte[] back = structure.fromPacket(frame);
    frame[4] = 8;
    assertArrayEquals(new byte[] {1, 2, 3}, back);
    assertNotSame(structure.fromPacket(frame), structure.fromPacket(frame));
  }

  @Test
  void toPacketRejectsOversize() {
    OversizedPacketException e =
        assertThrows(OversizedPacketException.class, () -> structure.toPacket(new byte[MAX + 1]));
    assertEquals(MAX + 1, e.size());
    assertEquals(MAX, e.limit());
  }

  @Test
  void toPacketRejectsNull() {
    assertThrows(NullPointerException.class, () -> structure.toPacket(null));
  }

  static Stream<String> oversizedHeaders() {
    return Stream.of("00 10 00 01", "7F FF FF FF", "80 00 00 00", "FF FF FF FF");
  }

  @ParameterizedTest
  @MethodSource("oversizedHeaders")
  void headerAboveTheLimitIsOversizedInFromPacketAndSplitPacket(String header) {
    long announced = NetworkPacketStructure.readLength(hex(header), 0);
    byte[] packet = concat(hex(header), new byte[] {1, 2});
    OversizedPacketException e =
        assertThrows(OversizedPacketException.class, () -> structure.fromPacket(packet));
    assertEquals(announced, e.size());
    assertEquals(MAX, e.limit());
    OversizedPacketException split =
        assertThrows(OversizedPacketException.class, () -> structure.splitPacket(packet));
    assertEquals(announced, split.size());
    assertEquals(MAX, split.limit());
    assertFalse(structure.isValid(packet));
  }

  @Test
  void maxUnsignedHeaderIsReportedAsFourGibMinusOne() {
    OversizedPacketException e =
        assertThrows(
            OversizedPacketException.class, () -> structure.fromPacket(hex("FF FF FF FF")));
    assertEquals(4_294_967_295L, e.size());
    assertEquals(MAX, e.limit());
  }

  @Test
  void oversizedHeaderAfterAValidFrameInSplitPacket() {
    byte[] buffer = concat(structure.toPacket(new byte[] {1}), hex("FF FF FF FF 00"));
    OversizedPacketException e =
        assertThrows(OversizedPacketException.class, () -> structure.splitPacket(buffer));
    assertEquals(4_294_967_295L, e.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"00 00 00 03 01 02", "00 00 00 01 01 02", "00 00 00 00 01"})
  void wrongLengthIsAPacketException(String packet) {
    PacketException e =
        assertThrows(PacketException.class, () -> structure.fromPacket(hex(packet)));
    assertFalse(e instanceof OversizedPacketException, e.toString());
    assertFalse(structure.isValid(hex(packet)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "00", "00 00", "00 00 00"})
  void shorterThanTheHeaderIsAPacketException(String packet) {
    byte[] bytes = packet.isEmpty() ? new byte[0] : hex(packet);
    assertThrows(PacketException.class, () -> structure.fromPacket(bytes));
    assertFalse(structure.isValid(bytes));
  }

  @Test
  void nullIsAPacketExceptionInFromPacketAndInvalid() {
    assertThrows(PacketException.class, () -> structure.fromPacket(null));
    assertFalse(structure.isValid(null));
  }

  @Test
  void isValidNeverThrows() {
    Random random = new Random(11);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = new byte[random.nextInt(12)];
      random.nextBytes(bytes);
      if (i % 3 == 0 && bytes.length >= 4) {
        bytes[0] = 0;
        bytes[1] = 0;
        bytes[2] = 0;
        bytes[3] = (byte) random.nextInt(10);
      }
      boolean valid = assertDoesNotThrow(() -> structure.isValid(bytes));
      boolean accepted;
      try {
        structure.fromPacket(bytes);
        accepted = true;
      } catch (PacketException e) {
        accepted = false;
      }
      assertEquals(accepted, valid, TestBytes.toHex(bytes));
    }
  }

  @Test
  void splitPacketOfBackToBackFrames() {
    byte[] a = structure.toPacket(new byte[0]);
    byte[] b = structure.toPacket(new byte[] {1});
    byte[] c = structure.toPacket(new byte[] {2, 3, 4});
    List<byte[]> frames = structure.splitPacket(concat(a, b, c, a));
    TestBytes.assertPayloads(List.of(a, b, c, a), frames);
    for (byte[] frame : frames) {
      assertTrue(structure.isValid(frame));
    }
  }

  @Test
  void splitPacketOfAnEmptyBufferIsEmpty() {
    assertTrue(structure.splitPacket(new byte[0]).isEmpty());
  }

  @Test
  void splitPacketRejectsAnIncompleteHeader() {
    byte[] buffer = concat(structure.toPacket(new byte[] {1}), hex("00 00"));
    PacketException e = assertThrows(PacketException.class, () -> structure.splitPacket(buffer));
    assertFalse(e instanceof OversizedPacketException);
    assertTrue(e.getMessage().contains("incomplete header"), e.getMessage());
  }

  @Test
  void splitPacketRejectsAnIncompleteFrame() {
    byte[] buffer = concat(structure.toPacket(new byte[] {1}), hex("00 00 00 05 01 02 03"));
    PacketException e = assertThrows(PacketException.class, () -> structure.splitPacket(buffer));
    assertFalse(e instanceof OversizedPacketException);
    assertTrue(e.getMessage().contains("incomplete frame"), e.getMessage());
  }

  @Test
  void splitPacketRejectsNull() {
    assertThrows(NullPointerException.class, () -> structure.splitPacket(null));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, Integer.MIN_VALUE, MAX + 1, Integer.MAX_VALUE})
  void constructorRejectsLimitsOutOfRange(int limit) {
    assertThrows(IllegalArgumentException.class, () -> new NetworkPacketStructure(limit));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 16, MAX})
  void constructorAcceptsLimitsInRange(int limit) {
    assertEquals(limit, new NetworkPacketStructure(limit).maxPayload());
  }

  @Test
  void lowerLimitIsEnforcedEverywhere() {
    NetworkPacketStructure small = new NetworkPacketStructure(16);
    byte[] frame16 = small.toPacket(new byte[16]);
    assertArrayEquals(new byte[16], small.fromPacket(frame16));
    OversizedPacketException e =
        assertThrows(OversizedPacketException.class, () -> small.toPacket(new byte[17]));
    assertEquals(17, e.size());
    assertEquals(16, e.limit());

    byte[] frame17 = structure.toPacket(new byte[17]);
    OversizedPacketException from =
        assertThrows(OversizedPacketException.class, () -> small.fromPacket(frame17));
    assertEquals(17, from.size());
    assertEquals(16, from.limit());
    assertThrows(OversizedPacketException.class, () -> small.splitPacket(frame17));
    assertFalse(small.isValid(frame17));
    assertTrue(structure.isValid(frame17));
  }

  @Test
  void zeroLimitAllowsOnlyEmptyFrames() {
    NetworkPacketStructure zero = new NetworkPacketStructure(0);
    assertArrayEquals(hex("00 00 00 00"), zero.toPacket(new byte[0]));
    assertThrows(OversizedPacketException.class, () -> zero.toPacket(new byte[1]));
    assertFalse(zero.isValid(hex("00 00 00 01 05")));
  }

  @Test
  void decoderDefaultsToClose() {
    assertEquals(RecoveryPolicy.CLOSE, structure.newDecoder("c").policy());
    assertEquals(RecoveryPolicy.RESYNC, structure.newDecoder("c", RecoveryPolicy.RESYNC).policy());
    assertThrows(NullPointerException.class, () -> structure.newDecoder("c", null));
  }

  @Test
  void toStringNamesTheLimit() {
    assertEquals(
        "NetworkPacketStructure[maxPayload=16]", new NetworkPacketStructure(16).toString());
  }
}
