package com.eq1.network.packet;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The {@link FrameDecoder} of {@link DelimitedPacketStructure}. Looks for the head delimiter (bytes
 * before it are garbage), then collects payload bytes until the tail delimiter. Both delimiters are
 * matched with Knuth–Morris–Pratt, so a delimiter split across chunks, or one that overlaps itself,
 * is found. With equal head and tail, an empty frame is taken as a resync point: its second
 * delimiter opens the next frame.
 */
final class DelimitedFrameDecoder extends FrameDecoder {

  private enum State {
    SEEK_HEAD,
    IN_FRAME,
    SKIP_TO_TAIL
  }

  private static final int INITIAL_BUFFER = 256;

  private final DelimitedPacketStructure structure;
  private final Delimiter head;
  private final Delimiter tail;
  private final int maxPayload;
  private State state;
  private int headMatched;
  private long seekBytes;
  private int tailMatched;
  private byte[] buffer = new byte[0];
  private int size;

  DelimitedFrameDecoder(
      String connectionName, RecoveryPolicy policy, DelimitedPacketStructure structure) {
    super(connectionName, policy);
    this.structure = structure;
    this.head = structure.head();
    this.tail = structure.tail();
    this.maxPayload = structure.maxPayload();
    this.state = initialState();
  }

  @Override
  public int buffered() {
    return state == State.IN_FRAME ? head.length() + size : headMatched;
  }

  @Override
  void clear() {
    state = initialState();
    headMatched = 0;
    seekBytes = 0;
    tailMatched = 0;
    size = 0;
    buffer = new byte[0];
  }

  @Override
  void consume(byte[] chunk, int offset, int length, Consumer<byte[]> sink) {
    int end = offset + length;
    for (int pos = offset; pos < end; pos++) {
      byte b = chunk[pos];
      switch (state) {
        case SEEK_HEAD -> seek(b);
        case IN_FRAME -> collect(b, sink);
        case SKIP_TO_TAIL -> skip(b);
      }
    }
    if (state == State.SEEK_HEAD && seekBytes > headMatched) {
      reportGarbage(seekBytes - headMatched);
      seekBytes = headMatched;
    }
  }

  private State initialState() {
    return head.length() == 0 ? State.IN_FRAME : State.SEEK_HEAD;
  }

  private void seek(byte b) {
    seekBytes++;
    headMatched = head.advance(headMatched, b);
    if (headMatched == head.length()) {
      long garbage = seekBytes - head.length();
      headMatched = 0;
      seekBytes = 0;
      state = State.IN_FRAME;
      if (garbage > 0) {
        reportGarbage(garbage);
      }
    }
  }

  private void collect(byte b, Consumer<byte[]> sink) {
    tailMatched = tail.advance(tailMatched, b);
    append(b);
    if (tailMatched == tail.length()) {
      int payloadLength = size - tail.length();
      tailMatched = 0;
      size = 0;
      if (payloadLength == 0 && structure.symmetric()) {
        discard(tail.length()); // "$$": the first '$' closed nothing; the second opens a frame
        return;
      }
      byte[] payload = Arrays.copyOf(buffer, payloadLength);
      state = initialState();
      emit(payload, sink);
    } else if (size - tailMatched > maxPayload) {
      long seen = size - tailMatched;
      discard(head.length() + size);
      size = 0;
      state = State.SKIP_TO_TAIL;
      problem(new OversizedPacketException(connectionName(), seen, maxPayload));
    }
  }

  private void skip(byte b) {
    discard(1);
    tailMatched = tail.advance(tailMatched, b);
    if (tailMatched == tail.length()) {
      tailMatched = 0;
      state = initialState();
    }
  }

  private void append(byte b) {
    if (size == buffer.length) {
      int limit = maxPayload + tail.length();
      buffer = Arrays.copyOf(buffer, Math.min(limit, Math.max(INITIAL_BUFFER, size * 2)));
    }
    buffer[size++] = b;
  }

  private void reportGarbage(long bytes) {
    discard(bytes);
    problem(
        new PacketException(
            connectionName(),
            bytes + " bytes outside any frame discarded while looking for the head delimiter"));
  }
}
