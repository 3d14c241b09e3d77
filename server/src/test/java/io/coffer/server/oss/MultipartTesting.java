package io.coffer.server.oss;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadResult;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/** Shared helpers of the multipart integration tests; every expected value is computed here, not by Coffer. */
final class MultipartTesting {
  /** OSS's smallest part that may be followed by another. */
  static final int MIN_PART = 102_400;

  private MultipartTesting() {}

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String md5Hex(byte[] data) {
    return HexFormat.of().withUpperCase().formatHex(md5(data));
  }

  static String md5Base64(byte[] data) {
    return Base64.getEncoder().encodeToString(md5(data));
  }

  /** {@code HEX(MD5(E1 ‖ … ‖ En))-n} over the listed parts' ETags (upper-case hex, no quotes), as OSS forms it. */
  static String multipartEtag(List<String> partEtags) {
    StringBuilder all = new StringBuilder();
    for (String e : partEtags) all.append(e.replace("\"", "").toUpperCase(Locale.ROOT));
    return md5Hex(all.toString().getBytes(StandardCharsets.US_ASCII)) + "-" + partEtags.size();
  }

  /** The number of blob files under {@code <data-dir>/blobs}. */
  static long blobFiles(Path dataDir) {
    try (Stream<Path> s = Files.walk(dataDir.resolve("blobs"))) {
      return s.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String initiate(OSS oss, String bucket, String key) {
    return oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, key)).getUploadId();
  }

  static PartETag uploadPart(OSS oss, String bucket, String key, String uploadId, int number, byte[] data) {
    UploadPartRequest r = new UploadPartRequest(bucket, key, uploadId, number, new ByteArrayInputStream(data),
        data.length);
    return oss.uploadPart(r).getPartETag();
  }

  static CompleteMultipartUploadResult complete(OSS oss, String bucket, String key, String uploadId,
      List<PartETag> parts) {
    return oss.completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, key, uploadId,
        new ArrayList<>(parts)));
  }

  /** The concatenation of {@code chunks}. */
  static byte[] concat(List<byte[]> chunks) {
    int n = 0;
    for (byte[] c : chunks) n += c.length;
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] c : chunks) {
      System.arraycopy(c, 0, out, at, c.length);
      at += c.length;
    }
    return out;
  }

  static byte[] slice(byte[] data, long first, long lastInclusive) {
    return Arrays.copyOfRange(data, (int) first, (int) lastInclusive + 1);
  }

  /** A CompleteMultipartUpload body listing {@code numbersAndEtags} as given: n1, e1, n2, e2, … */
  static String completeXml(Object... numbersAndEtags) {
    StringBuilder sb = new StringBuilder("<CompleteMultipartUpload>");
    for (int i = 0; i < numbersAndEtags.length; i += 2) {
      sb.append("<Part><PartNumber>").append(numbersAndEtags[i]).append("</PartNumber><ETag>\"")
          .append(numbersAndEtags[i + 1]).append("\"</ETag></Part>");
    }
    return sb.append("</CompleteMultipartUpload>").toString();
  }
}
