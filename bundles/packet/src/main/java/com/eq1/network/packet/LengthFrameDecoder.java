package com.eq1.network.packet;

import com.eq1.network.api.OversizedPacketException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The {@link FrameDecoder} of {@link NetworkPacketStructure}: a 4-byte big-endian unsigned length,
 * then that many payload bytes. The payload array is allocated once the header is complete and
 * checked against the limit, and filled as bytes arrive: one copy per payload byte.
 */
final class LengthFrameDecoder extends FrameDecoder {

  private final int maxPayload;
  private int header;
  private int headerBytes;
  private byte[] payload;
  private int filled;
  private long skipping;

  LengthFrameDecoder(String connectionName, RecoveryPolicy policy, int maxPayload) {
    super(connectionName, policy);
    this.maxPayload = maxPayload;
  }

  @Override
  public int buffered() {
    return payload != null ? NetworkPacketStructure.HEADER_LENGTH + filled : headerBytes;
  }

  @Override
  void clear() {
    header = 0;
    headerBytes = 0;
    payload = null;
    filled = 0;
    skipping = 0;
  }

  @Override
  void consume(byte[] chunk, int offset, int length, Consumer<byte[]> sink) {
    int pos = offset;
    int end = offset + length;
    while (pos < end) {
      if (skipping > 0) {
        int n = (int) Math.min(skipping, end - pos);
        skipping -= n;
        discard(n);
        pos += n;
      } else if (payload != null) {
        int n = Math.min(payload.length - filled, end - pos);
        System.arraycopy(chunk, pos, payload, filled, n);
        filled += n;
        pos += n;
        if (filled == payload.length) {
          byte[] complete = payload;
          payload = null;
          filled = 0;
          emit(complete, sink);
        }
      } else if (headerBytes == 0 && end - pos >= NetworkPacketStructure.HEADER_LENGTH) {
        long size = NetworkPacketStructure.readLength(chunk, pos);
        pos += NetworkPacketStructure.HEADER_LENGTH;
        if (size > end - pos || size > maxPayload) {
          begin(size);
        } else {
          int start = pos;
          pos += (int) size;
          emit(Arrays.copyOfRange(chunk, start, pos), sink);
        }
      } else {
        header = (header << 8) | (chunk[pos++] & 0xff);
        if (++headerBytes == NetworkPacketStructure.HEADER_LENGTH) {
          long size = header & 0xffff_ffffL;
          header = 0;
          headerBytes = 0;
          if (size == 0) {
            emit(new byte[0], sink);
          } else {
            begin(size);
          }
        }
      }
    }
  }

  /** Starts a frame whose header announced {@code size} payload bytes not all present yet. */
  private void begin(long size) {
    if (size > maxPayload) {
      discard(NetworkPacketStructure.HEADER_LENGTH);
      skipping = size;
      problem(new OversizedPacketException(connectionName(), size, maxPayload));
    } else {
      payload = new byte[(int) size];
      filled = 0;
    }
  }
}
