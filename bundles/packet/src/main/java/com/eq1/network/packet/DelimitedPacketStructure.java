package com.eq1.network.packet;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Head/tail-delimited framing for text protocols: a frame is the head delimiter, the payload and
 * the tail delimiter, for example {@code $HELLO$} ({@link #dollar()}) or {@code HELLO\n} ({@link
 * #lines()}, no head). Delimiters are 1 to 16 bytes (the head may be empty); the payload must not
 * contain the tail delimiter, and with equal head and tail it must not be empty (an empty frame
 * marks a resynchronisation point on the stream).
 *
 * <p>Immutable and thread-safe. Its default {@link RecoveryPolicy} is {@link
 * RecoveryPolicy#RESYNC}: bytes before a head delimiter are discarded and reported.
 */
public final class DelimitedPacketStructure implements StreamingPacketStructure {

  /** The longest delimiter accepted, in bytes. */
  public static final int MAX_DELIMITER = 16;

  private final Delimiter head;
  private final Delimiter tail;
  private final int maxPayload;

  /**
   * Creates the structure with the full 1 MiB payload limit.
   *
   * @param head the head delimiter, 0 to 16 bytes
   * @param tail the tail delimiter, 1 to 16 bytes
   * @throws IllegalArgumentException if a delimiter's length is out of range
   */
  public DelimitedPacketStructure(byte[] head, byte[] tail) {
    this(head, tail, NetworkPacketStructure.MAX_PAYLOAD);
  }

  /**
   * Creates the structure.
   *
   * @param head the head delimiter, 0 to 16 bytes
   * @param tail the tail delimiter, 1 to 16 bytes
   * @param maxPayload the largest payload, from 0 to 1 MiB
   * @throws IllegalArgumentException if a delimiter's length or {@code maxPayload} is out of range
   */
  public DelimitedPacketStructure(byte[] head, byte[] tail, int maxPayload) {
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(tail, "tail");
    if (head.length > MAX_DELIMITER || tail.length == 0 || tail.length > MAX_DELIMITER) {
      throw new IllegalArgumentException(
          "head must be 0.."
              + MAX_DELIMITER
              + " bytes and tail 1.."
              + MAX_DELIMITER
              + ", were "
              + head.length
              + " and "
              + tail.length);
    }
    if (maxPayload < 0 || maxPayload > NetworkPacketStructure.MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "maxPayload must be 0.." + NetworkPacketStructure.MAX_PAYLOAD + ", was " + maxPayload);
    }
    this.head = new Delimiter(head);
    this.tail = new Delimiter(tail);
    this.maxPayload = maxPayload;
  }

  /**
   * Returns the {@code $…$} framing: head and tail are both {@code '$'}.
   *
   * @return the structure, with the full 1 MiB limit
   */
  public static DelimitedPacketStructure dollar() {
    byte[] dollar = {'$'};
    return new DelimitedPacketStructure(dollar, dollar);
  }

  /**
   * Returns line framing: no head, the tail is {@code '\n'}. A peer that ends lines with {@code
   * \r\n} leaves the {@code '\r'} at the end of each payload; use {@code new
   * DelimitedPacketStructure(new byte[0], "\r\n".getBytes(US_ASCII))} for it.
   *
   * @return the structure, with the full 1 MiB limit
   */
  public static DelimitedPacketStructure lines() {
    return new DelimitedPacketStructure(new byte[0], "\n".getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Returns the head delimiter.
   *
   * @return a copy of the bytes; empty if frames have no head
   */
  public byte[] headDelimiter() {
    return head.bytes();
  }

  /**
   * Returns the tail delimiter.
   *
   * @return a copy of the bytes
   */
  public byte[] tailDelimiter() {
    return tail.bytes();
  }

  @Override
  public int maxPayload() {
    return maxPayload;
  }

  /**
   * {@inheritDoc}
   *
   * @throws OversizedPacketException if {@code data} is longer than {@link #maxPayload()}
   * @throws PacketException if {@code data} contains the tail delimiter, or is empty while head and
   *     tail are equal
   */
  @Override
  public byte[] toPacket(byte[] data) {
    Objects.requireNonNull(data, "data");
    if (data.length > maxPayload) {
      throw new OversizedPacketException(null, data.length, maxPayload);
    }
    if (data.length == 0 && symmetric()) {
      throw new PacketException(null, "an empty payload cannot be framed when head equals tail");
    }
    byte[] frame = new byte[head.length() + data.length + tail.length()];
    System.arraycopy(head.bytes(), 0, frame, 0, head.length());
    System.arraycopy(data, 0, frame, head.length(), data.length);
    System.arraycopy(tail.bytes(), 0, frame, head.length() + data.length, tail.length());
    int found = tail.indexIn(frame, head.length(), frame.length);
    if (found != head.length() + data.length) {
      throw new PacketException(
          null, "payload contains the tail delimiter at offset " + (found - head.length()));
    }
    return frame;
  }

  @Override
  public byte[] fromPacket(byte[] packet) {
    if (packet == null) {
      throw new PacketException(null, "no packet (null)");
    }
    int end = frameEnd(packet, 0);
    if (end != packet.length) {
      throw new PacketException(
          null, "the tail delimiter ends the frame at offset " + end + " of " + packet.length);
    }
    return Arrays.copyOfRange(packet, head.length(), end - tail.length());
  }

  @Override
  public boolean isValid(byte[] packet) {
    try {
      fromPacket(packet);
      return true;
    } catch (PacketException e) {
      return false;
    }
  }

  @Override
  public List<byte[]> splitPacket(byte[] packet) {
    Objects.requireNonNull(packet, "packet");
    List<byte[]> frames = new ArrayList<>();
    for (int pos = 0; pos < packet.length; ) {
      int end = frameEnd(packet, pos);
      frames.add(Arrays.copyOfRange(packet, pos, end));
      pos = end;
    }
    return frames;
  }

  /**
   * {@inheritDoc}
   *
   * @return {@link RecoveryPolicy#RESYNC}
   */
  @Override
  public RecoveryPolicy defaultPolicy() {
    return RecoveryPolicy.RESYNC;
  }

  @Override
  public FrameDecoder newDecoder(String connectionName, RecoveryPolicy policy) {
    return new DelimitedFrameDecoder(connectionName, policy, this);
  }

  @Override
  public String toString() {
    return "DelimitedPacketStructure[head="
        + Arrays.toString(head.bytes())
        + ", tail="
        + Arrays.toString(tail.bytes())
        + ", maxPayload="
        + maxPayload
        + "]";
  }

  Delimiter head() {
    return head;
  }

  Delimiter tail() {
    return tail;
  }

  boolean symmetric() {
    return head.equals(tail);
  }

  /** Checks the frame starting at {@code start} and returns the offset just past its tail. */
  private int frameEnd(byte[] packet, int start) {
    if (!head.isAt(packet, start)) {
      throw new PacketException(null, "no head delimiter at offset " + start);
    }
    int payloadStart = start + head.length();
    int tailAt = tail.indexIn(packet, payloadStart, packet.length);
    if (tailAt < 0) {
      int size = packet.length - payloadStart;
      if (size > maxPayload) {
        throw new OversizedPacketException(null, size, maxPayload);
      }
      throw new PacketException(null, "no tail delimiter after offset " + payloadStart);
    }
    int size = tailAt - payloadStart;
    if (size > maxPayload) {
      throw new OversizedPacketException(null, size, maxPayload);
    }
    if (size == 0 && symmetric()) {
      throw new PacketException(null, "empty frame at offset " + start + " (head equals tail)");
    }
    return tailAt + tail.length();
  }
}
