package com.eq1.network.api;

/**
 * A frame announces, or a payload needs, more bytes than the framing allows. Raised before the
 * bytes are allocated; the connection stays usable.
 */
public class OversizedPacketException extends PacketException {

  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  /**
   * Creates the exception.
   *
   * @param connectionName the connection concerned, or {@code null} if there is none
   * @param size the size announced or needed, in bytes
   * @param limit the largest size allowed, in bytes
   */
  public OversizedPacketException(String connectionName, long size, long limit) {
    super(connectionName, "packet of " + size + " bytes exceeds the limit of " + limit + " bytes");
    this.size = size;
    this.limit = limit;
  }

  /**
   * Returns the size announced or needed.
   *
   * @return the size in bytes
   */
  public long size() {
    return size;
  }

  /**
   * Returns the largest size allowed.
   *
   * @return the limit in bytes
   */
  public long limit() {
    return limit;
  }
}
