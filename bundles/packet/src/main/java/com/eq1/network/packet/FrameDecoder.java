package com.eq1.network.packet;

import com.eq1.network.api.PacketException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Cuts the frames of one byte stream out of chunks as they arrive, the way Netty's {@code
 * LengthFieldBasedFrameDecoder} does: chunks may be any size (one byte at a time, or many frames at
 * once), complete payloads are handed on in order, and the remainder is kept for the next chunk.
 * Every payload handed on is a new array, copied once from the input.
 *
 * <p>Malformed input (an oversized length, bytes outside any frame) is never allocated beyond the
 * structure's limit; what follows is the decoder's {@link RecoveryPolicy}. Create one with {@link
 * StreamingPacketStructure#newDecoder}. Not thread-safe: one decoder per stream, fed by one thread.
 */
public abstract sealed class FrameDecoder permits LengthFrameDecoder, DelimitedFrameDecoder {

  private final String connectionName;
  private final RecoveryPolicy policy;
  private PacketException firstProblem;
  private PacketException closedBy;
  private long frames;
  private long discarded;
  private long problems;

  FrameDecoder(String connectionName, RecoveryPolicy policy) {
    this.connectionName = connectionName;
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * Feeds a whole chunk. Equivalent to {@code decode(chunk, 0, chunk.length, sink)}.
   *
   * @param chunk the bytes received
   * @param sink receives each complete payload, in order, on the calling thread
   * @return the number of payloads handed to {@code sink}
   * @throws PacketException as {@link #decode(byte[], int, int, Consumer)}
   */
  public final int decode(byte[] chunk, Consumer<byte[]> sink) {
    return decode(chunk, 0, chunk.length, sink);
  }

  /**
   * Feeds part of a chunk. The decoder keeps no reference to {@code chunk}.
   *
   * @param chunk the bytes received
   * @param offset where the new bytes start
   * @param length how many new bytes there are
   * @param sink receives each complete payload, in order, on the calling thread; if it throws, the
   *     exception propagates and the rest of the chunk is not consumed
   * @return the number of payloads handed to {@code sink}
   * @throws com.eq1.network.api.OversizedPacketException if a frame announces or reaches more than
   *     the structure's maximum payload
   * @throws PacketException if the input holds bytes that belong to no frame, or the decoder was
   *     closed by earlier bad input ({@link RecoveryPolicy#CLOSE}). Under {@link
   *     RecoveryPolicy#RESYNC} this is thrown after the whole chunk was consumed, so the good
   *     frames in it have been delivered.
   * @throws IndexOutOfBoundsException if {@code offset} and {@code length} do not fit {@code chunk}
   */
  public final int decode(byte[] chunk, int offset, int length, Consumer<byte[]> sink) {
    Objects.checkFromIndexSize(offset, length, chunk.length);
    Objects.requireNonNull(sink, "sink");
    if (closedBy != null) {
      throw new PacketException(
          connectionName, "frame decoder closed by earlier bad input: " + closedBy.getMessage());
    }
    long before = frames;
    consume(chunk, offset, length, sink);
    PacketException problem = firstProblem;
    firstProblem = null;
    if (problem != null) {
      throw problem;
    }
    return (int) (frames - before);
  }

  /** Drops buffered bytes and any closed state: the next byte is taken as the start of a frame. */
  public void reset() {
    closedBy = null;
    firstProblem = null;
    clear();
  }

  /**
   * Tells whether bad input closed the decoder ({@link RecoveryPolicy#CLOSE}); only {@link
   * #reset()} opens it again.
   *
   * @return {@code true} if every {@code decode} call now throws
   */
  public boolean isClosed() {
    return closedBy != null;
  }

  /**
   * Returns the policy this decoder follows after malformed input.
   *
   * @return the policy
   */
  public RecoveryPolicy policy() {
    return policy;
  }

  /**
   * Returns the number of bytes held for an incomplete frame.
   *
   * @return the buffered byte count
   */
  public abstract int buffered();

  /**
   * Returns the number of payloads handed on since creation.
   *
   * @return the count
   */
  public long frames() {
    return frames;
  }

  /**
   * Returns the number of input bytes discarded as malformed since creation.
   *
   * @return the count
   */
  public long discardedBytes() {
    return discarded;
  }

  /**
   * Returns the number of malformed-input events (each reported by an exception) since creation.
   *
   * @return the count
   */
  public long problems() {
    return problems;
  }

  abstract void consume(byte[] chunk, int offset, int length, Consumer<byte[]> sink);

  abstract void clear();

  final String connectionName() {
    return connectionName;
  }

  final void emit(byte[] payload, Consumer<byte[]> sink) {
    frames++;
    sink.accept(payload);
  }

  final void discard(long bytes) {
    discarded += bytes;
  }

  /**
   * Records malformed input. Under {@link RecoveryPolicy#CLOSE} throws it at once and closes the
   * decoder; under {@link RecoveryPolicy#RESYNC} keeps the first one of the chunk for the end.
   */
  final void problem(PacketException problem) {
    problems++;
    if (policy == RecoveryPolicy.CLOSE) {
      clear();
      closedBy = problem;
      throw problem;
    }
    if (firstProblem == null) {
      firstProblem = problem;
    }
  }
}
