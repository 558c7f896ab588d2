package com.eq1.network.packet;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.api.PacketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Puts chunked transfers ({@link MessageType#FILE_TRANSFER}, {@link MessageType#BULK_DATA} larger
 * than one frame) back together. Chunks of one transfer, identified by source and transfer id, must
 * arrive in order, as they do on one stream; transfers from different sources may interleave.
 *
 * <p>Limits: the reassembled body may not exceed {@code maxTransferBytes}; at most {@code
 * maxTransfers} may be in progress at once; a transfer that receives no chunk for {@code timeout}
 * is discarded by {@link #expire()} (or by the next {@link #accept}) and counted. Memory grows with
 * the chunks received, never ahead of them. Thread-safe.
 */
public final class TransferAssembler {

  private record Key(String source, long transferId) {}

  private static final class Transfer {
    final Message first;
    byte[] body = new byte[0];
    int filled;
    int nextIndex;
    long lastChunkNanos;

    Transfer(Message first, long now) {
      this.first = first;
      this.lastChunkNanos = now;
    }
  }

  private final String connectionName;
  private final long maxTransferBytes;
  private final int maxTransfers;
  private final long timeoutNanos;
  private final LongSupplier nanoClock;
  private final Map<Key, Transfer> transfers = new HashMap<>();
  private long completed;
  private long expired;
  private long rejected;

  /**
   * Creates an assembler.
   *
   * @param connectionName the connection, named in exceptions; may be {@code null}
   * @param maxTransferBytes the largest reassembled body, at most {@code Integer.MAX_VALUE - 8}
   * @param maxTransfers how many transfers may be in progress at once
   * @param timeout how long a transfer may go without a chunk before it is discarded
   */
  public TransferAssembler(
      String connectionName, long maxTransferBytes, int maxTransfers, Duration timeout) {
    this(connectionName, maxTransferBytes, maxTransfers, timeout, System::nanoTime);
  }

  /**
   * Creates an assembler with an explicit clock.
   *
   * @param connectionName the connection, named in exceptions; may be {@code null}
   * @param maxTransferBytes the largest reassembled body, at most {@code Integer.MAX_VALUE - 8}
   * @param maxTransfers how many transfers may be in progress at once
   * @param timeout how long a transfer may go without a chunk before it is discarded
   * @param nanoClock a monotonic clock in nanoseconds, like {@link System#nanoTime()}
   */
  public TransferAssembler(
      String connectionName,
      long maxTransferBytes,
      int maxTransfers,
      Duration timeout,
      LongSupplier nanoClock) {
    if (maxTransferBytes < 0 || maxTransferBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxTransferBytes out of range: " + maxTransferBytes);
    }
    if (maxTransfers < 1 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "maxTransfers must be positive and timeout longer than zero");
    }
    this.connectionName = connectionName;
    this.maxTransferBytes = maxTransferBytes;
    this.maxTransfers = maxTransfers;
    this.timeoutNanos = timeout.toNanos();
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * Takes one received message. A whole message is returned as it is; a chunk is added to its
   * transfer, and the reassembled message (without chunk header) is returned with the last chunk.
   *
   * @param message a decoded message
   * @return the complete message, or empty while a transfer is incomplete
   * @throws OversizedPacketException if a transfer announces more than {@code maxTransferBytes}
   * @throws PacketException if a chunk does not fit its transfer (out of order, no start, sizes
   *     that disagree) or too many transfers are in progress; the transfer concerned is discarded
   *     and counted as rejected, others are unaffected
   */
  public synchronized Optional<Message> accept(Message message) {
    Chunk chunk = message.chunkOrNull();
    if (chunk == null) {
      return Optional.of(message);
    }
    long now = nanoClock.getAsLong();
    expire(now);
    Key key = new Key(message.source(), chunk.transferId());
    Transfer transfer = transfers.get(key);
    if (chunk.index() == 0) {
      if (transfer != null) {
        transfers.remove(key);
        rejected++;
      }
      transfer = start(key, message, chunk, now);
    } else if (transfer == null) {
      rejected++;
      throw problem("chunk " + chunk.index() + " of transfer " + key + " arrived without chunk 0");
    }
    return add(key, transfer, message, chunk, now);
  }

  /**
   * Discards the transfers that have received no chunk for longer than the timeout.
   *
   * @return how many were discarded
   */
  public synchronized int expire() {
    return expire(nanoClock.getAsLong());
  }

  /**
   * Returns how many transfers are incomplete.
   *
   * @return the count
   */
  public synchronized int inProgress() {
    return transfers.size();
  }

  /**
   * Returns how many transfers were reassembled since creation.
   *
   * @return the count
   */
  public synchronized long completed() {
    return completed;
  }

  /**
   * Returns how many incomplete transfers were discarded after the timeout since creation.
   *
   * @return the count
   */
  public synchronized long expired() {
    return expired;
  }

  /**
   * Returns how many transfers were discarded for a bad or unexpected chunk since creation.
   *
   * @return the count
   */
  public synchronized long rejected() {
    return rejected;
  }

  private Transfer start(Key key, Message message, Chunk chunk, long now) {
    if (chunk.totalLength() > maxTransferBytes) {
      rejected++;
      throw new OversizedPacketException(connectionName, chunk.totalLength(), maxTransferBytes);
    }
    if (transfers.size() >= maxTransfers) {
      rejected++;
      throw problem(maxTransfers + " transfers already in progress; transfer " + key + " refused");
    }
    Transfer transfer = new Transfer(message, now);
    transfers.put(key, transfer);
    return transfer;
  }

  private Optional<Message> add(
      Key key, Transfer transfer, Message message, Chunk chunk, long now) {
    Chunk first = transfer.first.chunkOrNull();
    byte[] piece = message.bodyUnsafe();
    if (chunk.index() != transfer.nextIndex
        || chunk.count() != first.count()
        || chunk.totalLength() != first.totalLength()
        || piece.length > first.totalLength() - transfer.filled) {
      transfers.remove(key);
      rejected++;
      throw problem(
          "chunk "
              + chunk
              + " does not continue transfer "
              + key
              + " (expected index "
              + transfer.nextIndex
              + ", "
              + transfer.filled
              + " of "
              + first.totalLength()
              + " bytes received)");
    }
    if (transfer.filled + piece.length > transfer.body.length) {
      long grown = Math.max((long) transfer.body.length * 2, transfer.filled + piece.length);
      transfer.body = Arrays.copyOf(transfer.body, (int) Math.min(grown, first.totalLength()));
    }
    System.arraycopy(piece, 0, transfer.body, transfer.filled, piece.length);
    transfer.filled += piece.length;
    transfer.nextIndex++;
    transfer.lastChunkNanos = now;
    if (!chunk.isLast()) {
      return Optional.empty();
    }
    transfers.remove(key);
    if (transfer.filled != first.totalLength()) {
      rejected++;
      throw problem(
          "transfer "
              + key
              + " ended with "
              + transfer.filled
              + " of "
              + first.totalLength()
              + " bytes");
    }
    completed++;
    byte[] body =
        transfer.body.length == transfer.filled
            ? transfer.body
            : Arrays.copyOf(transfer.body, transfer.filled);
    return Optional.of(transfer.first.toBuilder().chunk(null).buildOwning(body));
  }

  private int expire(long now) {
    int count = 0;
    for (Iterator<Transfer> it = transfers.values().iterator(); it.hasNext(); ) {
      if (now - it.next().lastChunkNanos > timeoutNanos) {
        it.remove();
        count++;
      }
    }
    expired += count;
    return count;
  }

  private PacketException problem(String message) {
    return new PacketException(connectionName, message);
  }
}
