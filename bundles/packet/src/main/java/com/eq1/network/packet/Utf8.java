package com.eq1.network.packet;

/** Strict UTF-8 checks shared by the envelope and the text format. */
final class Utf8 {

  private Utf8() {}

  /**
   * Checks that {@code text} has a UTF-8 encoding: it holds no unpaired surrogate, which {@link
   * String#getBytes} would silently turn into {@code '?'}.
   *
   * @param what what the text is, for the exception message
   * @param text the text
   * @return {@code text}
   * @throws IllegalArgumentException naming the index of the first unpaired surrogate
   */
  static String requireEncodable(String what, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            what + " has an unpaired surrogate at index " + i + ": it has no UTF-8 encoding");
      }
    }
    return text;
  }
}
