package io.coffer.server.sse;

import static io.coffer.server.testing.SignedRawRequest.xmlElement;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.GenericResult;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Shared helpers of the SSE integration tests. Expected values (digests, layouts, markers) are
 * computed here from the spec, never read back from Coffer.
 */
final class SseTesting {
  static final String SSE = "x-oss-server-side-encryption";
  static final String SSE_KEY_ID = "x-oss-server-side-encryption-key-id";
  static final String SSE_DATA = "x-oss-server-side-data-encryption";
  static final List<String> SSE_HEADERS = List.of(SSE, SSE_KEY_ID, SSE_DATA);

  /** The message every InvalidEncryptionAlgorithmError starts with (oss-api.md §4.5). */
  static final String INVALID_ALGORITHM_MESSAGE = "The Encryption request you specified is not valid. Supported value: AES25";

  /** Magic of a sealed blob (docs/crypto-format.md). */
  static final byte[] SEALED_MAGIC = "CFSB".getBytes(StandardCharsets.US_ASCII);

  /** Plaintext per later segment and the tag after every segment (docs/crypto-format.md). */
  static final int SEGMENT = 65_536;
  static final int TAG = 16;

  private SseTesting() {}

  /** The SSE-OSS algorithms every test runs with. */
  static Stream<String> algorithms() {
    return Stream.of("AES256", "SM4");
  }

  /** Plaintext bytes in segment 0 of a sealed blob: 65,552 − 12-byte prefix − (1 + K + 7) − 16. */
  static int firstSegmentBytes(String algorithm) {
    int k = algorithm.equals("AES256") ? 32 : 16;
    return 65_552 - 12 - (1 + k + 7) - TAG;
  }

  /** The size of the sealed blob holding {@code n} plaintext bytes. */
  static long sealedLength(String algorithm, long n) {
    int k = algorithm.equals("AES256") ? 32 : 16;
    long s0 = firstSegmentBytes(algorithm);
    long segments = n <= s0 ? 1 : 1 + (n - s0 + SEGMENT - 1) / SEGMENT;
    return 12 + 1 + k + 7 + n + TAG * segments;
  }

  static ObjectMetadata sse(String algorithm) {
    ObjectMetadata m = new ObjectMetadata();
    m.setServerSideEncryption(algorithm);
    return m;
  }

  static ByteArrayInputStream in(byte[] data) {
    return new ByteArrayInputStream(data);
  }

  /** Reads an object whole through the SDK, which checks the CRC-64 of what it read. */
  static byte[] read(OSS oss, String bucket, String key) {
    try (OSSObject o = oss.getObject(bucket, key)) {
      return o.getObjectContent().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts the SSE response headers are exactly {@code x-oss-server-side-encryption: algorithm} (or none for null). */
  static void assertSse(Map<String, String> headers, String algorithm) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    if (algorithm == null) {
      assertThat(h).doesNotContainKeys(SSE, SSE_KEY_ID, SSE_DATA);
    } else {
      assertThat(h).containsEntry(SSE, algorithm).doesNotContainKeys(SSE_KEY_ID, SSE_DATA);
    }
  }

  /**
   * Asserts the SSE headers of an SDK result's response. The SDK keeps the response of most
   * results; PutObject and CompleteMultipartUpload keep it when the request has a process set
   * (empty is enough), as the SDK's own ObjectEncryptionTest does.
   */
  static void assertSse(GenericResult r, String algorithm) {
    assertThat(r.getResponse()).as("the SDK kept the response").isNotNull();
    assertSse(r.getResponse().getHeaders(), algorithm);
  }

  static void assertSse(HttpResponse<?> r, String algorithm) {
    for (String name : SSE_HEADERS) {
      if (algorithm != null && name.equals(SSE)) {
        assertThat(r.headers().allValues(name)).as(name).containsExactly(algorithm);
      } else {
        assertThat(r.headers().firstValue(name)).as(name).isEmpty();
      }
    }
  }

  /** The OSS error an SDK call failed with. */
  static OSSException ossError(Runnable call) {
    try {
      call.run();
    } catch (OSSException e) {
      assertThat(e.getRequestId()).matches("[0-9A-F]{24}");
      return e;
    }
    throw new AssertionError("expected an OSSException");
  }

  static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(xmlElement(r.body(), "Code")).as(r.body()).isEqualTo(code);
    assertThat(r.headers().firstValue("x-oss-request-id")).hasValueSatisfying(id -> assertThat(id).hasSize(24));
  }

  /** A fresh marker that occurs in no file unless a test wrote it. */
  static String marker() {
    return "CofferPlaintextMarker-" + UUID.randomUUID();
  }

  /** {@code n} bytes made of the marker repeated, so it sits at every alignment to segments and parts. */
  static byte[] markerContent(String marker, int n) {
    byte[] m = (marker + "|").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) out[i] = m[i % m.length];
    return out;
  }

  /** Every regular file under {@code dir} whose bytes contain {@code marker}. */
  static List<Path> filesContaining(Path dir, String marker) {
    return filesContaining(dir, List.of(marker)).get(marker);
  }

  /** For each marker, every regular file under {@code dir} whose bytes contain it; each file is read once. */
  static Map<String, List<Path>> filesContaining(Path dir, List<String> markers) {
    Map<String, List<Path>> hits = new java.util.LinkedHashMap<>();
    for (String m : markers) hits.put(m, new ArrayList<>());
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] content;
        try {
          content = Files.readAllBytes(f);
        } catch (java.nio.file.NoSuchFileException gone) {
          continue; // a temp file or journal removed while we walked
        }
        for (String m : markers) {
          if (indexOf(content, m.getBytes(StandardCharsets.US_ASCII)) >= 0) hits.get(m).add(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return hits;
  }

  static int indexOf(byte[] hay, byte[] needle) {
    byte first = needle[0];
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (hay[i] != first) continue;
      for (int j = 1; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  /** The blob files under {@code <data-dir>/blobs}, by path. */
  static List<Path> blobFiles(Path dataDir) {
    try (Stream<Path> s = Files.walk(dataDir.resolve("blobs"))) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isSealed(Path blob) {
    try {
      byte[] head = new byte[SEALED_MAGIC.length];
      try (var in = Files.newInputStream(blob)) {
        if (in.readNBytes(head, 0, head.length) < head.length) return false;
      }
      return Arrays.equals(head, SEALED_MAGIC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  static byte[] concat(byte[]... chunks) {
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
}
