package com.eq1.network.tcp;

import com.eq1.network.api.ConfigurationException;
import com.eq1.network.link.TlsSettings;
import com.eq1.network.packet.DelimitedPacketStructure;
import com.eq1.network.packet.NetworkPacketStructure;
import com.eq1.network.packet.StreamingPacketStructure;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What a TCP client and a TCP server share: framing, timeouts, heartbeats, socket options, TLS and
 * the receive buffer. Each value has the configuration key named in its description.
 *
 * @param framing how the byte stream is cut into messages ({@code framing})
 * @param delimiter for {@link Framing#DELIMITED}: {@code lines} or {@code dollar} ({@code
 *     delimiter})
 * @param maxFrameBytes the largest payload of one message; at most 1 MiB ({@code maxFrameBytes})
 * @param writeTimeout how long {@code send} waits for room in the socket's send buffer before it
 *     throws {@link com.eq1.network.api.ProtocolTimeoutException} ({@code writeTimeoutMillis})
 * @param readTimeout a link that receives nothing for this long is closed as dead; zero turns it
 *     off ({@code readTimeoutMillis})
 * @param heartbeatInterval after this long without sending, an empty frame is sent as a heartbeat,
 *     and a link that receives nothing for {@code heartbeatInterval × heartbeatMisses} is closed as
 *     dead; zero turns heartbeats off ({@code heartbeatIntervalMillis}). With heartbeats on, empty
 *     frames are heartbeats and are not delivered to readers. Not available with raw framing.
 * @param heartbeatMisses how many intervals may pass without a byte received ({@code
 *     heartbeatMisses})
 * @param keepAlive the socket's {@code SO_KEEPALIVE} ({@code keepAlive})
 * @param noDelay the socket's {@code TCP_NODELAY} ({@code noDelay})
 * @param tls TLS settings ({@code tls*} keys)
 * @param inboundCapacity how many received messages may wait to be read; beyond it the connection
 *     stops reading from the socket until readers catch up, so nothing is dropped ({@code
 *     inboundCapacity})
 */
