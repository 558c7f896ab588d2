package com.eq1.network.packet;

/**
 * Where a frame belongs in a chunked transfer: the envelope's chunk header.
 *
 * @param transferId identifies the transfer among those of the same source
 * @param index the position of this chunk, from 0
 * @param count how many chunks the transfer has, at least 1
 * @param totalLength the length of the reassembled body, in bytes
 */
public record Chunk(long transferId, int index, int count, long totalLength) {

  /**
   * Checks the header.
   *
   * @throws IllegalArgumentException if {@code count < 1}, {@code index} is not in {@code [0,
   *     count)} or {@code totalLength < 0}
   */
  public Chunk {
    if (count < 1 || index < 0 || index >= count || totalLength < 0) {
      throw new IllegalArgumentException(
          "chunk " + index + " of " + count + " with total length " + totalLength);
    }
  }

  /**
   * Tells whether this is the last chunk of its transfer.
   *
   * @return {@code true} if {@code index == count - 1}
   */
  public boolean isLast() {
    return index == count - 1;
  }
}
