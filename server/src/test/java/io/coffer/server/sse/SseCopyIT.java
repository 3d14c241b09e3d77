package io.coffer.server.sse;

import static io.coffer.server.sse.SseTesting.SSE;
import static io.coffer.server.sse.SseTesting.SSE_KEY_ID;
import static io.coffer.server.sse.SseTesting.assertError;
import static io.coffer.server.sse.SseTesting.assertSse;
import static io.coffer.server.sse.SseTesting.blobFiles;
import static io.coffer.server.sse.SseTesting.filesContaining;
import static io.coffer.server.sse.SseTesting.in;
import static io.coffer.server.sse.SseTesting.isSealed;
import static io.coffer.server.sse.SseTesting.marker;
import static io.coffer.server.sse.SseTesting.markerContent;
import static io.coffer.server.sse.SseTesting.ossError;
import static io.coffer.server.sse.SseTesting.random;
import static io.coffer.server.sse.SseTesting.read;
import static io.coffer.server.sse.SseTesting.sealedLength;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.CopyObjectResult;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.SSEAlgorithm;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.SignedRawRequest;
import io.coffer.server.testing.TestData;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CopyObject and SSE (oss-api.md §8.8, §10.3, seed 004): the destination's encryption comes from
 * the copy request, else the destination bucket's default, never from the source; a copy onto
 * itself encrypts, re-encrypts or decrypts in place while ETag, Content-MD5 and CRC-64 stay.
 */
class SseCopyIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "sse-copy";
  static final String SM4_DEFAULT = "sse-copy-sm4-default";
  static final String KMS_DEFAULT = "sse-copy-kms-default";
  static OSS v1;
  static OSS v4;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
    v1.createBucket(SM4_DEFAULT);
    v1.createBucket(KMS_DEFAULT);
    setDefault(SM4_DEFAULT, SSEAlgorithm.SM4);
  }

  static void setDefault(String bucket, SSEAlgorithm alg) {
    ServerSideEncryptionConfiguration c = new ServerSideEncryptionConfiguration();
    c.setApplyServerSideEncryptionByDefault(new ServerSideEncryptionByDefault(alg));
    v1.setBucketEncryption(new SetBucketEncryptionRequest(bucket, c));
  }

  static CopyObjectResult copy(OSS oss, String srcBucket, String src, String dstBucket, String dst, String sse) {
    CopyObjectRequest r = new CopyObjectRequest(srcBucket, src, dstBucket, dst);
    if (sse != null) r.setServerSideEncryption(sse);
    return oss.copyObject(r);
  }

  /** A copy onto itself with {@code x-oss-metadata-directive: REPLACE}, as oss2's update_object_meta sends it. */
  static CopyObjectResult updateMeta(OSS oss, String bucket, String key, String contentType, String sse) {
    CopyObjectRequest r = new CopyObjectRequest(bucket, key, bucket, key);
    ObjectMetadata m = new ObjectMetadata();
    m.setContentType(contentType);
    r.setNewObjectMetadata(m);
    if (sse != null) r.setServerSideEncryption(sse);
    return oss.copyObject(r);
  }

  static String sseOf(String bucket, String key) {
    return v1.getObjectMetadata(bucket, key).getServerSideEncryption();
  }

  static HttpResponse<String> rawCopy(String srcBucket, String src, String dstBucket, String dst, String sse)
      throws Exception {
    SignedRawRequest r = SignedRawRequest.of(coffer, "PUT", dstBucket, dst)
        .header("x-oss-copy-source", "/" + srcBucket + "/" + src);
    if (sse != null) r.header(SSE, sse);
    return r.send();
  }

  /** Path → content hash of every blob file, to see exactly which blobs a request wrote or removed. */
  static Map<Path, Integer> blobSnapshot() throws Exception {
    Map<Path, Integer> out = new HashMap<>();
    for (Path p : blobFiles(coffer.dataDir())) out.put(p, java.util.Arrays.hashCode(Files.readAllBytes(p)));
    return out;
  }

  static List<Path> added(Map<Path, Integer> before, Map<Path, Integer> after) {
    List<Path> out = new ArrayList<>(after.keySet());
    out.removeAll(before.keySet());
    return out;
  }

  @Test
  void copyChain_noneToAes256ToSm4ToNone_destinationTakesTheRequestsEncryption() throws Exception {
    for (OSS oss : List.of(v1, v4)) {
      String p = oss == v1 ? "chain-v1/" : "chain-v4/";
      byte[] data = random(150_000, p.hashCode());
      oss.putObject(BUCKET, p + "0", in(data));
      assertSse(copy(oss, BUCKET, p + "0", BUCKET, p + "1", "AES256"), "AES256");
      assertSse(copy(oss, BUCKET, p + "1", BUCKET, p + "2", "SM4"), "SM4");
      CopyObjectResult last = copy(oss, BUCKET, p + "2", BUCKET, p + "3", null);
      assertSse(last, null);
      assertThat(last.getETag()).isEqualTo(TestData.etag(data));
      String[] expected = {null, "AES256", "SM4", null};
      for (int i = 0; i < 4; i++) {
        ObjectMetadata m = oss.getObjectMetadata(BUCKET, p + i);
        assertThat(m.getServerSideEncryption()).as("%s%d", p, i).isEqualTo(expected[i]);
        assertThat(m.getETag()).isEqualTo(TestData.etag(data));
        assertThat(m.getServerCRC()).isEqualTo(TestData.crc64Value(data));
        assertThat(read(oss, BUCKET, p + i)).isEqualTo(data);
      }
    }
  }

  /** The Java SDK's own ObjectEncryptionTest puts the SSE header in the copy's new metadata (REPLACE). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void copyWithSseInNewMetadata_asTheSdksOwnTestsDo(String alg) {
    byte[] data = random(101_000, alg.hashCode());
    v1.putObject(BUCKET, "sdk-style/" + alg, in(data), SseTesting.sse(alg.equals("SM4") ? "AES256" : "SM4"));
    for (String target : new String[] {null, alg}) {
      CopyObjectRequest r = new CopyObjectRequest(BUCKET, "sdk-style/" + alg, BUCKET, "sdk-style/" + alg + "-copy");
      ObjectMetadata m = new ObjectMetadata();
      if (target != null) m.setServerSideEncryption(target);
      r.setNewObjectMetadata(m);
      CopyObjectResult c = v4.copyObject(r);
      assertSse(c, target);
      try (var o = v1.getObject(BUCKET, "sdk-style/" + alg + "-copy")) {
        assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
        assertSse(o, target);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  @Test
  void copyResponse_echoesTheDestinationsEncryption_notTheSources() throws Exception {
    byte[] data = random(1000, 5);
    v1.putObject(BUCKET, "echo/src", in(data), SseTesting.sse("SM4"));
    HttpResponse<String> toAes = rawCopy(BUCKET, "echo/src", BUCKET, "echo/aes", "AES256");
    assertThat(toAes.statusCode()).as(toAes.body()).isEqualTo(200);
    assertSse(toAes, "AES256");
    HttpResponse<String> toPlain = rawCopy(BUCKET, "echo/src", BUCKET, "echo/plain", null);
    assertThat(toPlain.statusCode()).isEqualTo(200);
    assertSse(toPlain, null);
    HttpResponse<String> toDefault = rawCopy(BUCKET, "echo/src", SM4_DEFAULT, "echo/default", null);
    assertSse(toDefault, "SM4");
    assertThat(sseOf(BUCKET, "echo/aes")).isEqualTo("AES256");
    assertThat(sseOf(BUCKET, "echo/plain")).isNull();
    assertThat(read(v1, BUCKET, "echo/plain")).isEqualTo(data);
  }

  @Test
  void crossBucketCopy_usesTheDestinationBucketsDefaultUnlessTheRequestSaysOtherwise() {
    byte[] data = random(70_000, 7);
    v1.putObject(BUCKET, "cross/aes", in(data), SseTesting.sse("AES256"));
    copy(v1, BUCKET, "cross/aes", SM4_DEFAULT, "cross/by-default", null);
    copy(v4, BUCKET, "cross/aes", SM4_DEFAULT, "cross/by-request", "AES256");
    copy(v1, SM4_DEFAULT, "cross/by-default", BUCKET, "cross/back", null);
    assertThat(sseOf(SM4_DEFAULT, "cross/by-default")).isEqualTo("SM4");
    assertThat(sseOf(SM4_DEFAULT, "cross/by-request")).isEqualTo("AES256");
    assertThat(sseOf(BUCKET, "cross/back")).isNull();
    for (String[] bk : new String[][] {{SM4_DEFAULT, "cross/by-default"}, {SM4_DEFAULT, "cross/by-request"},
        {BUCKET, "cross/back"}}) {
      assertThat(read(v4, bk[0], bk[1])).isEqualTo(data);
    }
  }

  @Test
  void copyWithReplaceDirectiveAndNoSseHeader_fromEncryptedSource_isPlaintext() {
    byte[] data = random(3000, 9);
    v1.putObject(BUCKET, "replace/src", in(data), SseTesting.sse("AES256"));
    CopyObjectRequest r = new CopyObjectRequest(BUCKET, "replace/src", BUCKET, "replace/dst");
    ObjectMetadata m = new ObjectMetadata();
    m.setContentType("text/plain");
    r.setNewObjectMetadata(m);
    v1.copyObject(r);
    ObjectMetadata dst = v1.getObjectMetadata(BUCKET, "replace/dst");
    assertThat(dst.getServerSideEncryption()).isNull();
    assertThat(dst.getContentType()).isEqualTo("text/plain");
    assertThat(read(v1, BUCKET, "replace/dst")).isEqualTo(data);
  }

  @Test
  void copyOfMultiExtentEncryptedObjects_reSealsEveryByte() {
    byte[] a = random(102_400, 11);
    byte[] b = random(80_000, 12);
    String id = v1.initiateMultipartUpload(new com.aliyun.oss.model.InitiateMultipartUploadRequest(BUCKET, "multi/src",
        SseTesting.sse("AES256"))).getUploadId();
    var e1 = v1.uploadPart(new com.aliyun.oss.model.UploadPartRequest(BUCKET, "multi/src", id, 1, in(a), a.length));
    var e2 = v1.uploadPart(new com.aliyun.oss.model.UploadPartRequest(BUCKET, "multi/src", id, 2, in(b), b.length));
    v1.completeMultipartUpload(new com.aliyun.oss.model.CompleteMultipartUploadRequest(BUCKET, "multi/src", id,
        new ArrayList<>(List.of(e1.getPartETag(), e2.getPartETag()))));
    CopyObjectResult c = copy(v4, BUCKET, "multi/src", BUCKET, "multi/dst", "SM4");
    assertThat(c.getETag()).isEqualTo(v1.getObjectMetadata(BUCKET, "multi/src").getETag()).endsWith("-2");
    assertThat(sseOf(BUCKET, "multi/dst")).isEqualTo("SM4");
    assertThat(read(v1, BUCKET, "multi/dst")).isEqualTo(SseTesting.concat(a, b));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void selfCopyWithReplaceAndSse_encryptsAPlaintextObjectInPlace_keepingEtagMd5AndCrc(String alg) throws Exception {
    String key = "in-place/" + alg;
    String marker = marker();
    byte[] data = markerContent(marker, 150_000);
    ObjectMetadata pm = new ObjectMetadata();
    pm.setContentType("text/plain");
    v1.putObject(BUCKET, key, in(data), pm);
    ObjectMetadata before = v1.getObjectMetadata(BUCKET, key);
    assertThat(filesContaining(coffer.dataDir(), marker)).hasSize(1);
    Map<Path, Integer> blobsBefore = blobSnapshot();
    Thread.sleep(1100); // Last-Modified has whole seconds

    CopyObjectResult r = updateMeta(alg.equals("SM4") ? v4 : v1, BUCKET, key, "text/plain", alg);
    assertSse(r, alg);

    ObjectMetadata after = v1.getObjectMetadata(BUCKET, key);
    assertThat(r.getETag()).isEqualTo(before.getETag());
    assertThat(after.getETag()).isEqualTo(before.getETag()).isEqualTo(TestData.etag(data));
    assertThat(after.getContentMD5()).isEqualTo(before.getContentMD5()).isEqualTo(TestData.md5Base64(data));
    assertThat(after.getServerCRC()).isEqualTo(before.getServerCRC()).isEqualTo(TestData.crc64Value(data));
    assertThat(after.getContentLength()).isEqualTo(data.length);
    assertThat(after.getLastModified()).isAfter(before.getLastModified());
    assertThat(after.getServerSideEncryption()).isEqualTo(alg);
    assertThat(after.getObjectType()).isEqualTo("Normal");
    assertThat(read(v1, BUCKET, key)).isEqualTo(data);

    Map<Path, Integer> blobsAfter = blobSnapshot();
    List<Path> removed = added(blobsAfter, blobsBefore);
    List<Path> written = added(blobsBefore, blobsAfter);
    assertThat(removed).hasSize(1);
    assertThat(written).hasSize(1);
    assertThat(isSealed(written.get(0))).isTrue();
    assertThat(Files.size(written.get(0))).isEqualTo(sealedLength(alg, data.length));
    assertThat(filesContaining(coffer.dataDir(), marker)).isEmpty();
  }

  @Test
  void selfCopyKeepingTheSameEncryption_rewritesOnlyMetadata() throws Exception {
    byte[] data = random(100_000, 13);
    v1.putObject(BUCKET, "same", in(data), SseTesting.sse("SM4"));
    ObjectMetadata before = v1.getObjectMetadata(BUCKET, "same");
    Map<Path, Integer> blobsBefore = blobSnapshot();
    Thread.sleep(1100);
    updateMeta(v1, BUCKET, "same", "image/png", "SM4");
    ObjectMetadata after = v1.getObjectMetadata(BUCKET, "same");
    assertThat(after.getContentType()).isEqualTo("image/png");
    assertThat(after.getServerSideEncryption()).isEqualTo("SM4");
    assertThat(after.getETag()).isEqualTo(before.getETag());
    assertThat(after.getLastModified()).isAfter(before.getLastModified());
    assertThat(blobSnapshot()).isEqualTo(blobsBefore);
    assertThat(read(v4, BUCKET, "same")).isEqualTo(data);
  }

  /**
   * OSS decides a copy's encryption from the copy request and the destination bucket only, and a
   * copy onto itself is no exception: without an SSE header and without a bucket default, the
   * object is rewritten unencrypted. Coffer does the same, and the data on disk becomes plaintext.
   */
  @Test
  void selfCopyOfEncryptedObjectWithoutSseHeaderOrDefault_decryptsIt() throws Exception {
    String marker = marker();
    byte[] data = markerContent(marker, 90_000);
    v1.putObject(BUCKET, "decrypt", in(data), SseTesting.sse("AES256"));
    assertThat(filesContaining(coffer.dataDir(), marker)).isEmpty();
    ObjectMetadata before = v1.getObjectMetadata(BUCKET, "decrypt");
    updateMeta(v1, BUCKET, "decrypt", "text/plain", null);
    ObjectMetadata after = v1.getObjectMetadata(BUCKET, "decrypt");
    assertThat(after.getServerSideEncryption()).isNull();
    assertThat(after.getETag()).isEqualTo(before.getETag());
    assertThat(after.getServerCRC()).isEqualTo(before.getServerCRC());
    assertThat(read(v1, BUCKET, "decrypt")).isEqualTo(data);
    assertThat(filesContaining(coffer.dataDir().resolve("blobs"), marker)).hasSize(1);
  }

  @Test
  void selfCopyWithoutSseHeaderInBucketWithDefault_takesTheDefault() {
    byte[] data = random(10_000, 15);
    v1.putObject(SM4_DEFAULT, "redo", in(data), SseTesting.sse("AES256"));
    updateMeta(v4, SM4_DEFAULT, "redo", "text/plain", null);
    assertThat(sseOf(SM4_DEFAULT, "redo")).isEqualTo("SM4");
    assertThat(read(v1, SM4_DEFAULT, "redo")).isEqualTo(data);
  }

  @Test
  void copyAskingForKms_orIntoAKmsDefaultBucket_isSealedUnderTheDefaultCmk() throws Exception {
    byte[] data = random(2000, 17);
    v1.putObject(BUCKET, "kms/src", in(data));
    v1.putObject(KMS_DEFAULT, "kms/existing", in(data));
    setDefault(KMS_DEFAULT, SSEAlgorithm.KMS);
    try {
      assertSse(copy(v1, BUCKET, "kms/src", BUCKET, "kms/dst", "AES256"), "AES256");
      CopyObjectResult byHeader = copy(v1, BUCKET, "kms/src", BUCKET, "kms/dst", "KMS");
      String cmk = KmsTesting.defaultKeyId(coffer);
      KmsTesting.assertKms(byHeader, cmk, false);
      HttpResponse<String> raw = rawCopy(BUCKET, "kms/src", BUCKET, "kms/raw", "KMS");
      assertThat(raw.statusCode()).as(raw.body()).isEqualTo(200);
      KmsTesting.assertKms(raw, cmk, false);
      KmsTesting.assertKms(copy(v4, BUCKET, "kms/src", KMS_DEFAULT, "kms/dst", null), cmk, false);
      KmsTesting.assertKms(updateMeta(v1, KMS_DEFAULT, "kms/existing", "text/html", null), cmk, false);
      for (String[] bk : new String[][] {{BUCKET, "kms/dst"}, {BUCKET, "kms/raw"}, {KMS_DEFAULT, "kms/dst"},
          {KMS_DEFAULT, "kms/existing"}}) {
        KmsTesting.assertKms(v1.getObjectMetadata(bk[0], bk[1]), cmk, false);
        assertThat(read(v4, bk[0], bk[1])).isEqualTo(data);
      }
      assertThat(v1.getObjectMetadata(KMS_DEFAULT, "kms/existing").getContentType()).isEqualTo("text/html");
      // A request header overrides the KMS default.
      copy(v1, BUCKET, "kms/src", KMS_DEFAULT, "kms/aes", "AES256");
      assertThat(sseOf(KMS_DEFAULT, "kms/aes")).isEqualTo("AES256");
      assertThat(read(v1, KMS_DEFAULT, "kms/aes")).isEqualTo(data);
    } finally {
      v1.deleteBucketEncryption(KMS_DEFAULT);
    }
  }

  @Test
  void copyNamingAnUnknownCmk_400InvalidArgument_storesNothing() throws Exception {
    byte[] data = random(2000, 18);
    v1.putObject(BUCKET, "kms-unknown/src", in(data), SseTesting.sse("SM4"));
    CopyObjectRequest r = new CopyObjectRequest(BUCKET, "kms-unknown/src", BUCKET, "kms-unknown/dst");
    r.setServerSideEncryption("KMS");
    r.setServerSideEncryptionKeyId(java.util.UUID.randomUUID().toString());
    assertThat(ossError(() -> v1.copyObject(r)).getErrorCode()).isEqualTo("InvalidArgument");
    assertError(SignedRawRequest.of(coffer, "PUT", BUCKET, "kms-unknown/src")
        .header("x-oss-copy-source", "/" + BUCKET + "/kms-unknown/src").header("x-oss-metadata-directive", "REPLACE")
        .header(SSE, "KMS").header(SSE_KEY_ID, "alias/none").send(), 400, "InvalidArgument");
    assertThat(v1.doesObjectExist(BUCKET, "kms-unknown/dst")).isFalse();
    assertThat(sseOf(BUCKET, "kms-unknown/src")).isEqualTo("SM4");
    assertThat(read(v1, BUCKET, "kms-unknown/src")).isEqualTo(data);
  }

  @Test
  void copyWithInvalidAlgorithmOrKeyIdWithOssAlgorithm_400_storesNothing() throws Exception {
    v1.putObject(BUCKET, "bad/src", in(random(100, 19)));
    assertError(rawCopy(BUCKET, "bad/src", BUCKET, "bad/dst", "aes256"), 400, "InvalidEncryptionAlgorithmError");
    assertThat(ossError(() -> copy(v4, BUCKET, "bad/src", BUCKET, "bad/dst", "SM3")).getErrorCode())
        .isEqualTo("InvalidEncryptionAlgorithmError");
    HttpResponse<String> keyId = SignedRawRequest.of(coffer, "PUT", BUCKET, "bad/dst")
        .header("x-oss-copy-source", "/" + BUCKET + "/bad/src").header(SSE, "AES256").header(SSE_KEY_ID, "cmk")
        .send();
    assertError(keyId, 400, "InvalidArgument");
    assertThat(v1.doesObjectExist(BUCKET, "bad/dst")).isFalse();
  }
}
