package io.coffer.bench;

import io.coffer.core.crypto.CipherSuite;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.SealingOutputStream;
import io.coffer.core.crypto.SegmentLayout;
import io.coffer.core.sse.DataKeyWrapper;
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
 * The fixed per-request cost of encryption, which small objects pay in full: unwrapping an
 * object's data key (what every GET of an encrypted object does first), and sealing or opening a
 * 4 KiB blob (salt, HKDF, cipher set-up, buffers, one segment).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SealedSmallBlobBenchmark {
  private static final byte[] CONTEXT = "coffer:blob:bench".getBytes(StandardCharsets.US_ASCII);

  @Param({"AES_256_GCM", "SM4_GCM"})
  CipherSuite suite;

  private final SecureRandom random = new SecureRandom();
  private final byte[] plaintext = new byte[4096];
  private final byte[] buffer = new byte[64 * 1024];
  private KeyMaterial key;
  private KeyMaterial master;
  private byte[] wrapped;
  private final byte[] binding = "coffer:sse:v1\0OSS\0AES256\0bucket\0key\0".getBytes(StandardCharsets.US_ASCII);
  private final DataKeyWrapper wrapper = new DataKeyWrapper(random);
  private SealedBlobBenchmark.ArrayOutput sink;
  private byte[] blob;

  @Setup
  public void setUp() throws IOException {
    new SplittableRandom(9).nextBytes(plaintext);
    key = KeyMaterial.random(random, 32);
    master = KeyMaterial.random(random, 32);
    wrapped = wrapper.wrap(master, key, binding);
    sink = new SealedBlobBenchmark.ArrayOutput(new byte[(int) new SegmentLayout(suite).ciphertextLength(plaintext.length)]);
    seal4KiB();
    blob = sink.bytes.clone();
  }

  @Benchmark
  public int seal4KiB() throws IOException {
    sink.position = 0;
    try (SealingOutputStream out = new SealingOutputStream(sink, suite, key, CONTEXT, random)) {
      out.write(plaintext);
    }
    return sink.position;
  }

  @Benchmark
  public long open4KiB() throws IOException {
    return SealedBlobBenchmark.openRange(blob, suite, key, plaintext.length, 0, plaintext.length, buffer);
  }

  /** Independent of the suite (data keys are wrapped with AES-256-GCM); run with -p suite=AES_256_GCM. */
  @Benchmark
  public int unwrapDataKey() throws Exception {
    try (KeyMaterial k = wrapper.unwrap(master, wrapped, binding)) {
      return k.length();
    }
  }
}
