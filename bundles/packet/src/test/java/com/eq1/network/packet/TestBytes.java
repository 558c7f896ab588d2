package com.eq1.network.packet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assertions;

/** Byte helpers shared by the tests of this package. */
final class TestBytes {

  private static final HexFormat SPACED_HEX = HexFormat.ofDelimiter(" ");

  private TestBytes() {}

  /** Parses hex written as in {@code docs/wire-format.md}: pairs separated by single spaces. */
  static byte[] hex(String spaced) {
    return SPACED_HEX.parseHex(spaced);
  }

  /** Formats bytes as spaced upper-case hex, for readable assertion messages. */
  static String toHex(byte[] bytes) {
    return SPACED_HEX.withUpperCase().formatHex(bytes);
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] concat(List<byte[]> parts) {
    return concat(parts.toArray(new byte[0][]));
  }

  /** Random bytes of the given length; {@code avoid}, if not negative, is replaced by 'x'. */
  static byte[] random(Random random, int length, int avoid) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    if (avoid >= 0) {
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == (byte) avoid) {
          bytes[i] = 'x';
        }
      }
    }
    return bytes;
  }

  /** Asserts two lists of payloads are equal element by element. */
  static void assertPayloads(List<byte[]> expected, List<byte[]> actual) {
    Assertions.assertEquals(expected.size(), actual.size(), "number of payloads");
    for (int i = 0; i < expected.size(); i++) {
      Assertions.assertArrayEquals(expected.get(i), actual.get(i), "payload " + i);
    }
  }

  /** A sink that keeps every payload it receives. */
  static final class Collector implements Consumer<byte[]> {
    final List<byte[]> payloads = new ArrayList<>();

    @Override
    public void accept(byte[] payload) {
      payloads.add(payload);
    }

    List<String> strings() {
      List<String> out = new ArrayList<>();
      for (byte[] payload : payloads) {
        out.add(new String(payload, StandardCharsets.ISO_8859_1));
      }
      return out;
    }
  }
}
