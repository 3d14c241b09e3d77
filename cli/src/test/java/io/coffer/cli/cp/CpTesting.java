package io.coffer.cli.cp;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.utils.CRC64;
import io.coffer.cli.testing.CliServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Shared helpers of the cp integration tests: seeded file contents and a direct SDK client. */
final class CpTesting {
  /** Small enough to keep tests fast, big enough for OSS (every part but the last >= 100 KB). */
  static final int PART = 256 * 1024;
  static final String[] MULTIPART = {"--bigfile-threshold", Integer.toString(PART), "--part-size",
      Integer.toString(PART)};

  private CpTesting() {}

  /** The official SDK straight at the server (the tests' own view, independent of the CLI). */
  static OSS sdk(CliServer coffer) {
    return new OSSClientBuilder().build(coffer.endpoint(), CliServer.ACCESS_KEY_ID, CliServer.ACCESS_KEY_SECRET);
  }

  static byte[] bytes(long seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static Path file(Path path, byte[] content) throws IOException {
    Files.createDirectories(path.toAbsolutePath().getParent());
    return Files.write(path, content);
  }

  static byte[] read(OSS oss, String bucket, String key) throws IOException {
    try (InputStream in = oss.getObject(bucket, key).getObjectContent()) {
      return in.readAllBytes();
    }
  }

  static long crc64(byte[] b) {
    CRC64 c = new CRC64();
    c.update(b, b.length);
    return c.getValue();
  }

  static String[] args(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
