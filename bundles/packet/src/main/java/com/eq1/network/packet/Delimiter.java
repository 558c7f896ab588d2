package com.eq1.network.packet;

import java.util.Arrays;

/** A delimiter byte sequence with its Knuth–Morris–Pratt failure table. Immutable. */
final class Delimiter {

  private final byte[] bytes;
  private final int[] failure;

  Delimiter(byte[] bytes) {
    this.bytes = bytes.clone();
    this.failure = new int[bytes.length];
    for (int i = 1, k = 0; i < bytes.length; i++) {
      while (k > 0 && bytes[i] != bytes[k]) {
        k = failure[k - 1];
      }
      if (bytes[i] == bytes[k]) {
        k++;
      }
      failure[i] = k;
    }
  }

  int length() {
    return bytes.length;
  }

  byte[] bytes() {
    return bytes.clone();
  }

  /** Returns how many delimiter bytes are matched after {@code b}, given {@code matched} before. */
  int advance(int matched, byte b) {
    int k = matched == bytes.length ? failure[matched - 1] : matched;
    while (k > 0 && bytes[k] != b) {
      k = failure[k - 1];
    }
    return bytes[k] == b ? k + 1 : 0;
  }

  /** Returns the first index at or after {@code from} where the delimiter starts, or -1. */
  int indexIn(byte[] data, int from, int to) {
    int matched = 0;
    for (int i = from; i < to; i++) {
      matched = advance(matched, data[i]);
      if (matched == bytes.length) {
        return i - bytes.length + 1;
      }
    }
    return -1;
  }

  boolean isAt(byte[] data, int offset) {
    return offset >= 0
        && data.length - offset >= bytes.length
        && Arrays.equals(data, offset, offset + bytes.length, bytes, 0, bytes.length);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Delimiter d && Arrays.equals(bytes, d.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }
}
