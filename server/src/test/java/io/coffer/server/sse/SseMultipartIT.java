package io.coffer.server.sse;

import static io.coffer.server.sse.SseTesting.SSE;
import static io.coffer.server.sse.SseTesting.SSE_KEY_ID;
import static io.coffer.server.sse.SseTesting.assertError;
import static io.coffer.server.sse.SseTesting.assertSse;
import static io.coffer.server.sse.SseTesting.in;
import static io.coffer.server.sse.SseTesting.ossError;
import static io.coffer.server.sse.SseTesting.random;
import static io.coffer.server.sse.SseTesting.read;
import static io.coffer.server.testing.SignedRawRequest.xmlElement;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadResult;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadResult;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.SSEAlgorithm;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartCopyResult;
import com.aliyun.oss.model.UploadPartRequest;
import com.aliyun.oss.model.UploadPartResult;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.SignedRawRequest;
import io.coffer.server.testing.TestData;
import com.aliyun.oss.model.DownloadFileRequest;
import com.aliyun.oss.model.UploadFileRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Multipart uploads and SSE (oss-api.md §9, §10.2): the encryption is fixed at Initiate and echoed
 * on Initiate, every UploadPart and UploadPartCopy and Complete; SSE headers on UploadPart and
 * Complete are refused.
 */
class SseMultipartIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "sse-multipart";
  static final String DEFAULTS = "sse-multipart-defaults";
  static final byte[] PLAIN_SOURCE = random(300_000, 1);
  static final byte[] SM4_SOURCE = random(250_000, 2);
  static OSS v1;
  static OSS v4;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
    v1.createBucket(DEFAULTS);
    v1.putObject(BUCKET, "source/plain", in(PLAIN_SOURCE));
    v1.putObject(BUCKET, "source/sm4", in(SM4_SOURCE), SseTesting.sse("SM4"));
  }

  static void setDefault(String bucket, SSEAlgorithm alg) {
    ServerSideEncryptionConfiguration c = new ServerSideEncryptionConfiguration();
    c.setApplyServerSideEncryptionByDefault(new ServerSideEncryptionByDefault(alg));
    v1.setBucketEncryption(new SetBucketEncryptionRequest(bucket, c));
  }

  /** Initiates, asserting the response echoes the upload's SSE (the bucket default's when {@code alg} is null). */
  static String initiate(OSS oss, String bucket, String key, String alg) {
    InitiateMultipartUploadResult r = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, key,
        alg == null ? new ObjectMetadata() : SseTesting.sse(alg)));
    if (alg != null) assertSse(r, alg);
    return r.getUploadId();
  }

  static UploadPartResult uploadResult(OSS oss, String bucket, String key, String id, int n, byte[] data) {
    return oss.uploadPart(new UploadPartRequest(bucket, key, id, n, in(data), data.length));
  }

  static PartETag upload(OSS oss, String bucket, String key, String id, int n, byte[] data) {
    return uploadResult(oss, bucket, key, id, n, data).getPartETag();
  }

  static UploadPartCopyResult copyPart(OSS oss, String srcKey, String key, String id, int n, long begin, long size) {
    UploadPartCopyRequest r = new UploadPartCopyRequest(BUCKET, srcKey, BUCKET, key, id, n, begin, size);
    return oss.uploadPartCopy(r);
  }

  /** Completes through the SDK, which checks the combined CRC-64 against the server's when every part has one. */
  static CompleteMultipartUploadResult complete(OSS oss, String bucket, String key, String id, List<PartETag> parts) {
    return oss.completeMultipartUpload(new CompleteMultipartUploadRequest(bucket, key, id, new ArrayList<>(parts)));
  }

  /**
   * Completes with an empty process, which makes the SDK keep the response headers (as the SDK's
   * own ObjectEncryptionTest does) but also skip its CRC-64 bookkeeping.
   */
  static CompleteMultipartUploadResult completeKeepingHeaders(OSS oss, String bucket, String key, String id,
      List<PartETag> parts) {
    CompleteMultipartUploadRequest r = new CompleteMultipartUploadRequest(bucket, key, id, new ArrayList<>(parts));
    r.setProcess("");
    return oss.completeMultipartUpload(r);
  }

  static String completeXml(List<String[]> numbersAndEtags) {
    StringBuilder sb = new StringBuilder("<CompleteMultipartUpload>");
    for (String[] p : numbersAndEtags) {
      sb.append("<Part><PartNumber>").append(p[0]).append("</PartNumber><ETag>").append(p[1]).append("</ETag></Part>");
    }
    return sb.append("</CompleteMultipartUpload>").toString();
  }

  static ListMultipartUploadsRequest uploadsUnder(String prefix) {
    ListMultipartUploadsRequest r = new ListMultipartUploadsRequest(BUCKET);
    r.setPrefix(prefix);
    return r;
  }

  static byte[] slice(byte[] b, int from, int length) {
    return java.util.Arrays.copyOfRange(b, from, from + length);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void sdkUploadWithSse_partsReUploadedAndCopied_completesAndReadsBackWithCrcCheck(String alg) {
    for (OSS oss : List.of(v1, v4)) {
      String key = "sdk/" + alg + (oss == v1 ? "/v1" : "/v4");
      String id = initiate(oss, BUCKET, key, alg);
      byte[] p1 = random(102_400, 10);
      byte[] p2old = random(150_000, 11);
      byte[] p2 = random(131_072, 12);
      byte[] p4 = random(33_333, 14);
      List<PartETag> parts = new ArrayList<>();
      parts.add(upload(oss, BUCKET, key, id, 1, p1));
      assertSse(uploadResult(oss, BUCKET, key, id, 2, p2old), alg);
      UploadPartResult again = uploadResult(oss, BUCKET, key, id, 2, p2);
      assertSse(again, alg);
      parts.add(again.getPartETag());
      UploadPartCopyResult copied = copyPart(oss, "source/sm4", key, id, 3, 1000, 120_000);
      assertSse(copied, alg);
      parts.add(copied.getPartETag());
      parts.add(upload(oss, BUCKET, key, id, 4, p4));
      byte[] expected = SseTesting.concat(p1, p2, slice(SM4_SOURCE, 1000, 120_000), p4);
      if (oss == v1) {
        assertThat(complete(oss, BUCKET, key, id, parts).getServerCRC()).isEqualTo(TestData.crc64Value(expected));
      } else {
        assertSse(completeKeepingHeaders(oss, BUCKET, key, id, parts), alg);
      }
      ObjectMetadata m = oss.getObjectMetadata(BUCKET, key);
      assertThat(m.getServerSideEncryption()).isEqualTo(alg);
      assertThat(m.getObjectType()).isEqualTo("Multipart");
      assertThat(m.getContentLength()).isEqualTo(expected.length);
      assertThat(read(oss, BUCKET, key)).isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void everyMultipartResponse_echoesTheUploadsSse(String alg) throws Exception {
    String key = "raw/" + alg;
    HttpResponse<String> init = SignedRawRequest.of(coffer, "POST", BUCKET, key).query("uploads").header(SSE, alg)
        .send();
    assertThat(init.statusCode()).as(init.body()).isEqualTo(200);
    assertSse(init, alg);
    String id = xmlElement(init.body(), "UploadId");
    String query = "uploadId=" + id;

    byte[] p1 = random(110_000, 20);
    HttpResponse<String> part = SignedRawRequest.of(coffer, "PUT", BUCKET, key).query("partNumber=1&" + query)
        .body(p1).send();
    assertThat(part.statusCode()).isEqualTo(200);
    assertSse(part, alg);
    assertThat(part.headers().firstValue("x-oss-hash-crc64ecma")).hasValue(TestData.crc64(p1));
    HttpResponse<String> copy = SignedRawRequest.of(coffer, "PUT", BUCKET, key).query("partNumber=2&" + query)
        .header("x-oss-copy-source", "/" + BUCKET + "/source/plain").header("x-oss-copy-source-range", "bytes=0-99999")
        .send();
    assertThat(copy.statusCode()).as(copy.body()).isEqualTo(200);
    assertSse(copy, alg);
    String xml = completeXml(List.of(new String[] {"1", part.headers().firstValue("ETag").orElseThrow()},
        new String[] {"2", xmlElement(copy.body(), "ETag")}));
    HttpResponse<String> done = SignedRawRequest.of(coffer, "POST", BUCKET, key).query(query).body(xml).send();
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertSse(done, alg);
    byte[] expected = SseTesting.concat(p1, slice(PLAIN_SOURCE, 0, 100_000));
    assertThat(done.headers().firstValue("x-oss-hash-crc64ecma")).hasValue(TestData.crc64(expected));
    assertThat(read(v1, BUCKET, key)).isEqualTo(expected);
    HttpResponse<String> head = SignedRawRequest.of(coffer, "HEAD", BUCKET, key).send();
    assertSse(head, alg);
  }

  @Test
  void plaintextUpload_responsesCarryNoSseHeader_andCopiedEncryptedPartsArePlaintext() throws Exception {
    HttpResponse<String> init = SignedRawRequest.of(coffer, "POST", BUCKET, "plain").query("uploads").send();
    assertSse(init, null);
    String id = xmlElement(init.body(), "UploadId");
    HttpResponse<String> copy = SignedRawRequest.of(coffer, "PUT", BUCKET, "plain").query("partNumber=1&uploadId=" + id)
        .header("x-oss-copy-source", "/" + BUCKET + "/source/sm4").send();
    assertThat(copy.statusCode()).isEqualTo(200);
    assertSse(copy, null);
    byte[] tail = random(10, 21);
    PartETag p2 = upload(v1, BUCKET, "plain", id, 2, tail);
    PartETag p1 = new PartETag(1, xmlElement(copy.body(), "ETag").replace("\"", ""));
    assertSse(completeKeepingHeaders(v4, BUCKET, "plain", id, List.of(p1, p2)), null);
    assertThat(v1.getObjectMetadata(BUCKET, "plain").getServerSideEncryption()).isNull();
    assertThat(read(v1, BUCKET, "plain")).isEqualTo(SseTesting.concat(SM4_SOURCE, tail));
    assertSse(SignedRawRequest.of(coffer, "GET", BUCKET, "plain").send(), null);
  }

  @Test
  void sseHeadersOnUploadPartOrComplete_400InvalidArgument_uploadUnchanged() throws Exception {
    String id = initiate(v1, BUCKET, "refused", "AES256");
    byte[] p1 = random(102_400, 30);
    PartETag e1 = upload(v1, BUCKET, "refused", id, 1, p1);
    for (String[] h : List.of(new String[] {SSE, "AES256"}, new String[] {SSE, "SM4"},
        new String[] {SSE_KEY_ID, "cmk"})) {
      UploadPartRequest up = new UploadPartRequest(BUCKET, "refused", id, 2, in(random(1000, 31)), 1000);
      up.addHeader(h[0], h[1]);
      assertThat(ossError(() -> v1.uploadPart(up)).getErrorCode()).isEqualTo("InvalidArgument");
      CompleteMultipartUploadRequest c = new CompleteMultipartUploadRequest(BUCKET, "refused", id,
          new ArrayList<>(List.of(e1)));
      c.addHeader(h[0], h[1]);
      assertThat(ossError(() -> v4.completeMultipartUpload(c)).getErrorCode()).isEqualTo("InvalidArgument");
      HttpResponse<String> raw = SignedRawRequest.of(coffer, "PUT", BUCKET, "refused")
          .query("partNumber=3&uploadId=" + id).header(h[0], h[1]).body(random(100, 32)).send();
      assertError(raw, 400, "InvalidArgument");
    }
    assertThat(v1.listParts(new ListPartsRequest(BUCKET, "refused", id)).getParts())
        .extracting(p -> p.getPartNumber()).containsExactly(1);
    assertThat(v1.doesObjectExist(BUCKET, "refused")).isFalse();
    complete(v1, BUCKET, "refused", id, List.of(e1));
    assertThat(v1.getObjectMetadata(BUCKET, "refused").getServerSideEncryption()).isEqualTo("AES256");
    assertThat(read(v1, BUCKET, "refused")).isEqualTo(p1);
  }

  @Test
  void initiateWithUnknownCmkOrInvalidAlgorithm_isRefused_andOpensNoUpload() throws Exception {
    assertError(SignedRawRequest.of(coffer, "POST", BUCKET, "bad").query("uploads").header(SSE, "KMS")
        .header(SSE_KEY_ID, java.util.UUID.randomUUID().toString()).send(), 400, "InvalidArgument");
    assertThat(ossError(() -> v4.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "bad",
        KmsTesting.kmsMeta("alias/none", true)))).getErrorCode()).isEqualTo("InvalidArgument");
    assertError(SignedRawRequest.of(coffer, "POST", BUCKET, "bad").query("uploads").header(SSE, "AES-256").send(), 400,
        "InvalidEncryptionAlgorithmError");
    assertError(SignedRawRequest.of(coffer, "POST", BUCKET, "bad").query("uploads").header(SSE, "SM4")
        .header(SSE_KEY_ID, "cmk").send(), 400, "InvalidArgument");
    assertThat(v1.listMultipartUploads(uploadsUnder("bad"))
        .getMultipartUploads()).isEmpty();
  }

  @Test
  void bucketDefault_appliesAtInitiate_headerOverridesIt_kmsDefaultUsesTheDefaultCmk() {
    String before = initiate(v1, DEFAULTS, "before-rule", null);
    setDefault(DEFAULTS, SSEAlgorithm.SM4);
    InitiateMultipartUploadResult defaulted = v1.initiateMultipartUpload(
        new InitiateMultipartUploadRequest(DEFAULTS, "by-default"));
    assertSse(defaulted, "SM4");
    String byDefault = defaulted.getUploadId();
    String byHeader = initiate(v1, DEFAULTS, "by-header", "AES256");
    setDefault(DEFAULTS, SSEAlgorithm.KMS);
    InitiateMultipartUploadResult kms = v1.initiateMultipartUpload(new InitiateMultipartUploadRequest(DEFAULTS, "kms"));
    KmsTesting.assertKms(kms, KmsTesting.defaultKeyId(coffer), false);
    byte[] data = random(5000, 40);
    // Uploads started before the KMS rule keep what they were started with.
    for (String[] k : new String[][] {{"before-rule", before}, {"by-default", byDefault}, {"by-header", byHeader},
        {"kms", kms.getUploadId()}}) {
      complete(v1, DEFAULTS, k[0], k[1], List.of(upload(v1, DEFAULTS, k[0], k[1], 1, data)));
    }
    v1.deleteBucketEncryption(DEFAULTS);
    assertThat(v1.getObjectMetadata(DEFAULTS, "before-rule").getServerSideEncryption()).isNull();
    assertThat(v1.getObjectMetadata(DEFAULTS, "by-default").getServerSideEncryption()).isEqualTo("SM4");
    assertThat(v1.getObjectMetadata(DEFAULTS, "by-header").getServerSideEncryption()).isEqualTo("AES256");
    KmsTesting.assertKms(v1.getObjectMetadata(DEFAULTS, "kms"), KmsTesting.defaultKeyId(coffer), false);
    assertThat(v1.listMultipartUploads(new ListMultipartUploadsRequest(DEFAULTS)).getMultipartUploads()).isEmpty();
    for (String k : List.of("before-rule", "by-default", "by-header", "kms")) {
      assertThat(read(v4, DEFAULTS, k)).isEqualTo(data);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void sdkUploadFileAndDownloadFile_parallelPartsAndRanges_roundTripWithCrcChecks(String alg,
      @TempDir Path dir) throws Throwable {
    byte[] data = random(1_000_003, alg.hashCode());
    Path source = dir.resolve("source.bin");
    Files.write(source, data);
    String key = "resumable/" + alg;
    UploadFileRequest up = new UploadFileRequest(BUCKET, key, source.toString(), 200 * 1024, 3);
    up.setObjectMetadata(SseTesting.sse(alg));
    v4.uploadFile(up);
    ObjectMetadata m = v1.getObjectMetadata(BUCKET, key);
    assertThat(m.getServerSideEncryption()).isEqualTo(alg);
    assertThat(m.getServerCRC()).isEqualTo(TestData.crc64Value(data));

    Path target = dir.resolve("target.bin");
    DownloadFileRequest down = new DownloadFileRequest(BUCKET, key, target.toString(), 150 * 1024, 3, false);
    v1.downloadFile(down);
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
  }

  @Test
  void listPartsOfEncryptedUpload_reportsPlaintextSizesEtagsAndCrcs() {
    String id = initiate(v1, BUCKET, "listed", "SM4");
    byte[] a = random(102_400, 60);
    byte[] b = random(65_500, 61);
    upload(v1, BUCKET, "listed", id, 1, a);
    upload(v1, BUCKET, "listed", id, 2, b);
    var parts = v1.listParts(new ListPartsRequest(BUCKET, "listed", id)).getParts();
    assertThat(parts).extracting(p -> p.getSize()).containsExactly((long) a.length, (long) b.length);
    assertThat(parts).extracting(p -> p.getETag()).containsExactly(TestData.etag(a), TestData.etag(b));
    v1.abortMultipartUpload(new com.aliyun.oss.model.AbortMultipartUploadRequest(BUCKET, "listed", id));
  }

  @Test
  void sequentialUploadWithSse_getsContentMd5OfThePlaintext() {
    InitiateMultipartUploadRequest r = new InitiateMultipartUploadRequest(BUCKET, "sequential", SseTesting.sse("SM4"));
    r.setSequentialMode(true);
    String id = v1.initiateMultipartUpload(r).getUploadId();
    byte[] a = random(102_400, 50);
    byte[] b = random(999, 51);
    complete(v1, BUCKET, "sequential", id, List.of(upload(v1, BUCKET, "sequential", id, 1, a),
        upload(v1, BUCKET, "sequential", id, 2, b)));
    ObjectMetadata m = v1.getObjectMetadata(BUCKET, "sequential");
    assertThat(m.getContentMD5()).isEqualTo(TestData.md5Base64(SseTesting.concat(a, b)));
    assertThat(m.getServerSideEncryption()).isEqualTo("SM4");
  }
}
