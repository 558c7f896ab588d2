package com.eq1.network.packet;

import static com.eq1.network.packet.TestBytes.hex;
import static com.eq1.network.packet.TestBytes.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eq1.network.api.PacketException;
import com.eq1.network.api.data.ReceivedData;
import com.eq1.network.api.data.SendData;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataTest {

  // ---------------------------------------------------------------- TextData

  @ParameterizedTest
  @ValueSource(strings = {"", "HI", "Grüße", "日本語", "😀", "a😀b€c", "line\nbreak\u0000nul"})
  void textRoundTrip(String text) {
    TextData data = new TextData(text);
    assertEquals(MessageFormat.TEXT, data.format());
    assertArrayEquals(utf8(text), data.toBytes());
    assertEquals(data, TextData.fromBytes(data.toBytes()));
    assertEquals(text, TextData.fromBytes(utf8(text)).text());
  }

  @Test
  void textIsUtf8WithoutBomOrTerminator() {
    assertEquals("F0 9F 98 80", TestBytes.toHex(new TextData("😀").toBytes()));
    assertEquals("47 72 C3 BC C3 9F 65", TestBytes.toHex(new TextData("Grüße").toBytes()));
    assertEquals(0, new TextData("").toBytes().length);
  }

  @ParameterizedTest
  @CsvSource({
    "C3 28, 0",
    "FF, 0",
    "E2 82, 0",
    "41 42 C3 28, 2",
    "41 42 43 FF, 3",
    "41 E2 82, 1",
    "41 ED A0 80, 1",
    "F0 9F 98 80 C0 AF, 4"
  })
  void invalidUtf8NamesTheOffset(String bytes, int offset) {
    PacketException e = assertThrows(PacketException.class, () -> TextData.fromBytes(hex(bytes)));
    assertTrue(
        e.getMessage().contains("byte offset " + offset + " "),
        "'" + e.getMessage() + "' should name offset " + offset);
  }

  @Test
  void invalidUtf8OffsetAfterALongValidPrefix() {
    byte[] payload = TestBytes.concat(utf8("é".repeat(5000)), hex("C3 28"));
    PacketException e = assertThrows(PacketException.class, () -> TextData.fromBytes(payload));
    assertTrue(e.getMessage().contains("byte offset 10000 of 10002"), e.getMessage());
  }

  @Test
  void textWithAnUnpairedSurrogateIsRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TextData("a\uDC00"));
    assertTrue(e.getMessage().contains("unpaired surrogate at index 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TextData("\uD800"));
    assertThrows(IllegalArgumentException.class, () -> new TextData("\uD800x"));
  }

  @Test
  void textRejectsNull() {
    assertThrows(NullPointerException.class, () -> new TextData(null));
  }

  // ---------------------------------------------------------------- BinaryData

  @Test
  void binaryCopiesInAndOut() {
    byte[] bytes = {1, 2, 3};
    BinaryData data = new BinaryData(bytes);
    bytes[0] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, data.bytes());
    data.bytes()[1] = 9;
    data.toBytes()[2] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, data.toBytes());

    byte[] payload = {4, 5};
    BinaryData decoded = BinaryData.fromBytes(payload);
    payload[0] = 0;
    assertArrayEquals(new byte[] {4, 5}, decoded.bytes());
    assertEquals(MessageFormat.BINARY, decoded.format());
  }

  @Test
  void binaryEqualsHashCodeToString() {
    BinaryData data = new BinaryData(new byte[] {1, 2, (byte) 0xAB});
    assertEquals(data, new BinaryData(new byte[] {1, 2, (byte) 0xAB}));
    assertEquals(data.hashCode(), new BinaryData(new byte[] {1, 2, (byte) 0xAB}).hashCode());
    assertNotEquals(data, new BinaryData(new byte[] {1, 2}));
    assertNotEquals(data, new TextData("x"));
    assertNotEquals(data, null);
    assertEquals("BinaryData[01 02 ab]", data.toString());
    assertEquals("BinaryData[]", new BinaryData(new byte[0]).toString());
    assertEquals(32 * 3 - 1 + 12, new BinaryData(new byte[32]).toString().length());
    assertEquals("BinaryData[33 bytes]", new BinaryData(new byte[33]).toString());
    assertEquals(new BinaryData(new byte[0]), BinaryData.fromBytes(new byte[0]));
  }

  // ---------------------------------------------------------------- IntData

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0, 1, -2, 0x12345678})
  void intRoundTrip(int value) {
    IntData data = new IntData(value);
    assertEquals(MessageFormat.INT, data.format());
    byte[] bytes = data.toBytes();
    assertArrayEquals(ByteBuffer.allocate(4).putInt(value).array(), bytes);
    assertEquals(data, IntData.fromBytes(bytes));
  }

  @Test
  void intEdgeEncodings() {
    assertEquals("80 00 00 00", TestBytes.toHex(new IntData(Integer.MIN_VALUE).toBytes()));
    assertEquals("7F FF FF FF", TestBytes.toHex(new IntData(Integer.MAX_VALUE).toBytes()));
    assertEquals("FF FF FF FF", TestBytes.toHex(new IntData(-1).toBytes()));
    assertEquals(-1, IntData.fromBytes(hex("FF FF FF FF")).value());
    assertEquals(0x00FF00FF, IntData.fromBytes(hex("00 FF 00 FF")).value());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 5, 8})
  void intOfTheWrongLengthIsRejected(int length) {
    PacketException e =
        assertThrows(PacketException.class, () -> IntData.fromBytes(new byte[length]));
    assertTrue(e.getMessage().contains("has " + length), e.getMessage());
  }

  // ---------------------------------------------------------------- DataPackage

  @Test
  void standardPackages() {
    assertEquals(MessageFormat.TEXT, DataPackage.TEXT_PACKAGE.format());
    assertEquals(MessageFormat.BINARY, DataPackage.BINARY_PACKAGE.format());
    assertEquals(MessageFormat.INT, DataPackage.INT_PACKAGE.format());
    for (DataPackage pkg :
        new DataPackage[] {
          DataPackage.TEXT_PACKAGE, DataPackage.BINARY_PACKAGE, DataPackage.INT_PACKAGE
        }) {
      NetworkPacketStructure structure =
          assertInstanceOf(NetworkPacketStructure.class, pkg.structure());
      assertEquals(NetworkPacketStructure.MAX_PAYLOAD, structure.maxPayload());
      assertTrue(pkg.toString().contains("maxPayload=1048576"), pkg.toString());
      assertTrue(pkg.toString().contains("format=" + pkg.format()), pkg.toString());
    }
  }

  @Test
  void formatOf() {
    SendData plain = () -> new byte[] {1};
    assertEquals(MessageFormat.TEXT, DataPackage.TEXT_PACKAGE.formatOf(plain));
    assertEquals(MessageFormat.BINARY, DataPackage.BINARY_PACKAGE.formatOf(plain));
    assertEquals(MessageFormat.INT, DataPackage.INT_PACKAGE.formatOf(plain));
    assertEquals(MessageFormat.TEXT, DataPackage.INT_PACKAGE.formatOf(new TextData("x")));
    assertEquals(MessageFormat.INT, DataPackage.TEXT_PACKAGE.formatOf(new IntData(1)));
    assertEquals(
        MessageFormat.BINARY, DataPackage.TEXT_PACKAGE.formatOf(new BinaryData(new byte[0])));
  }

  @Test
  void decodePerFormat() {
    for (DataPackage pkg :
        new DataPackage[] {
          DataPackage.TEXT_PACKAGE, DataPackage.BINARY_PACKAGE, DataPackage.INT_PACKAGE
        }) {
      assertEquals(new TextData("Grüße"), pkg.decode(MessageFormat.TEXT, utf8("Grüße")));
      assertEquals(
          new BinaryData(new byte[] {1, 2}), pkg.decode(MessageFormat.BINARY, new byte[] {1, 2}));
      assertEquals(new IntData(-2), pkg.decode(MessageFormat.INT, hex("FF FF FF FE")));
      assertThrows(PacketException.class, () -> pkg.decode(MessageFormat.INT, new byte[3]));
      assertThrows(PacketException.class, () -> pkg.decode(MessageFormat.TEXT, hex("C3 28")));
    }
  }

  record Temperature(double celsius) implements ReceivedData {
    static Temperature fromBytes(byte[] payload) {
      if (payload.length != 8) {
        throw new PacketException(null, "a temperature is 8 bytes");
      }
      return new Temperature(ByteBuffer.wrap(payload).getDouble());
    }
  }

  @Test
  void withDecoderReplacesOneFormat() {
    DataPackage custom =
        DataPackage.BINARY_PACKAGE.withDecoder(MessageFormat.BINARY, Temperature::fromBytes);
    byte[] body = ByteBuffer.allocate(8).putDouble(21.5).array();
    assertEquals(new Temperature(21.5), custom.decode(MessageFormat.BINARY, body));
    assertThrows(PacketException.class, () -> custom.decode(MessageFormat.BINARY, new byte[2]));
    // other formats and the original package are unchanged
    assertEquals(new IntData(7), custom.decode(MessageFormat.INT, new IntData(7).toBytes()));
    assertEquals(
        new BinaryData(body), DataPackage.BINARY_PACKAGE.decode(MessageFormat.BINARY, body));
    assertSame(DataPackage.BINARY_PACKAGE.structure(), custom.structure());
    assertEquals(MessageFormat.BINARY, custom.format());
    assertThrows(
        NullPointerException.class,
        () -> DataPackage.TEXT_PACKAGE.withDecoder(MessageFormat.TEXT, null));
  }

  @Test
  void withStructureKeepsFormatAndDecoders() {
    DelimitedPacketStructure dollar = DelimitedPacketStructure.dollar();
    DataPackage framed =
        DataPackage.TEXT_PACKAGE
            .withDecoder(MessageFormat.BINARY, Temperature::fromBytes)
            .withStructure(dollar);
    assertSame(dollar, framed.structure());
    assertEquals(MessageFormat.TEXT, framed.format());
    byte[] body = ByteBuffer.allocate(8).putDouble(-4).array();
    assertEquals(new Temperature(-4), framed.decode(MessageFormat.BINARY, body));
    assertInstanceOf(NetworkPacketStructure.class, DataPackage.TEXT_PACKAGE.structure());
    assertThrows(NullPointerException.class, () -> DataPackage.TEXT_PACKAGE.withStructure(null));
  }

  @Test
  void decoderReturningNullIsAPacketException() {
    DataPackage broken = DataPackage.TEXT_PACKAGE.withDecoder(MessageFormat.TEXT, payload -> null);
    PacketException e =
        assertThrows(PacketException.class, () -> broken.decode(MessageFormat.TEXT, utf8("x")));
    assertTrue(e.getMessage().contains("TEXT"), e.getMessage());
    assertInstanceOf(
        TextData.class, DataPackage.TEXT_PACKAGE.decode(MessageFormat.TEXT, utf8("x")));
  }
}
