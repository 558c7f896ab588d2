package com.eq1.network.benchmarks;

import com.eq1.network.packet.FrameDecoder;
import com.eq1.network.packet.NetworkPacketStructure;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The length-prefixed frame codec, {@link NetworkPacketStructure}: one operation is one frame, in
 * every benchmark, so the scores are frames per second and {@code -prof gc}'s {@code
 * gc.alloc.rate.norm} is bytes allocated per frame.
 *
 * <ul>
 *   <li>{@code encodeDecode}: {@code toPacket(payload)}, then that frame fed to a long-lived
 *       decoder: two copies of the payload (one to encode, one to decode).
 *   <li>{@code decodeBatch}: a pre-built buffer of back-to-back frames decoded in one call, as when
 *       a read returns many small frames at once.
 *   <li>{@code decodeSlices}: the same buffer fed in 1460-byte slices (a TCP MSS), so frames and
 *       headers straddle chunks and the decoder keeps partial frames between calls.
 * </ul>
 *
 * <p>The two decode benchmarks handle {@value #FRAMES_PER_OP} frames per invocation. The buffer
 * holds all of them for small payloads (1,024 frames of 100 bytes: 104 KiB) and 16 for 64 KiB
 * payloads (1 MiB), fed {@code 1024 / 16 = 64} times. The sink hands each payload to a {@link
 * Blackhole}; it is one object made at set-up, so a frame allocates nothing but its payload array.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PacketCodecBenchmark {

  /** Frames decoded per invocation of {@code decodeBatch} and {@code decodeSlices}. */
  static final int FRAMES_PER_OP = 1024;

  /** The slice size of {@code decodeSlices}: a TCP maximum segment size on Ethernet. */
  static final int SLICE = 1460;

  /** The pre-built buffer holds at most this many bytes (and at most {@link #FRAMES_PER_OP}). */
  private static final int BUFFER_BUDGET = 2 * 1024 * 1024;

  @Param({"100", "65536"})
  public int payloadSize;

  private final NetworkPacketStructure structure = new NetworkPacketStructure();
  private byte[] payload;
  private byte[] batch;
  private int passes;
  private FrameDecoder decoder;
  private Consumer<byte[]> sink;

  /** Hands every payload to the benchmark's {@link Blackhole}; made once, not per frame. */
  private static final class BlackholeSink implements Consumer<byte[]> {
    private final Blackhole blackhole;

    BlackholeSink(Blackhole blackhole) {
      this.blackhole = blackhole;
    }

    @Override
    public void accept(byte[] decoded) {
      blackhole.consume(decoded);
    }
  }

  @Setup(Level.Trial)
  public void setUp(Blackhole blackhole) {
    payload = new byte[payloadSize];
    new SplittableRandom(42).nextBytes(payload);
    byte[] frame = structure.toPacket(payload);
    int perBuffer =
        Integer.highestOneBit(Math.max(1, Math.min(FRAMES_PER_OP, BUFFER_BUDGET / frame.length)));
    passes = FRAMES_PER_OP / perBuffer;
    batch = new byte[perBuffer * frame.length];
    for (int i = 0; i < perBuffer; i++) {
      System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
    }
    decoder = structure.newDecoder("bench");
    sink = new BlackholeSink(blackhole);
    verify();
  }

  /** Checks once, before measuring, that the buffer decodes to the payload, whole and sliced. */
  private void verify() {
    int[] seen = new int[1];
    Consumer<byte[]> check =
        decoded -> {
          if (!Arrays.equals(decoded, payload)) {
            throw new IllegalStateException("decoded payload differs from the one encoded");
          }
          seen[0]++;
        };
    for (int pass = 0; pass < passes; pass++) {
      decoder.decode(batch, 0, batch.length, check);
      for (int pos = 0; pos < batch.length; pos += SLICE) {
        decoder.decode(batch, pos, Math.min(SLICE, batch.length - pos), check);
      }
    }
    if (seen[0] != 2 * FRAMES_PER_OP || decoder.buffered() != 0) {
      throw new IllegalStateException(
          seen[0] + " frames decoded, " + decoder.buffered() + " bytes left over");
    }
  }

  /** Every invocation ends on a frame boundary: nothing may be left over. */
  @TearDown(Level.Iteration)
  public void checkDrained() {
    if (decoder.buffered() != 0 || decoder.isClosed()) {
      throw new IllegalStateException(
          "decoder left " + decoder.buffered() + " bytes, closed=" + decoder.isClosed());
    }
  }

  /** Encode one frame and decode it again. */
  @Benchmark
  public int encodeDecode() {
    byte[] frame = structure.toPacket(payload);
    return decoder.decode(frame, 0, frame.length, sink);
  }

  /** Decode back-to-back frames handed over in one call per buffer. */
  @Benchmark
  @OperationsPerInvocation(FRAMES_PER_OP)
  public int decodeBatch() {
    int frames = 0;
    for (int pass = 0; pass < passes; pass++) {
      frames += decoder.decode(batch, 0, batch.length, sink);
    }
    return frames;
  }

  /** Decode the same frames fed in 1460-byte slices. */
  @Benchmark
  @OperationsPerInvocation(FRAMES_PER_OP)
  public int decodeSlices() {
    int frames = 0;
    for (int pass = 0; pass < passes; pass++) {
      for (int pos = 0; pos < batch.length; pos += SLICE) {
        frames += decoder.decode(batch, pos, Math.min(SLICE, batch.length - pos), sink);
      }
    }
    return frames;
  }
}
