package io.coffer.server.sse;

import static io.coffer.server.sse.SseTesting.SSE;
import static io.coffer.server.sse.SseTesting.SSE_DATA;
import static io.coffer.server.sse.SseTesting.SSE_KEY_ID;
import static io.coffer.server.sse.SseTesting.assertError;
import static io.coffer.server.sse.SseTesting.in;
import static io.coffer.server.sse.SseTesting.ossError;
import static io.coffer.server.sse.SseTesting.random;
import static io.coffer.server.sse.SseTesting.read;
import static io.coffer.server.testing.SignedRawRequest.xmlElement;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.BucketInfo;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawRequest;
import io.coffer.server.testing.SignedRawRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Put, Get and DeleteBucketEncryption, the rule in GetBucketInfo, SSE headers on PutBucket, and how
 * a bucket's default rule applies to writes (oss-api.md §1 items 10-12, §7.2, §7.5, §7.10, §10.3).
 */
class BucketEncryptionIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "bucket-encryption";
  static OSS v1;
  static OSS v4;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
  }

  static void put(OSS oss, String bucket, String alg, String cmk, String dataEncryption) {
    ServerSideEncryptionByDefault d = new ServerSideEncryptionByDefault(alg);
    if (cmk != null) d.setKMSMasterKeyID(cmk);
    if (dataEncryption != null) d.setKMSDataEncryption(dataEncryption);
    ServerSideEncryptionConfiguration c = new ServerSideEncryptionConfiguration();
    c.setApplyServerSideEncryptionByDefault(d);
    oss.setBucketEncryption(new SetBucketEncryptionRequest(bucket, c));
  }

  static ServerSideEncryptionByDefault get(OSS oss, String bucket) {
    return oss.getBucketEncryption(bucket).getApplyServerSideEncryptionByDefault();
  }

  static void assertRule(ServerSideEncryptionByDefault d, String alg, String cmk, String dataEncryption) {
    assertThat(d.getSSEAlgorithm()).isEqualTo(alg);
    assertThat(d.getKMSMasterKeyID()).isEqualTo(cmk);
    assertThat(d.getKMSDataEncryption()).isEqualTo(dataEncryption);
  }

  static HttpResponse<String> rawGetRule(String bucket) throws Exception {
    return SignedRawRequest.of(coffer, "GET", bucket, null).query("encryption").send();
  }

  static HttpResponse<String> rawPutRule(String bucket, String inner) throws Exception {
    return SignedRawRequest.of(coffer, "PUT", bucket, null).query("encryption")
        .body("<ServerSideEncryptionRule><ApplyServerSideEncryptionByDefault>" + inner
            + "</ApplyServerSideEncryptionByDefault></ServerSideEncryptionRule>").send();
  }

  static String bucketInfoRule(String bucket) throws Exception {
    HttpResponse<String> r = SignedRawRequest.of(coffer, "GET", bucket, null).query("bucketInfo").send();
    assertThat(r.statusCode()).isEqualTo(200);
    return xmlElement(r.body(), "ServerSideEncryptionRule");
  }

  @Test
  void putGetDelete_eachAlgorithm_readsBackWhatWasSetAndOmitsUnsetFields() throws Exception {
    Object[][] cases = {
        {"AES256", null, null, "AES256", null, null},
        {"SM4", null, null, "SM4", null, null},
        {"KMS", null, null, "KMS", null, null},
        {"KMS", "test-kms-master-key-id", null, "KMS", "test-kms-master-key-id", null},
        {"KMS", "123", "SM4", "KMS", "123", "SM4"},
        {"KMS", null, "SM4", "KMS", null, "SM4"},
        // KMSDataEncryption goes with KMS only: with another algorithm it is accepted and dropped.
        {"AES256", null, "SM4", "AES256", null, null},
        {"SM4", null, "SM4", "SM4", null, null},
    };
    int i = 0;
    for (Object[] c : cases) {
      OSS oss = i++ % 2 == 0 ? v1 : v4;
      put(oss, BUCKET, (String) c[0], (String) c[1], (String) c[2]);
      assertRule(get(oss, BUCKET), (String) c[3], (String) c[4], (String) c[5]);
      String raw = rawGetRule(BUCKET).body();
      assertThat(raw.contains("<KMSMasterKeyID>")).as(raw).isEqualTo(c[4] != null);
      assertThat(raw.contains("<KMSDataEncryption>")).as(raw).isEqualTo(c[5] != null);
      assertThat(xmlElement(raw, "SSEAlgorithm")).isEqualTo(c[3]);

      ServerSideEncryptionByDefault info = oss.getBucketInfo(BUCKET).getServerSideEncryptionConfiguration()
          .getApplyServerSideEncryptionByDefault();
      assertRule(info, (String) c[3], (String) c[4], (String) c[5]);
      String flat = bucketInfoRule(BUCKET);
      assertThat(flat).startsWith("<SSEAlgorithm>" + c[3] + "</SSEAlgorithm>").doesNotContain("ApplyServerSide");
    }
    HttpResponse<String> delete = SignedRawRequest.of(coffer, "DELETE", BUCKET, null).query("encryption").send();
    assertThat(delete.statusCode()).isEqualTo(204);
    assertError(rawGetRule(BUCKET), 404, "NoSuchServerSideEncryptionRule");
    assertThat(ossError(() -> v4.getBucketEncryption(BUCKET)).getErrorCode())
        .isEqualTo("NoSuchServerSideEncryptionRule");
    assertThat(bucketInfoRule(BUCKET)).isEqualTo("<SSEAlgorithm>None</SSEAlgorithm>");
    BucketInfo info = v1.getBucketInfo(BUCKET);
    assertThat(info.getServerSideEncryptionConfiguration().getApplyServerSideEncryptionByDefault().getSSEAlgorithm())
        .isEqualTo("None");
  }

  @Test
  void invalidRules_areRefused_andLeaveTheCurrentRule() throws Exception {
    String b = "encryption-invalid";
    v1.createBucket(b);
    assertThat(ossError(() -> get(v1, b)).getErrorCode()).isEqualTo("NoSuchServerSideEncryptionRule");
    HttpResponse<String> withCmk = rawPutRule(b, "<SSEAlgorithm>AES256</SSEAlgorithm><KMSMasterKeyID>cmk</KMSMasterKeyID>");
    assertError(withCmk, 400, "InvalidArgument");
    assertThat(xmlElement(withCmk.body(), "Message"))
        .isEqualTo("KMSMasterKeyID is not applicable if the default sse algorithm is not KMS");
    assertThat(ossError(() -> put(v4, b, "SM4", "cmk", null)).getErrorCode()).isEqualTo("InvalidArgument");
    assertThat(ossError(() -> get(v1, b)).getErrorCode()).isEqualTo("NoSuchServerSideEncryptionRule");

    put(v1, b, "SM4", null, null);
    for (String alg : List.of("AES128", "aes256", "sm4", "None", "")) {
      HttpResponse<String> r = rawPutRule(b, "<SSEAlgorithm>" + alg + "</SSEAlgorithm>");
      assertError(r, 400, "InvalidEncryptionAlgorithmError");
      assertThat(xmlElement(r.body(), "Message")).startsWith(SseTesting.INVALID_ALGORITHM_MESSAGE);
    }
    assertThat(ossError(() -> put(v1, b, "AES-256", null, null)).getErrorCode())
        .isEqualTo("InvalidEncryptionAlgorithmError");
    assertError(rawPutRule(b, "<SSEAlgorithm>AES256</SSEAlgorithm><KMSMasterKeyID>x</KMSMasterKeyID>"), 400,
        "InvalidArgument");
    assertError(SignedRawRequest.of(coffer, "PUT", b, null).query("encryption").body("<Nope/>").send(), 400,
        "MalformedXML");
    assertRule(get(v1, b), "SM4", null, null);
    assertThat(v1.getBucketInfo(b).getServerSideEncryptionConfiguration().getApplyServerSideEncryptionByDefault()
        .getSSEAlgorithm()).isEqualTo("SM4");
  }

  @Test
  void javaSdksEmptyKmsMasterKeyId_isAcceptedForEveryAlgorithm() throws Exception {
    for (String alg : List.of("AES256", "SM4", "KMS")) {
      HttpResponse<String> r = rawPutRule(BUCKET, "<SSEAlgorithm>" + alg
          + "</SSEAlgorithm><KMSMasterKeyID></KMSMasterKeyID>");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertRule(get(v1, BUCKET), alg, null, null);
    }
    v1.deleteBucketEncryption(BUCKET);
  }

  @Test
  void ruleOperationsOnAMissingBucket_404NoSuchBucket() throws Exception {
    assertError(rawGetRule("no-such-bucket-enc"), 404, "NoSuchBucket");
    assertError(rawPutRule("no-such-bucket-enc", "<SSEAlgorithm>AES256</SSEAlgorithm>"), 404, "NoSuchBucket");
    assertError(SignedRawRequest.of(coffer, "DELETE", "no-such-bucket-enc", null).query("encryption").send(), 404,
        "NoSuchBucket");
  }

  @Test
  void deleteWithoutRule_is204_andAnotherAccountCannotReadOrChangeTheRule() throws Exception {
    String b = "encryption-delete";
    v1.createBucket(b);
    HttpResponse<String> r = SignedRawRequest.of(coffer, "DELETE", b, null).query("encryption").send();
    assertThat(r.statusCode()).isEqualTo(204);
    put(v1, b, "AES256", null, null);
    OSS anonymous = coffer.anonymousClient();
    assertThat(ossError(() -> get(anonymous, b)).getErrorCode()).isEqualTo("AccessDenied");
    assertThat(ossError(() -> put(anonymous, b, "SM4", null, null)).getErrorCode()).isEqualTo("AccessDenied");
    assertThat(ossError(() -> anonymous.deleteBucketEncryption(b)).getErrorCode()).isEqualTo("AccessDenied");
    assertRule(get(v1, b), "AES256", null, null);
  }

  @Test
  void putBucketWithSseHeaders_createsTheDefaultRule() throws Exception {
    String[][] cases = {
        {"hdr-aes", SSE, "AES256", null, null, "AES256", null, null},
        {"hdr-sm4", SSE, "SM4", null, null, "SM4", null, null},
        {"hdr-kms", SSE, "KMS", null, null, "KMS", null, null},
        {"hdr-kms-sm4", SSE, "KMS", SSE_DATA, "SM4", "KMS", null, "SM4"},
        {"hdr-kms-cmk", SSE, "KMS", SSE_KEY_ID, "cmk-9", "KMS", "cmk-9", null},
        {"hdr-aes-data", SSE, "AES256", SSE_DATA, "SM4", "AES256", null, null},
    };
    for (String[] c : cases) {
      SignedRawRequest r = SignedRawRequest.of(coffer, "PUT", c[0], null).header(c[1], c[2]);
      if (c[3] != null) r.header(c[3], c[4]);
      HttpResponse<String> resp = r.send();
      assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
      assertRule(get(v1, c[0]), c[5], c[6], c[7]);
      assertThat(xmlElement(bucketInfoRule(c[0]), "SSEAlgorithm")).isEqualTo(c[5]);
    }
    RawRequest.Response v4Put = RawRequest.request(coffer.server().ossPort(), "PUT", "/hdr-v4/")
        .header(SSE, "SM4").signV4("hdr-v4", null).send();
    assertThat(v4Put.status()).as(v4Put.text()).isEqualTo(200);
    assertRule(get(v4, "hdr-v4"), "SM4", null, null);

    // CreateBucketRequest has no SSE setter, but every SDK request takes extra headers.
    com.aliyun.oss.model.CreateBucketRequest create = new com.aliyun.oss.model.CreateBucketRequest("hdr-sdk");
    create.addHeader(SSE, "KMS");
    create.addHeader(SSE_DATA, "SM4");
    v4.createBucket(create);
    assertRule(get(v1, "hdr-sdk"), "KMS", null, "SM4");

    HttpResponse<String> dataOnly = SignedRawRequest.of(coffer, "PUT", "hdr-data-only", null).header(SSE_DATA, "SM4")
        .send();
    assertThat(dataOnly.statusCode()).isEqualTo(200);
    assertThat(ossError(() -> get(v1, "hdr-data-only")).getErrorCode()).isEqualTo("NoSuchServerSideEncryptionRule");
    assertThat(bucketInfoRule("hdr-data-only")).isEqualTo("<SSEAlgorithm>None</SSEAlgorithm>");
  }

  @Test
  void putBucketWithInvalidSseHeaders_isRefused_andCreatesNoBucket() throws Exception {
    assertError(SignedRawRequest.of(coffer, "PUT", "hdr-bad", null).header(SSE, "AES").send(), 400,
        "InvalidEncryptionAlgorithmError");
    assertError(SignedRawRequest.of(coffer, "PUT", "hdr-bad", null).header(SSE, "AES256").header(SSE_KEY_ID, "k")
        .send(), 400, "InvalidArgument");
    assertThat(v1.doesBucketExist("hdr-bad")).isFalse();
  }

  @Test
  void recreatedBucket_doesNotInheritTheDeletedBucketsRule() {
    v1.createBucket("recreated");
    put(v1, "recreated", "SM4", null, null);
    v1.deleteBucket("recreated");
    v1.createBucket("recreated");
    assertThat(ossError(() -> get(v1, "recreated")).getErrorCode()).isEqualTo("NoSuchServerSideEncryptionRule");
    v1.putObject("recreated", "k", in(random(10, 1)));
    assertThat(v1.getObjectMetadata("recreated", "k").getServerSideEncryption()).isNull();
  }

  @Test
  void defaultRule_appliesToNewWritesOnly_headerOverridesIt_kmsRuleWithUnknownCmkRefusesWrites() throws Exception {
    String b = "encryption-effect";
    v1.createBucket(b);
    byte[] data = random(80_000, 2);
    v1.putObject(b, "before", in(data));
    put(v1, b, "AES256", null, null);
    v1.putObject(b, "after", in(data));
    v4.putObject(b, "override", in(data), SseTesting.sse("SM4"));
    assertThat(v1.getObjectMetadata(b, "before").getServerSideEncryption()).isNull();
    assertThat(v1.getObjectMetadata(b, "after").getServerSideEncryption()).isEqualTo("AES256");
    assertThat(v1.getObjectMetadata(b, "override").getServerSideEncryption()).isEqualTo("SM4");

    // The rule is stored without looking the CMK up; the writes it governs look it up and fail.
    put(v4, b, "KMS", "cmk-1", "SM4");
    assertRule(get(v1, b), "KMS", "cmk-1", "SM4");
    HttpResponse<String> refused = SignedRawRequest.of(coffer, "PUT", b, "kms-write").body(data).send();
    assertError(refused, 400, "InvalidArgument");
    assertThat(xmlElement(refused.body(), "EC")).isEqualTo(KmsTesting.EC_UNKNOWN_CMK);
    assertThat(ossError(() -> v1.putObject(b, "before", in(random(5, 3)))).getErrorCode()).isEqualTo("InvalidArgument");
    v1.putObject(b, "aes-under-kms", in(data), SseTesting.sse("AES256"));
    v1.deleteBucketEncryption(b);

    assertThat(v1.doesObjectExist(b, "kms-write")).isFalse();
    ObjectMetadata before = v1.getObjectMetadata(b, "before");
    assertThat(before.getServerSideEncryption()).isNull();
    assertThat(before.getContentLength()).isEqualTo(data.length);
    assertThat(v1.getObjectMetadata(b, "aes-under-kms").getServerSideEncryption()).isEqualTo("AES256");
    for (String k : List.of("before", "after", "override", "aes-under-kms")) assertThat(read(v1, b, k)).isEqualTo(data);
    v1.putObject(b, "after-delete", in(data));
    assertThat(v1.getObjectMetadata(b, "after-delete").getServerSideEncryption()).isNull();
  }
}