public record TcpOptions(
    Framing framing,
    String delimiter,
    int maxFrameBytes,
    Duration writeTimeout,
    Duration readTimeout,
    Duration heartbeatInterval,
    int heartbeatMisses,
    boolean keepAlive,
    boolean noDelay,
    TlsSettings tls,
    int inboundCapacity) {

  /**
   * Length framing with the 1 MiB cap, 5 s write timeout, no read timeout, no heartbeats, keepalive
   * and no-delay on, no TLS, 10,000 received messages buffered.
   */
  public static final TcpOptions DEFAULT =
      new TcpOptions(
          Framing.LENGTH,
          "lines",
          NetworkPacketStructure.MAX_PAYLOAD,
          Duration.ofSeconds(5),
          Duration.ZERO,
          Duration.ZERO,
          3,
          true,
          true,
          TlsSettings.OFF,
          10_000);

  /**
   * Checks the options.
   *
   * @throws ConfigurationException naming the configuration key of the first bad value
   */
  public TcpOptions {
    Objects.requireNonNull(framing, "framing");
    delimiter = delimiter == null ? "lines" : delimiter.trim().toLowerCase(Locale.ROOT);
    if (!delimiter.equals("lines") && !delimiter.equals("dollar")) {
      throw new ConfigurationException(
          null, "delimiter '" + delimiter + "' is not known; use lines or dollar");
    }
    if (maxFrameBytes < 1 || maxFrameBytes > NetworkPacketStructure.MAX_PAYLOAD) {
      throw new ConfigurationException(
          null,
          "maxFrameBytes must be between 1 and "
              + NetworkPacketStructure.MAX_PAYLOAD
              + ", not "
              + maxFrameBytes);
    }
    requirePositive(writeTimeout, "writeTimeoutMillis");
    requireNotNegative(readTimeout, "readTimeoutMillis");
    requireNotNegative(heartbeatInterval, "heartbeatIntervalMillis");
    if (heartbeatMisses < 1) {
      throw new ConfigurationException(
          null, "heartbeatMisses must be at least 1, not " + heartbeatMisses);
    }
    if (!heartbeatInterval.isZero() && framing == Framing.RAW) {
      throw new ConfigurationException(
          null,
          "heartbeats (heartbeatIntervalMillis) need message framing: use framing=length or"
              + " framing=delimited, or readTimeoutMillis to detect a dead peer");
    }
    if (!heartbeatInterval.isZero() && framing == Framing.DELIMITED && delimiter.equals("dollar")) {
      throw new ConfigurationException(
          null,
          "heartbeats (heartbeatIntervalMillis) need an empty frame, which delimiter=dollar cannot"
              + " carry ($$ is a delimiter pair); use delimiter=lines or framing=length");
    }
    Objects.requireNonNull(tls, "tls");
    if (inboundCapacity < 1) {
      throw new ConfigurationException(
          null, "inboundCapacity must be at least 1, not " + inboundCapacity);
    }
  }

  /**
   * Returns the packet structure of the framing.
   *
   * @return the structure, or {@code null} for {@link Framing#RAW}
   */
  public StreamingPacketStructure structure() {
    return switch (framing) {
      case RAW -> null;
      case LENGTH -> new NetworkPacketStructure(maxFrameBytes);
      case DELIMITED ->
          delimiter.equals("dollar")
              ? new DelimitedPacketStructure(new byte[] {'$'}, new byte[] {'$'}, maxFrameBytes)
              : new DelimitedPacketStructure(new byte[0], new byte[] {'\n'}, maxFrameBytes);
    };
  }

  /**
   * Tells how long a link may stay silent before it is closed as dead.
   *
   * @return the time, or zero if neither a read timeout nor heartbeats are set
   */
  public Duration deadAfter() {
    Duration heartbeat = heartbeatInterval.multipliedBy(heartbeatMisses);
    if (readTimeout.isZero()) {
      return heartbeat;
    }
    return heartbeat.isZero() || readTimeout.compareTo(heartbeat) < 0 ? readTimeout : heartbeat;
  }

  /**
   * Returns a copy with another framing.
   *
   * @param newFraming the framing
   * @return the copy
   */
  public TcpOptions withFraming(Framing newFraming) {
    return new TcpOptions(
        newFraming,
        delimiter,
        maxFrameBytes,
        writeTimeout,
        readTimeout,
        heartbeatInterval,
        heartbeatMisses,
        keepAlive,
        noDelay,
        tls,
        inboundCapacity);
  }

  /**
   * Returns a copy with other TLS settings.
   *
   * @param newTls the TLS settings
   * @return the copy
   */
  public TcpOptions withTls(TlsSettings newTls) {
    return new TcpOptions(
        framing,
        delimiter,
        maxFrameBytes,
        writeTimeout,
        readTimeout,
        heartbeatInterval,
        heartbeatMisses,
        keepAlive,
        noDelay,
        newTls,
        inboundCapacity);
  }

  /**
   * Returns a copy with other heartbeats.
   *
   * @param interval the heartbeat interval; zero turns heartbeats off
   * @param misses how many intervals may pass without a byte received
   * @return the copy
   */
  public TcpOptions withHeartbeat(Duration interval, int misses) {
    return new TcpOptions(
        framing,
        delimiter,
        maxFrameBytes,
        writeTimeout,
        readTimeout,
        interval,
        misses,
        keepAlive,
        noDelay,
        tls,
        inboundCapacity);
  }

  /**
   * Returns a copy with other timeouts.
   *
   * @param write the write timeout
   * @param read the read timeout; zero turns it off
   * @return the copy
   */
  public TcpOptions withTimeouts(Duration write, Duration read) {
    return new TcpOptions(
        framing,
        delimiter,
        maxFrameBytes,
        write,
        read,
        heartbeatInterval,
        heartbeatMisses,
        keepAlive,
        noDelay,
        tls,
        inboundCapacity);
  }

  /**
   * Returns a copy with another receive buffer capacity.
   *
   * @param capacity how many received messages may wait to be read
   * @return the copy
   */
  public TcpOptions withInboundCapacity(int capacity) {
    return new TcpOptions(
        framing,
        delimiter,
        maxFrameBytes,
        writeTimeout,
        readTimeout,
        heartbeatInterval,
        heartbeatMisses,
        keepAlive,
        noDelay,
        tls,
        capacity);
  }

  private static void requirePositive(Duration value, String key) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new ConfigurationException(null, key + " must be positive, not " + value);
    }
  }

  private static void requireNotNegative(Duration value, String key) {
    if (value == null || value.isNegative()) {
      throw new ConfigurationException(null, key + " must not be negative, not " + value);
    }
  }
}
