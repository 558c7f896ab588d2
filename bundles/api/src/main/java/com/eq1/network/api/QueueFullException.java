package com.eq1.network.api;

/**
 * A bounded queue is full and its overflow policy rejects the newest message. The message was not
 * accepted; what was queued before is kept.
 */
public class QueueFullException extends ProtocolException {

  private static final long serialVersionUID = 1L;

  private final int capacity;

  /**
   * Creates the exception.
   *
   * @param connectionName the connection whose queue is full, or {@code null}
   * @param capacity the queue's capacity in messages
   */
  public QueueFullException(String connectionName, int capacity) {
    this(connectionName, "outbound queue", capacity);
  }

  /**
   * Creates the exception for a named queue.
   *
   * @param connectionName the connection whose queue is full, or {@code null}
   * @param queue what the queue is, for the message (for example {@code receive buffer})
   * @param capacity the queue's capacity in messages
   */
  public QueueFullException(String connectionName, String queue, int capacity) {
    super(connectionName, queue + " full (" + capacity + " messages); message rejected");
    this.capacity = capacity;
  }

  /**
   * Returns the capacity of the queue that was full.
   *
   * @return the capacity in messages
   */
  public int capacity() {
    return capacity;
  }
}
