package com.eq1.network.serial.internal;

import com.eq1.network.api.OversizedPacketException;
import com.eq1.network.packet.FrameDecoder;
import com.eq1.network.packet.RecoveryPolicy;
import com.eq1.network.packet.StreamingPacketStructure;
import com.eq1.network.serial.SerialFraming;
import com.eq1.network.serial.SerialSettings;

/**
 * The framing of one serial connection: frames outgoing payloads and makes a decoder for each time
 * the port is opened. Length and delimited framing are the packet layer's, shared with TCP.
 */
public final class SerialFramer {

  private final String connection;
  private final SerialFraming framing;
  private final StreamingPacketStructure structure;
  private final int maxPayload;

  /**
   * Creates the framing of a connection.
   *
   * @param settings the connection's settings
   */
  public SerialFramer(SerialSettings settings) {
    this.connection = settings.name();
    this.framing = settings.framing();
    this.structure = settings.structure();
    this.maxPayload = settings.maxFrameBytes();
  }

  /**
   * Returns the framing.
   *
   * @return the framing
   */
  public SerialFraming framing() {
    return framing;
  }

  /**
   * Frames one payload.
   *
   * @param payload the payload, not kept
   * @return the bytes to write: a new array
   * @throws OversizedPacketException if the payload exceeds {@code maxFrameBytes}
   * @throws com.eq1.network.api.PacketException if delimited framing cannot carry the payload
   */
  public byte[] encode(byte[] payload) {
    if (payload.length > maxPayload) {
      throw new OversizedPacketException(connection, payload.length, maxPayload);
    }
    return structure == null ? payload.clone() : structure.toPacket(payload);
  }

  /**
   * Returns a new decoder for one opening of the port. Bad input never closes a serial line: a
   * length header that cannot be right drops what is buffered and decoding starts again with the
   * next bytes; delimited framing skips to the next delimiter.
   *
   * @return the decoder, or {@code null} for raw and gap framing
   */
  public FrameDecoder newDecoder() {
    if (structure == null) {
      return null;
    }
    return structure.newDecoder(
        connection, framing == SerialFraming.LENGTH ? RecoveryPolicy.CLOSE : RecoveryPolicy.RESYNC);
  }
}
