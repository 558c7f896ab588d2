package com.eq1.network.serial;

import com.eq1.network.loopback.LoopbackReqResProtocol;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link ModemLine} over the device end of a loopback cable: each message the client sends is one
 * line, taken as it is (the client adds no line end, the framing would); each write is one message.
 */
final class LoopbackModemLine implements ModemLine {

  private final LoopbackReqResProtocol end;

  LoopbackModemLine(LoopbackReqResProtocol end) {
    this.end = end;
  }

  @Override
  public Optional<String> readLine(Duration timeout) {
    return end.read(timeout).map(bytes -> new String(bytes, StandardCharsets.US_ASCII));
  }

  @Override
  public void write(String text) {
    end.send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Override
  public void close() {
    // the cable's owner closes the end
  }
}
