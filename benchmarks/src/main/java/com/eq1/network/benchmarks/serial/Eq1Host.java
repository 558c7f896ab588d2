package com.eq1.network.benchmarks.serial;

import com.eq1.network.serial.AtCommandClient;
import com.eq1.network.serial.AtResponse;
import com.eq1.network.serial.SerialFraming;
import com.eq1.network.serial.SerialPorts;
import com.eq1.network.serial.SerialProtocol;
import com.eq1.network.serial.SerialSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * EQ-1's side: a {@link SerialProtocol} with the bundle's defaults (9600 8N1, which a pty ignores;
 * 10,000 inbound messages; 5 s write timeout) in the mode's framing, read by the calling thread
 * with {@code read(Duration)}; in {@link HostSide.Mode#AT} an {@link AtCommandClient} on it.
 */
final class Eq1Host implements HostSide {

  private static final Duration STALL = Duration.ofSeconds(10);

  private final SerialProtocol serial;
  private final AtCommandClient modem;

  Eq1Host(PtyPair pair, SerialPorts ports, Mode mode) {
    SerialSettings settings =
        SerialSettings.builder("bench", pair.port().toString())
            .framing(
                switch (mode) {
                  case RAW -> SerialFraming.RAW;
                  case LENGTH -> SerialFraming.LENGTH;
                  case AT -> SerialFraming.DELIMITED;
                })
            .delimiter("crlf")
            .build();
    this.serial = new SerialProtocol(settings, ports);
    serial.connect();
    this.modem = mode == Mode.AT ? new AtCommandClient(serial, STALL) : null;
  }

  @Override
  public String label() {
    return "eq1";
  }

  @Override
  public void send(byte[] payload, byte[] framed) {
    serial.send(payload);
  }

  @Override
  public long receive(long payloadBytes, long wireBytes) throws IOException {
    long received = 0;
    long messages = 0;
    while (received < payloadBytes) {
      Optional<byte[]> message = serial.read(STALL);
      if (message.isEmpty()) {
        throw new IOException(
            "eq1 received " + received + " of " + payloadBytes + " bytes, then nothing");
      }
      received += message.get().length;
      messages++;
    }
    return messages;
  }

  @Override
  public void at() throws IOException {
    AtResponse response = modem.execute("AT");
    if (!response.isOk()) {
      throw new IOException("AT answered " + response);
    }
  }

  @Override
  public void close() {
    if (modem != null) {
      modem.close();
    }
    serial.close();
  }
}
