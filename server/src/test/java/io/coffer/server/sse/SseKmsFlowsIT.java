package io.coffer.server.sse;

import static io.coffer.server.sse.KmsTesting.assertKms;
import static io.coffer.server.sse.KmsTesting.kmsMeta;
import static io.coffer.server.sse.SseTesting.SSE;
import static io.coffer.server.sse.SseTesting.SSE_DATA;
import static io.coffer.server.sse.SseTesting.SSE_KEY_ID;
import static io.coffer.server.sse.SseTesting.assertSse;
import static io.coffer.server.sse.SseTesting.blobFiles;
import static io.coffer.server.sse.SseTesting.filesContaining;
import static io.coffer.server.sse.SseTesting.in;
import static io.coffer.server.sse.SseTesting.marker;
import static io.coffer.server.sse.SseTesting.markerContent;
import static io.coffer.server.sse.SseTesting.random;
import static io.coffer.server.sse.SseTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.AppendObjectRequest;
import com.aliyun.oss.model.AppendObjectResult;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.CopyObjectResult;
import com.aliyun.oss.model.GenericResult;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.InitiateMultipartUploadResult;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.SSEAlgorithm;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.DataDir;
import io.coffer.server.testing.SignedRawRequest;
import io.coffer.server.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SSE-KMS across CopyObject (incl. onto itself), multipart upload (incl. UploadPartCopy) and
 * AppendObject, mixed with SSE-OSS (AES256, SM4) and plaintext: each destination takes the
 * encryption the request or its bucket asks for, never the source's, and its plaintext digests stay.
 */
class SseKmsFlowsIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "sse-kms-flows";
  static OSS v1;
  static OSS v4;
  static String cmkA;
  static String cmkB;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
    cmkA = KmsTesting.createKey(coffer);
    cmkB = KmsTesting.createKey(coffer);
  }

  /** An encryption a destination can ask for: none, SSE-OSS, or SSE-KMS with a CMK (null: default) and SM4 or not. */
  record Enc(String method, String cmk, boolean sm4) {
    static final Enc NONE = new Enc(null, null, false);

    static Enc oss(String alg) {
      return new Enc(alg, null, false);
    }

    static Enc kms(String cmk, boolean sm4) {
      return new Enc("KMS", cmk, sm4);
    }

    /** The SDK metadata (or, for copies, new metadata) that asks for it. */
    ObjectMetadata meta() {
      if (method == null) return new ObjectMetadata();
      return method.equals("KMS") ? kmsMeta(cmk, sm4) : SseTesting.sse(method);
    }

    /** The CMK the object ends up under. */
    String usedCmk() {
      return cmk != null ? cmk : KmsTesting.defaultKeyId(coffer);
    }

    void assertOn(GenericResult r) {
      if ("KMS".equals(method)) {
        assertKms(r, usedCmk(), sm4);
      } else {
        assertSse(r, method);
      }
    }

    void assertOn(ObjectMetadata m) {
      if ("KMS".equals(method)) {
        assertKms(m, usedCmk(), sm4);
      } else {
        assertThat(m.getServerSideEncryption()).isEqualTo(method);
        assertThat(m.getServerSideEncryptionKeyId()).isNull();
      }
    }
  }

  /** A copy asking for {@code enc} with x-oss-metadata-directive REPLACE, its SSE headers in the new metadata. */
  static CopyObjectResult copy(OSS oss, String srcBucket, String src, String dstBucket, String dst, Enc enc) {
    CopyObjectRequest r = new CopyObjectRequest(srcBucket, src, dstBucket, dst);
    r.setNewObjectMetadata(enc.meta());
    return oss.copyObject(r);
  }

  static Map<Path, Integer> blobSnapshot() throws Exception {
    Map<Path, Integer> out = new HashMap<>();
    for (Path p : blobFiles(coffer.dataDir())) out.put(p, Arrays.hashCode(Files.readAllBytes(p)));
    return out;
  }

  static void setKmsRule(String bucket, String cmk, boolean sm4) {
    ServerSideEncryptionByDefault d = new ServerSideEncryptionByDefault(SSEAlgorithm.KMS);
    if (cmk != null) d.setKMSMasterKeyID(cmk);
    if (sm4) d.setKMSDataEncryption("SM4");
    ServerSideEncryptionConfiguration c = new ServerSideEncryptionConfiguration();
    c.setApplyServerSideEncryptionByDefault(d);
    v1.setBucketEncryption(new SetBucketEncryptionRequest(bucket, c));
  }

  @Test
  void copyChain_throughKmsSseOssAndPlaintext_eachDestinationTakesTheRequestsEncryption() {
    Enc[] chain = {Enc.NONE, Enc.kms(null, false), Enc.kms(cmkA, false), Enc.kms(cmkA, true), Enc.oss("AES256"),
        Enc.kms(cmkB, true), Enc.oss("SM4"), Enc.kms(null, true), Enc.NONE};
    for (OSS oss : List.of(v1, v4)) {
      String p = oss == v1 ? "chain-v1/" : "chain-v4/";
      byte[] data = random(150_000, p.hashCode());
      oss.putObject(BUCKET, p + 0, in(data));
      for (int i = 1; i < chain.length; i++) {
        CopyObjectResult r = copy(oss, BUCKET, p + (i - 1), BUCKET, p + i, chain[i]);
        chain[i].assertOn(r);
        assertThat(r.getETag()).isEqualTo(TestData.etag(data));
      }
      for (int i = 0; i < chain.length; i++) {
        ObjectMetadata m = oss.getObjectMetadata(BUCKET, p + i);
        chain[i].assertOn(m);
        assertThat(m.getETag()).isEqualTo(TestData.etag(data));
        assertThat(m.getServerCRC()).isEqualTo(TestData.crc64Value(data));
        assertThat(read(oss, BUCKET, p + i)).as(p + i).isEqualTo(data);
      }
    }
  }

  @Test
  void copyWithTypedSetters_andWithoutHeaders_followsTheDestinationNotTheSource() throws Exception {
    byte[] data = random(80_000, 3);
    v1.putObject(BUCKET, "typed/src", in(data), kmsMeta(cmkA, true));
    CopyObjectRequest typed = new CopyObjectRequest(BUCKET, "typed/src", BUCKET, "typed/cmk-b");
    typed.setServerSideEncryption("KMS");
    typed.setServerSideEncryptionKeyId(cmkB);
    assertKms(v4.copyObject(typed), cmkB, false);
    // COPY directive without SSE headers: the source's KMS+SM4 is not inherited.
    assertSse(v1.copyObject(BUCKET, "typed/src", BUCKET, "typed/plain"), null);
    HttpResponse<String> raw = SignedRawRequest.of(coffer, "PUT", BUCKET, "typed/raw")
        .header("x-oss-copy-source", "/" + BUCKET + "/typed/src").header(SSE, "KMS").header(SSE_DATA, "SM4").send();
    assertThat(raw.statusCode()).as(raw.body()).isEqualTo(200);
    assertKms(raw, KmsTesting.defaultKeyId(coffer), true);

    String ruled = "sse-kms-flows-ruled";
    v1.createBucket(ruled);
    setKmsRule(ruled, cmkB, true);
    assertKms(v1.copyObject(BUCKET, "typed/src", ruled, "by-rule"), cmkB, true);
    Enc.oss("AES256").assertOn(copy(v4, BUCKET, "typed/src", ruled, "by-header", Enc.oss("AES256")));
    assertKms(v1.getObjectMetadata(BUCKET, "typed/cmk-b"), cmkB, false);
    assertThat(v1.getObjectMetadata(BUCKET, "typed/plain").getServerSideEncryption()).isNull();
    assertKms(v1.getObjectMetadata(ruled, "by-rule"), cmkB, true);
    for (String[] bk : new String[][] {{BUCKET, "typed/cmk-b"}, {BUCKET, "typed/plain"}, {BUCKET, "typed/raw"},
        {ruled, "by-rule"}, {ruled, "by-header"}}) {
      assertThat(read(v4, bk[0], bk[1])).as(bk[1]).isEqualTo(data);
    }
  }

  @Test
  void selfCopy_encryptsPlaintextUnderKmsInPlace_reKeysAndDecrypts_keepingEtagMd5AndCrc() throws Exception {
    String key = "in-place";
    String marker = marker();
    byte[] data = markerContent(marker, 150_000);
    v1.putObject(BUCKET, key, in(data));
    ObjectMetadata before = v1.getObjectMetadata(BUCKET, key);
    assertThat(filesContaining(coffer.dataDir(), marker)).hasSize(1);

    Enc[] steps = {Enc.kms(cmkA, false), Enc.kms(cmkB, true), Enc.kms(null, false), Enc.oss("SM4"), Enc.kms(cmkA, true)};
    for (Enc e : steps) {
      e.assertOn(copy(e.sm4() ? v4 : v1, BUCKET, key, BUCKET, key, e));
      ObjectMetadata after = v1.getObjectMetadata(BUCKET, key);
      e.assertOn(after);
      assertThat(after.getETag()).isEqualTo(before.getETag()).isEqualTo(TestData.etag(data));
      assertThat(after.getContentMD5()).isEqualTo(TestData.md5Base64(data));
      assertThat(after.getServerCRC()).isEqualTo(TestData.crc64Value(data));
      assertThat(after.getObjectType()).isEqualTo("Normal");
      assertThat(read(v4, BUCKET, key)).isEqualTo(data);
      assertThat(filesContaining(coffer.dataDir(), marker)).as("plaintext on disk under %s", e).isEmpty();
    }
    assertThat(KmsTesting.stored(coffer, BUCKET, key).cmk()).isEqualTo(cmkA);

    // The same CMK and algorithm, named by its real id: only the metadata changes.
    DataDir.StoredSse sealed = KmsTesting.stored(coffer, BUCKET, key);
    Map<Path, Integer> blobs = blobSnapshot();
    ObjectMetadata html = kmsMeta(cmkA, true);
    html.setContentType("text/html");
    CopyObjectRequest same = new CopyObjectRequest(BUCKET, key, BUCKET, key);
    same.setNewObjectMetadata(html);
    assertKms(v1.copyObject(same), cmkA, true);
    assertThat(v1.getObjectMetadata(BUCKET, key).getContentType()).isEqualTo("text/html");
    assertThat(blobSnapshot()).isEqualTo(blobs);
    assertThat(KmsTesting.stored(coffer, BUCKET, key).wrapped()).isEqualTo(sealed.wrapped());

    // Without a header or a bucket rule, a copy onto itself decrypts, as OSS does.
    assertSse(copy(v1, BUCKET, key, BUCKET, key, Enc.NONE), null);
    assertThat(read(v1, BUCKET, key)).isEqualTo(data);
    assertThat(filesContaining(coffer.dataDir().resolve("blobs"), marker)).hasSize(1);
  }

  @Test
  void multipartUnderKms_everyResponseNamesTheCmk_andPartsCopiedFromEveryMethodReadBack() throws Exception {
    byte[] source = random(400_000, 11);
    Enc[] sources = {Enc.NONE, Enc.oss("AES256"), Enc.oss("SM4"), Enc.kms(cmkB, false)};
    for (Enc s : sources) v1.putObject(BUCKET, "mp-src/" + s.method(), in(source), s.meta());

    for (Enc target : new Enc[] {Enc.kms(null, false), Enc.kms(cmkA, true)}) {
      OSS oss = target.sm4() ? v4 : v1;
      String key = "mp/" + target.cmk() + "/" + target.sm4();
      InitiateMultipartUploadResult init = oss.initiateMultipartUpload(
          new InitiateMultipartUploadRequest(BUCKET, key, target.meta()));
      target.assertOn(init);
      String id = init.getUploadId();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      List<PartETag> parts = new ArrayList<>();
      byte[] first = random(102_400, key.hashCode());
      var up = oss.uploadPart(new UploadPartRequest(BUCKET, key, id, 1, in(first), first.length));
      target.assertOn(up);
      parts.add(up.getPartETag());
      expected.writeBytes(first);
      int n = 2;
      for (Enc s : sources) {
        long begin = 1000L * n;
        var copied = oss.uploadPartCopy(new UploadPartCopyRequest(BUCKET, "mp-src/" + s.method(), BUCKET, key, id, n,
            begin, 110_000L));
        target.assertOn(copied);
        parts.add(copied.getPartETag());
        expected.writeBytes(Arrays.copyOfRange(source, (int) begin, (int) begin + 110_000));
        n++;
      }
      HttpResponse<String> rawPart = SignedRawRequest.of(coffer, "PUT", BUCKET, key)
          .query("partNumber=" + n + "&uploadId=" + id).body(random(777, n)).send();
      assertThat(rawPart.statusCode()).isEqualTo(200);
      assertKms(rawPart, target.usedCmk(), target.sm4());
      parts.add(new PartETag(n, TestData.etag(random(777, n))));
      expected.writeBytes(random(777, n));

      CompleteMultipartUploadRequest done = new CompleteMultipartUploadRequest(BUCKET, key, id, parts);
      done.setProcess(""); // keeps the response headers
      target.assertOn(oss.completeMultipartUpload(done));
      ObjectMetadata m = v1.getObjectMetadata(BUCKET, key);
      target.assertOn(m);
      assertThat(m.getObjectType()).isEqualTo("Multipart");
      assertThat(m.getServerCRC()).isEqualTo(TestData.crc64Value(expected.toByteArray()));
      assertThat(read(v4, BUCKET, key)).isEqualTo(expected.toByteArray());
      assertThat(KmsTesting.stored(coffer, BUCKET, key).algorithm()).isEqualTo(target.sm4() ? "SM4" : "AES256");
    }

    // And the other way: a KMS object's range copied into an SSE-OSS upload.
    String id = v1.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "mp/aes", SseTesting.sse("AES256")))
        .getUploadId();
    var copied = v1.uploadPartCopy(new UploadPartCopyRequest(BUCKET, "mp-src/KMS", BUCKET, "mp/aes", id, 1, 5L, 1000L));
    assertSse(copied, "AES256");
    v1.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, "mp/aes", id,
        new ArrayList<>(List.of(copied.getPartETag()))));
    assertThat(read(v1, BUCKET, "mp/aes")).isEqualTo(Arrays.copyOfRange(source, 5, 1005));
  }

  @Test
  void appendUnderKms_firstAppendFixesCmkAndSm4_laterAppendsIgnoreOtherSseHeaders() throws Exception {
    for (Enc first : new Enc[] {Enc.kms(cmkA, true), Enc.kms(null, false)}) {
      String key = "append/" + first.cmk() + "/" + first.sm4();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      Enc[] later = {first, Enc.oss("AES256"), Enc.kms(cmkB, false), Enc.kms("no-such-cmk", true), Enc.NONE};
      long crc = 0;
      for (int i = 0; i <= later.length; i++) {
        byte[] piece = random(40_000 + i, key.hashCode() + i);
        AppendObjectRequest a = new AppendObjectRequest(BUCKET, key, in(piece));
        a.setPosition((long) all.size());
        a.setInitCRC(crc);
        a.setMetadata(i == 0 ? first.meta() : later[i - 1].meta());
        AppendObjectResult r = (i % 2 == 0 ? v1 : v4).appendObject(a);
        all.writeBytes(piece);
        first.assertOn(r);
        assertThat(r.getNextPosition()).isEqualTo(all.size());
        assertThat(r.getServerCRC()).isEqualTo(TestData.crc64Value(all.toByteArray()));
        crc = r.getServerCRC();
      }
      HttpResponse<String> raw = SignedRawRequest.of(coffer, "POST", BUCKET, key)
          .query("append&position=" + all.size()).header(SSE, "KMS").header(SSE_KEY_ID, cmkB).body("tail").send();
      assertThat(raw.statusCode()).as(raw.body()).isEqualTo(200);
      assertKms(raw, first.usedCmk(), first.sm4());
      all.writeBytes("tail".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

      ObjectMetadata m = v4.getObjectMetadata(BUCKET, key);
      first.assertOn(m);
      assertThat(m.getObjectType()).isEqualTo("Appendable");
      assertThat(read(v1, BUCKET, key)).isEqualTo(all.toByteArray());
    }
    // A copy of an appendable KMS object under another CMK is a Normal object.
    Enc to = Enc.kms(cmkB, false);
    to.assertOn(copy(v1, BUCKET, "append/" + cmkA + "/true", BUCKET, "append/copied", to));
    assertThat(v1.getObjectMetadata(BUCKET, "append/copied").getObjectType()).isEqualTo("Normal");
    assertThat(read(v1, BUCKET, "append/copied")).isEqualTo(read(v4, BUCKET, "append/" + cmkA + "/true"));
  }
}
