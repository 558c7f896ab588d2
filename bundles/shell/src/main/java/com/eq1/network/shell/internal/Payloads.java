package com.eq1.network.shell.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;

/** Turns what an operator types into bytes and received bytes into something readable. */
final class Payloads {

  /** The most bytes a received payload prints before it is cut. */
  static final int MAX_PRINTED_BYTES = 4096;

  private Payloads() {}

  /**
   * Reads the bytes a command sends.
   *
   * @param data the argument: text, hex digits or a file path
   * @param hex whether {@code data} is hex ({@code 01 02 ff}, {@code 0102ff}, {@code 0x01,0x02})
   * @param file whether {@code data} names a file whose bytes are sent
   * @return the bytes
   * @throws IllegalArgumentException if the hex is malformed, the file is missing or both flags
   *     were given
   */
  static byte[] parse(String data, boolean hex, boolean file) {
    if (hex && file) {
      throw new IllegalArgumentException("use either --hex or --file, not both");
    }
    if (file) {
      return readFile(data);
    }
    if (hex) {
      return parseHex(data);
    }
    return data.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses hex digits, ignoring spaces, commas, colons and {@code 0x} prefixes.
   *
   * @param text the hex text
   * @return the bytes
   * @throws IllegalArgumentException if the text is not an even number of hex digits
   */
  static byte[] parseHex(String text) {
    String digits = text.replaceAll("0[xX]", "").replaceAll("[\\s,:]", "");
    if (digits.length() % 2 != 0 || !digits.matches("[0-9A-Fa-f]*")) {
      throw new IllegalArgumentException(
          "'" + text + "' is not hex: give pairs of hex digits such as '01 03 ff' or '0103ff'");
    }
    return HexFormat.of().parseHex(digits);
  }

  private static byte[] readFile(String name) {
    Path path = Path.of(name);
    try {
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("file " + path.toAbsolutePath() + " does not exist", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + path.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Renders received bytes: as text when they are printable UTF-8 (and {@code hex} is off),
   * otherwise as space-separated hex; cut after {@link #MAX_PRINTED_BYTES} bytes.
   *
   * @param payload the bytes
   * @param hex whether to print hex regardless of content
   * @return the rendering
   */
  static String format(byte[] payload, boolean hex) {
    int shown = Math.min(payload.length, MAX_PRINTED_BYTES);
    String suffix =
        shown < payload.length
            ? " … (" + payload.length + " bytes, first " + shown + " shown)"
            : "";
    if (!hex) {
      String text = printableText(payload, shown);
      if (text != null) {
        return text + suffix;
      }
    }
    return HexFormat.ofDelimiter(" ").formatHex(payload, 0, shown) + suffix;
  }

  private static String printableText(byte[] payload, int length) {
    int end = length;
    // a cut inside a multi-byte character: leave out its first bytes rather than call it binary
    while (end < payload.length && end > 0 && end > length - 3 && (payload[end] & 0xC0) == 0x80) {
      end--;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(payload, 0, end))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\t' && c != '\r' && c != '\n') {
        return null;
      }
    }
    return text;
  }
}
