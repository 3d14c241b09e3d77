package io.coffer.bench;

import com.aliyun.oss.common.utils.CRC64;
import io.coffer.core.hash.Crc64;
import java.security.MessageDigest;
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
 * The per-byte cost every PutObject pays before any I/O: MD5 for the ETag and CRC-64/XZ for
 * {@code x-oss-hash-crc64ecma}, alone and together, at the write path's 64 KiB buffer and at 1 MiB.
 * The SDK's own CRC-64 is measured as a yardstick. One operation hashes one buffer; MiB/s is
 * {@code ops/s × bufferBytes / 2^20}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HashBenchmark {
  @Param({"65536", "1048576"})
  int bufferBytes;

  private byte[] buffer;
  private MessageDigest md5;
  private long crc;
  private final CRC64 sdkCrc = new CRC64();

  @Setup
  public void setUp() throws Exception {
    buffer = new byte[bufferBytes];
    new SplittableRandom(42).nextBytes(buffer);
    md5 = MessageDigest.getInstance("MD5");
  }

  @Benchmark
  public long crc64() {
    crc = Crc64.update(crc, buffer, 0, buffer.length);
    return crc;
  }

  @Benchmark
  public long sdkCrc64() {
    sdkCrc.update(buffer, 0, buffer.length);
    return sdkCrc.getValue();
  }

  @Benchmark
  public MessageDigest md5() {
    md5.update(buffer, 0, buffer.length);
    return md5;
  }

  /** What HashingInputStream does per chunk on the PUT path. */
  @Benchmark
  public long md5AndCrc64() {
    md5.update(buffer, 0, buffer.length);
    crc = Crc64.update(crc, buffer, 0, buffer.length);
    return crc;
  }
}
