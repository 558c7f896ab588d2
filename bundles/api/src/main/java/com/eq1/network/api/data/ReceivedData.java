package com.eq1.network.api.data;

import com.eq1.network.api.PacketException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An application value decoded from a received payload. Implementations are immutable.
 *
 * <p>Java has no abstract static methods, so the decoding side is a separate {@link Decoder} rather
 * than a static {@code fromBytes} on this type. The idiom is a static factory on the
 * implementation, passed as a method reference:
 *
 * <pre>{@code
 * public record Temperature(double celsius) implements ReceivedData {
 *   public static Temperature fromBytes(byte[] payload) { ... }
 * }
 * ReceivedData.Decoder<Temperature> decoder = Temperature::fromBytes;
 * }</pre>
 */
@ConsumerType
public interface ReceivedData {

  /**
   * Decodes payloads into values of type {@code T}. Implementations are stateless and thread-safe.
   *
   * @param <T> the type of value produced
   */
  @ConsumerType
  @FunctionalInterface
  interface Decoder<T extends ReceivedData> {

    /**
     * Decodes one payload.
     *
     * @param payload the payload; the decoder must not keep a reference to it
     * @return the value
     * @throws PacketException if the payload is not a valid encoding of {@code T}
     */
    T fromBytes(byte[] payload);
  }
}
