package io.coffer.server.sse;

import static io.coffer.server.sse.SseTesting.SEGMENT;
import static io.coffer.server.sse.SseTesting.TAG;
import static io.coffer.server.sse.SseTesting.blobFiles;
import static io.coffer.server.sse.SseTesting.firstSegmentBytes;
import static io.coffer.server.sse.SseTesting.in;
import static io.coffer.server.sse.SseTesting.ossError;
import static io.coffer.server.sse.SseTesting.random;
import static io.coffer.server.sse.SseTesting.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.OSSObject;
import io.coffer.server.testing.CofferExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sealed blobs are authenticated, not just hidden: a changed, truncated or swapped blob is never
 * served as plaintext (docs/crypto-format.md, threat model). A read that touches a damaged segment
 * fails; a range that touches only intact segments still succeeds.
 */
class SseIntegrityIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "sse-integrity";
  static final int SIZE = 300_000;
  static OSS oss;

  @BeforeAll
  static void setUp() {
    oss = coffer.client();
    oss.createBucket(BUCKET);
  }

  /** Puts an encrypted object and returns its one blob file. */
  static Path put(String key, String alg, byte[] data) {
    List<Path> before = blobFiles(coffer.dataDir());
    oss.putObject(BUCKET, key, in(data), SseTesting.sse(alg));
    List<Path> added = new ArrayList<>(blobFiles(coffer.dataDir()));
    added.removeAll(before);
    assertThat(added).hasSize(1);
    return added.get(0);
  }

  static byte[] range(String key, long first, long last) throws Exception {
    GetObjectRequest r = new GetObjectRequest(BUCKET, key);
    r.setRange(first, last);
    try (OSSObject o = oss.getObject(r)) {
      return o.getObjectContent().readAllBytes();
    }
  }

  static void flipByte(Path blob, long offset) throws Exception {
    byte[] b = Files.readAllBytes(blob);
    b[(int) offset] ^= 0x40;
    Files.write(blob, b);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void flippedByteInOneSegment_failsReadsOfThatSegmentOnly(String alg) throws Exception {
    byte[] data = random(SIZE, 1);
    String key = "flip/" + alg;
    Path blob = put(key, alg, data);
    int s0 = firstSegmentBytes(alg);
    // Segment 2 holds plaintext [s0 + 65536, s0 + 131072); its ciphertext starts at 2 * 65,552.
    long segment2 = 2L * (SEGMENT + TAG);
    flipByte(blob, segment2 + 100);

    assertThat(range(key, 0, 999)).isEqualTo(Arrays.copyOfRange(data, 0, 1000));
    long tail = s0 + 2L * SEGMENT;
    assertThat(range(key, tail, SIZE - 1)).isEqualTo(Arrays.copyOfRange(data, (int) tail, SIZE));
    assertThatThrownBy(() -> range(key, s0 + SEGMENT, s0 + SEGMENT + 10)).isInstanceOf(Exception.class);
    // A whole read fails once it reaches the damage: the SDK never gets the full, CRC-valid body.
    assertThatThrownBy(() -> read(oss, BUCKET, key)).isInstanceOf(Exception.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void damagedFirstSegment_isAnInternalErrorBeforeAnyByteIsSent(String alg) throws Exception {
    byte[] data = random(5000, 2);
    String key = "first/" + alg;
    Path blob = put(key, alg, data);
    flipByte(blob, Files.size(blob) - 1); // the tag of the only segment
    double before = integrityFailuresMetric();
    assertThat(ossError(() -> read(oss, BUCKET, key)).getErrorCode()).isEqualTo("InternalError");
    // Counted, and visible to monitoring on the console port.
    assertThat(integrityFailuresMetric()).isGreaterThan(before);
  }

  /** coffer_integrity_failures_total from GET /metrics on the console port. */
  static double integrityFailuresMetric() throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            "http://127.0.0.1:" + coffer.server().consolePort() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    for (String line : r.body().split("\n")) {
      if (line.startsWith("coffer_integrity_failures_total ")) return Double.parseDouble(line.split(" ")[1]);
    }
    throw new AssertionError("no coffer_integrity_failures_total in /metrics");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void blobsSwappedBetweenObjects_openForNeither(String alg) throws Exception {
    byte[] a = random(4000, 3);
    byte[] b = random(4000, 4);
    Path blobA = put("swap/a/" + alg, alg, a);
    Path blobB = put("swap/b/" + alg, alg, b);
    Path tmp = blobA.resolveSibling("swap.tmp");
    Files.move(blobA, tmp);
    Files.move(blobB, blobA);
    Files.move(tmp, blobB, StandardCopyOption.ATOMIC_MOVE);
    assertThat(ossError(() -> read(oss, BUCKET, "swap/a/" + alg)).getErrorCode()).isEqualTo("InternalError");
    assertThat(ossError(() -> read(oss, BUCKET, "swap/b/" + alg)).getErrorCode()).isEqualTo("InternalError");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void copyOfADamagedObject_failsAsAnIntegrityErrorAndWritesNoDestination(String alg) throws Exception {
    byte[] data = random(SIZE, 5);
    String key = "copy-src/" + alg;
    Path blob = put(key, alg, data);
    flipByte(blob, Files.size(blob) - 20); // in the last segment: the copy has streamed the rest by then
    List<Path> blobsBefore = blobFiles(coffer.dataDir());
    for (String target : new String[] {null, "AES256", "SM4"}) {
      CopyObjectRequest c = new CopyObjectRequest(BUCKET, key, BUCKET, "copy-dst/" + alg);
      if (target != null) c.setServerSideEncryption(target);
      OSSException e = ossError(() -> oss.copyObject(c));
      assertThat(e.getErrorCode()).isEqualTo("InternalError");
      assertThat(e.getErrorMessage()).contains("integrity");
      assertThat(oss.doesObjectExist(BUCKET, "copy-dst/" + alg)).isFalse();
    }
    String id = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "part-dst/" + alg))
        .getUploadId();
    OSSException e = ossError(() -> oss.uploadPartCopy(new UploadPartCopyRequest(BUCKET, key, BUCKET,
        "part-dst/" + alg, id, 1, 0L, (long) SIZE)));
    assertThat(e.getErrorMessage()).contains("integrity");
    assertThat(oss.listParts(new ListPartsRequest(BUCKET, "part-dst/" + alg, id)).getParts()).isEmpty();
    assertThat(blobFiles(coffer.dataDir())).isEqualTo(blobsBefore);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void truncatedBlob_isRefused(String alg) throws Exception {
    byte[] data = random(SIZE, 6);
    String key = "truncated/" + alg;
    Path blob = put(key, alg, data);
    byte[] b = Files.readAllBytes(blob);
    Files.write(blob, Arrays.copyOf(b, b.length - SEGMENT));
    assertThatThrownBy(() -> read(oss, BUCKET, key)).isInstanceOf(Exception.class);
    assertThatThrownBy(() -> range(key, SIZE - 10, SIZE - 1)).isInstanceOf(Exception.class);
  }
}
