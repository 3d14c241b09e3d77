package io.coffer.bench;

import io.coffer.core.crypto.CipherSuite;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.SealingOutputStream;
import io.coffer.core.crypto.SegmentLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
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
 * A 1 MiB read at a random odd (never segment-aligned) offset of a sealed blob of
 * {@code blobMiB}, held in memory: the crypto a ranged GET costs the server — header parse, HKDF,
 * cipher set-up, and the 17 segments the range overlaps. Should not depend on the blob's size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
public class SealedRangeBenchmark {
  private static final int MIB = 1024 * 1024;

  @Param({"AES_256_GCM", "SM4_GCM"})
  CipherSuite suite;

  @Param({"16", "1024"})
  int blobMiB;

  private KeyMaterial key;
  private byte[] blob;
  private long length;
  private final SplittableRandom offsets = new SplittableRandom(11);
  private final byte[] buffer = new byte[64 * 1024];

  @Setup
  public void setUp() throws IOException {
    SecureRandom random = new SecureRandom();
    key = KeyMaterial.random(random, 32);
    length = (long) blobMiB * MIB;
    byte[] pattern = new byte[MIB];
    new SplittableRandom(7).nextBytes(pattern);
    SealedBlobBenchmark.ArrayOutput out =
        new SealedBlobBenchmark.ArrayOutput(new byte[(int) new SegmentLayout(suite).ciphertextLength(length)]);
    byte[] context = "coffer:blob:bench".getBytes(StandardCharsets.US_ASCII);
    try (SealingOutputStream s = new SealingOutputStream(out, suite, key, context, random)) {
      for (long off = 0; off < length; off += pattern.length) s.write(pattern);
    }
    blob = out.bytes;
  }

  @Benchmark
  public long openRange() throws IOException {
    long first = offsets.nextLong(length - MIB) | 1;
    return SealedBlobBenchmark.openRange(blob, suite, key, length, first, MIB, buffer);
  }
}
