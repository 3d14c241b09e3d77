package io.coffer.bench;

import io.coffer.core.crypto.CipherSuite;
import io.coffer.core.crypto.CiphertextSpan;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.OpeningInputStream;
import io.coffer.core.crypto.SealingOutputStream;
import io.coffer.core.crypto.SegmentLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sealed-blob format itself (docs/crypto-format.md), as the object write and read paths drive
 * it: {@link SealingOutputStream} fed 64 KiB writes, and {@link OpeningInputStream} read into a
 * 64 KiB buffer, over whole blobs of 1 and 16 MiB, per cipher suite. Each operation includes the
 * per-blob work (salt, HKDF, cipher set-up, header). Time per operation; MiB/s = blob MiB ÷ s/op.
 * Ranged reads: {@link SealedRangeBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class SealedBlobBenchmark {
  private static final int CHUNK = 64 * 1024;
  private static final int MIB = 1024 * 1024;
  private static final byte[] CONTEXT = "coffer:blob:bench".getBytes(StandardCharsets.US_ASCII);

  @Param({"AES_256_GCM", "SM4_GCM"})
  CipherSuite suite;

  @Param({"1", "16"})
  int blobMiB;

  private final SecureRandom random = new SecureRandom();
  private KeyMaterial key;
  private byte[] plaintext;
  private byte[] blob;
  private ArrayOutput sink;
  private final byte[] buffer = new byte[CHUNK];

  @Setup
  public void setUp() throws IOException {
    key = KeyMaterial.random(random, 32);
    plaintext = new byte[blobMiB * MIB];
    new SplittableRandom(7).nextBytes(plaintext);
    long length = new SegmentLayout(suite).ciphertextLength(plaintext.length);
    sink = new ArrayOutput(new byte[(int) length]);
    seal();
    blob = sink.bytes.clone();
  }

  @Benchmark
  public int seal() throws IOException {
    sink.position = 0;
    try (SealingOutputStream out = new SealingOutputStream(sink, suite, key, CONTEXT, random)) {
      for (int off = 0; off < plaintext.length; off += CHUNK) out.write(plaintext, off, Math.min(CHUNK, plaintext.length - off));
    }
    return sink.position;
  }

  @Benchmark
  public long open() throws IOException {
    return openRange(blob, suite, key, plaintext.length, 0, plaintext.length, buffer);
  }

  /** Opens {@code [first, first + length)} of a sealed blob held in memory; returns a checksum of what was read. */
  static long openRange(byte[] blob, CipherSuite suite, KeyMaterial key, long plaintextLength, long first, long length,
      byte[] buffer) throws IOException {
    SegmentLayout layout = new SegmentLayout(suite);
    CiphertextSpan span = layout.span(plaintextLength, first, first + length - 1);
    InputStream ct = new ByteArrayInputStream(blob, (int) span.ciphertextOffset(), (int) span.ciphertextLength());
    long sum = 0;
    try (OpeningInputStream in = new OpeningInputStream(Arrays.copyOf(blob, layout.headerBytes()), ct, span,
        blob.length, plaintextLength, key, CONTEXT)) {
      int n;
      while ((n = in.read(buffer)) > 0) sum += n + buffer[0];
    }
    return sum;
  }

  /** Writes into a preallocated array, so the benchmark measures sealing, not array growth. */
  static final class ArrayOutput extends OutputStream {
    final byte[] bytes;
    int position;

    ArrayOutput(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public void write(int b) {
      bytes[position++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, bytes, position, len);
      position += len;
    }
  }
}
