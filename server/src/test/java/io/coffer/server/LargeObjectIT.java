package io.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aliyun.oss.OSS;
import com.aliyun.oss.common.utils.IOUtils;
import com.aliyun.oss.internal.OSSUtils;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PutObjectResult;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.CofferProcess;
import io.coffer.server.testing.DataDir;
import io.coffer.server.testing.GeneratedStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 5 GiB PutObject (OSS's largest) streamed by the SDK from a generated stream into a server whose
 * heap is 128 MiB, then read back streaming: the server cannot have buffered the body, and every byte
 * round-trips: SDK CRC-64 checks on both legs, the bytes read equal the regenerated stream, and
 * their MD5 equals the ETag the server computed while writing.
 *
 * <p>{@code -Dcoffer.it.largeObjectBytes=N} runs it with a smaller object (the run is skipped when
 * the temporary file system lacks room).
 */
class LargeObjectIT {
  private static final long SIZE = Long.getLong("coffer.it.largeObjectBytes", 5L * 1024 * 1024 * 1024);
  private static final long SEED = 0x5EED_0F_C0FFE7L;
  private static final int BUFFER_BYTES = 256 * 1024;

  private Path dataDir;
  private CofferProcess coffer;

  @BeforeEach
  void createDataDir() throws Exception {
    dataDir = Files.createTempDirectory("coffer-large-");
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (coffer != null) coffer.close();
    CofferExtension.deleteTree(dataDir);
  }

  @Test
  void putObject5GiB_intoSmallHeapServer_streamsAndReadsBackExactly() throws Exception {
    long free = Files.getFileStore(dataDir).getUsableSpace();
    assumeTrue(free > SIZE + (2L << 30), "needs " + SIZE + " bytes plus 2 GiB free in " + dataDir + ", has " + free);
    coffer = CofferProcess.start(dataDir, "-Xmx128m");
    OSS oss = coffer.client();
    oss.createBucket("large");

    long t0 = System.nanoTime();
    ObjectMetadata meta = new ObjectMetadata();
    meta.setContentLength(SIZE);
    PutObjectResult put;
    // The SDK compares its CRC-64 of the sent bytes with the server's x-oss-hash-crc64ecma.
    try (InputStream body = new GeneratedStream(SIZE, SEED)) {
      put = oss.putObject("large", "big.bin", body, meta);
    }
    long t1 = System.nanoTime();
    assertThat(coffer.process().isAlive()).isTrue();
    assertThat(DataDir.tmpFiles(dataDir)).isEmpty();

    MessageDigest readMd5 = MessageDigest.getInstance("MD5");
    long read = 0;
    try (OSSObject o = oss.getObject("large", "big.bin");
        GeneratedStream expected = new GeneratedStream(SIZE, SEED)) {
      assertThat(o.getObjectMetadata().getContentLength()).isEqualTo(SIZE);
      InputStream in = o.getObjectContent();
      byte[] got = new byte[BUFFER_BYTES];
      byte[] want = new byte[BUFFER_BYTES];
      int n;
      while ((n = in.read(got)) > 0) {
        assertThat(expected.readNBytes(want, 0, n)).isEqualTo(n);
        if (!Arrays.equals(got, 0, n, want, 0, n)) {
          throw new AssertionError("content differs within bytes " + read + ".." + (read + n));
        }
        readMd5.update(got, 0, n);
        read += n;
      }
      OSSUtils.checkChecksum(IOUtils.getCRCValue(in), o.getObjectMetadata().getServerCRC(), o.getRequestId());
    }
    long t2 = System.nanoTime();
    assertThat(read).isEqualTo(SIZE);
    assertThat(HexFormat.of().formatHex(readMd5.digest())).isEqualToIgnoringCase(put.getETag());
    System.out.printf("LargeObjectIT: %d bytes, PUT %.1f MiB/s, GET %.1f MiB/s, server peak RSS %s%n", SIZE,
        mibPerSecond(SIZE, t1 - t0), mibPerSecond(SIZE, t2 - t1), peakRss(coffer.process().pid()));
    assertThat(coffer.terminate()).isIn(0, 143);
  }

  private static double mibPerSecond(long bytes, long nanos) {
    return bytes / 1048576.0 / (nanos / 1e9);
  }

  private static String peakRss(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmHWM"))
          .map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
    } catch (Exception e) {
      return "unknown";
    }
  }
}
