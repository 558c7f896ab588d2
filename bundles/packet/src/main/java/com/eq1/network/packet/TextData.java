package com.eq1.network.packet;

import com.eq1.network.api.PacketException;
import com.eq1.network.api.data.ReceivedData;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Text, encoded as UTF-8 with no byte-order mark and no terminator ({@link MessageFormat#TEXT}).
 *
 * @param text the text
 */
public record TextData(String text) implements FormattedData, ReceivedData {

  /**
   * Checks the text.
   *
   * @throws NullPointerException if {@code text} is {@code null}
   * @throws IllegalArgumentException if {@code text} holds an unpaired surrogate, which has no
   *     UTF-8 encoding
   */
  public TextData {
    Utf8.requireEncodable("text", Objects.requireNonNull(text, "text"));
  }

  /**
   * Decodes UTF-8 strictly: malformed sequences are an error, not replacement characters.
   *
   * @param payload the bytes
   * @return the text
   * @throws PacketException if {@code payload} is not valid UTF-8; the message gives the offset of
   *     the first bad byte
   */
  public static TextData fromBytes(byte[] payload) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(payload);
    try {
      return new TextData(decoder.decode(in).toString());
    } catch (MalformedInputException e) {
      throw new PacketException(
          null, "invalid UTF-8 at byte offset " + in.position() + " of " + payload.length, e);
    } catch (CharacterCodingException e) {
      throw new PacketException(null, "invalid UTF-8: " + e.getMessage(), e);
    }
  }

  @Override
  public MessageFormat format() {
    return MessageFormat.TEXT;
  }

  @Override
  public byte[] toBytes() {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
