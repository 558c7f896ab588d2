package com.eq1.network.shell.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator types becomes bytes; what arrives becomes something readable. */
class PayloadsTest {

  @TempDir Path dir;

  @Test
  void textIsSentAsUtf8() {
    assertArrayEquals(
        "Grüße".getBytes(StandardCharsets.UTF_8), Payloads.parse("Grüße", false, false));
  }

  @Test
  void hexAcceptsSpacesCommasColonsAndPrefixes() {
    byte[] expected = {0x01, 0x03, (byte) 0xff};
    assertArrayEquals(expected, Payloads.parse("01 03 ff", true, false));
    assertArrayEquals(expected, Payloads.parse("0103FF", true, false));
    assertArrayEquals(expected, Payloads.parse("0x01,0x03,0xff", true, false));
    assertArrayEquals(expected, Payloads.parse("01:03:Ff", true, false));
    assertArrayEquals(new byte[0], Payloads.parse("", true, false));
  }

  @Test
  void malformedHexIsRefusedWithAnExample() {
    IllegalArgumentException odd =
        assertThrows(IllegalArgumentException.class, () -> Payloads.parseHex("010"));
    assertEquals(
        "'010' is not hex: give pairs of hex digits such as '01 03 ff' or '0103ff'",
        odd.getMessage());
    IllegalArgumentException letters =
        assertThrows(IllegalArgumentException.class, () -> Payloads.parse("zz", true, false));
    assertTrue(letters.getMessage().startsWith("'zz' is not hex"), letters.getMessage());
  }

  @Test
  void aFileIsSentAsItsBytes() throws IOException {
    byte[] content = {0, 1, 2, (byte) 0x80, (byte) 0xff};
    Path file = Files.write(dir.resolve("frame.bin"), content);

    assertArrayEquals(content, Payloads.parse(file.toString(), false, true));
  }

  @Test
  void aMissingFileIsRefusedWithItsAbsolutePath() {
    Path missing = dir.resolve("missing.bin");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Payloads.parse(missing.toString(), false, true));
    assertEquals("file " + missing.toAbsolutePath() + " does not exist", e.getMessage());
  }

  @Test
  void anUnreadableFileIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Payloads.parse(dir.toString(), false, true));
    assertTrue(e.getMessage().startsWith("cannot read " + dir.toAbsolutePath()), e.getMessage());
  }

  @Test
  void hexAndFileTogetherAreRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Payloads.parse("x", true, true));
    assertEquals("use either --hex or --file, not both", e.getMessage());
  }

  @Test
  void printableTextIsShownAsText() {
    assertEquals(
        "line 1\tok\r\nline 2 é",
        Payloads.format("line 1\tok\r\nline 2 é".getBytes(StandardCharsets.UTF_8), false));
    assertEquals("", Payloads.format(new byte[0], false));
  }

  @Test
  void binaryIsShownAsHex() {
    assertEquals("48 69 00", Payloads.format(new byte[] {'H', 'i', 0}, false));
    assertEquals("c3 28", Payloads.format(new byte[] {(byte) 0xc3, 0x28}, false)); // bad UTF-8
    assertEquals("01 7f", Payloads.format(new byte[] {1, 0x7f}, false));
  }

  @Test
  void hexIsShownOnRequestEvenForText() {
    assertEquals("68 69", Payloads.format("hi".getBytes(StandardCharsets.UTF_8), true));
  }

  @Test
  void aLargeTextIsCutAfter4096Bytes() {
    byte[] payload = new byte[5000];
    Arrays.fill(payload, (byte) 'a');

    String shown = Payloads.format(payload, false);

    assertEquals("a".repeat(4096) + " … (5000 bytes, first 4096 shown)", shown);
  }

  @Test
  void aLargeTextCutInsideACharacterIsStillText() {
    // 3 bytes per character: the cut after 4096 bytes falls inside the 1366th character
    byte[] payload = "€".repeat(2000).getBytes(StandardCharsets.UTF_8);

    String shown = Payloads.format(payload, false);

    assertEquals("€".repeat(1365), shown.substring(0, shown.indexOf(' ')), "text, not hex");
    assertEquals(" … (6000 bytes, first 4096 shown)", shown.substring(shown.indexOf(' ')));
  }

  @Test
  void aCutBinaryPayloadThatLooksLikeAContinuationIsStillHex() {
    byte[] payload = new byte[5000];
    Arrays.fill(payload, (byte) 0x80); // continuation bytes only: never UTF-8 text

    String shown = Payloads.format(payload, false);

    assertEquals("80 80 ", shown.substring(0, 6));
    assertTrue(shown.endsWith("80 … (5000 bytes, first 4096 shown)"));
  }

  @Test
  void aFourByteCharacterCutAfterItsLeadByteIsLeftOut() {
    byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8); // f0 9f 98 80
    byte[] payload = new byte[4100];
    Arrays.fill(payload, (byte) 'a');
    System.arraycopy(emoji, 0, payload, 4093, 4); // bytes 4093..4096: cut after 3 of its 4 bytes

    String shown = Payloads.format(payload, false);

    assertEquals("a".repeat(4093) + " … (4100 bytes, first 4096 shown)", shown);
  }

  @Test
  void aLargeBinaryPayloadIsCutAfter4096Bytes() {
    byte[] payload = new byte[4097];

    String shown = Payloads.format(payload, false);

    assertEquals("00 ".repeat(4095) + "00 … (4097 bytes, first 4096 shown)", shown);
  }

  @Test
  void exactly4096BytesAreNotCut() {
    byte[] payload = new byte[Payloads.MAX_PRINTED_BYTES];
    Arrays.fill(payload, (byte) 'b');

    assertEquals("b".repeat(4096), Payloads.format(payload, false));
  }
}
