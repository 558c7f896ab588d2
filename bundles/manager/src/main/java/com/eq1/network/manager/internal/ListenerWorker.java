package com.eq1.network.manager.internal;

import com.eq1.network.api.PacketException;
import com.eq1.network.api.ReqResProtocol;
import com.eq1.network.packet.FrameDecoder;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The Listener of a network handler: one thread that reads the protocol with a timeout and feeds
 * what arrives to the stream's {@link FrameDecoder}; complete payloads go to the handler, on this
 * thread, which must hand application callbacks to another one. A framing error is reported and the
 * decoder reset, so the next read starts afresh.
 */
public final class ListenerWorker implements Runnable {

  /** What the Listener reports. Called on the Listener's thread. */
  public interface Hooks {

    /** Bytes arrived from the peer. */
    void heard();

    /**
     * A complete frame payload arrived.
     *
     * @param payload the payload, owned by the receiver
     */
    void payload(byte[] payload);

    /**
     * The stream held malformed framing; the decoder was reset.
     *
     * @param error what was wrong
     */
    void framingError(PacketException error);
  }

  private final ReqResProtocol protocol;
  private final FrameDecoder decoder;
  private final Duration readTimeout;
  private final Hooks hooks;
  private final Consumer<byte[]> sink;
  private volatile boolean running = true;

  /**
   * Creates the worker; run it on its own thread.
   *
   * @param protocol the protocol to read
   * @param decoder the stream's decoder, used by this worker only
   * @param readTimeout how long one read waits
   * @param hooks what to report to
   */
  public ListenerWorker(
      ReqResProtocol protocol, FrameDecoder decoder, Duration readTimeout, Hooks hooks) {
    this.protocol = protocol;
    this.decoder = decoder;
    this.readTimeout = readTimeout;
    this.hooks = hooks;
    this.sink = hooks::payload;
  }

  /** Makes {@link #run()} return after the read in progress. */
  public void stop() {
    running = false;
  }

  @Override
  public void run() {
    while (running) {
      Optional<byte[]> chunk = protocol.read(readTimeout);
      if (chunk.isEmpty()) {
        Thread.interrupted(); // only close() interrupts, and it stops the loop first
        continue;
      }
      hooks.heard();
      try {
        decoder.decode(chunk.get(), sink);
      } catch (PacketException e) {
        if (decoder.isClosed()) {
          decoder.reset();
        }
        hooks.framingError(e);
      }
    }
  }
}
