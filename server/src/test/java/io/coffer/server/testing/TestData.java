package io.coffer.server.testing;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.OSSObject;
import io.coffer.core.hash.Crc64;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

/** Seeded test bytes and the digests OSS reports for them, computed independently of the server. */
public final class TestData {
  private TestData() {}

  public static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  public static byte[] md5(byte[] b) {
    try {
      return MessageDigest.getInstance("MD5").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Upper-case hex MD5: an OSS ETag without its quotes. */
  public static String etag(byte[] b) {
    return HexFormat.of().withUpperCase().formatHex(md5(b));
  }

  public static String md5Base64(byte[] b) {
    return Base64.getEncoder().encodeToString(md5(b));
  }

  /** CRC-64/XZ as OSS's unsigned decimal header value. */
  public static String crc64(byte[] b) {
    return Long.toUnsignedString(Crc64.update(0, b, 0, b.length));
  }

  public static long crc64Value(byte[] b) {
    return Crc64.update(0, b, 0, b.length);
  }

  /** Reads an object whole through the SDK (CRC-checked by the SDK when the client has CRC on). */
  public static byte[] read(OSS oss, String bucket, String key) throws IOException {
    try (OSSObject o = oss.getObject(bucket, key)) {
      return o.getObjectContent().readAllBytes();
    }
  }
}
