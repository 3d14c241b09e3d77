package io.coffer.server.sse;

import static io.coffer.server.sse.SseTesting.INVALID_ALGORITHM_MESSAGE;
import static io.coffer.server.sse.SseTesting.SSE;
import static io.coffer.server.sse.SseTesting.SSE_DATA;
import static io.coffer.server.sse.SseTesting.SSE_KEY_ID;
import static io.coffer.server.sse.SseTesting.assertError;
import static io.coffer.server.sse.SseTesting.assertSse;
import static io.coffer.server.sse.SseTesting.filesContaining;
import static io.coffer.server.sse.SseTesting.marker;
import static io.coffer.server.sse.SseTesting.markerContent;
import static io.coffer.server.sse.SseTesting.random;
import static io.coffer.server.sse.SseTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.MatchMode;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PolicyConditions;
import com.aliyun.oss.model.SSEAlgorithm;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawHttp;
import io.coffer.server.testing.RawHttp.Form;
import io.coffer.server.testing.TestData;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Date;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** PostObject with the {@code x-oss-server-side-encryption} form field (oss-api.md §8.10, §10.2). */
class SsePostObjectIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "sse-post";
  static final String DEFAULTS = "sse-post-defaults";
  static OSS v1;
  static OSS v4;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
    v1.createBucket(DEFAULTS);
  }

  static Date inOneHour() {
    return new Date(System.currentTimeMillis() + 3_600_000);
  }

  static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A V1-signed form whose policy the SDK built from {@code conditions}. */
  static Form signedV1(Consumer<PolicyConditions> conditions) {
    PolicyConditions c = new PolicyConditions();
    conditions.accept(c);
    String policy = v1.generatePostPolicy(inOneHour(), c);
    return new Form()
        .field("OSSAccessKeyId", CofferExtension.ACCESS_KEY_ID)
        .field("policy", base64(policy))
        .field("Signature", v1.calculatePostSignature(policy));
  }

  /** A V4-signed form, its policy and signature made by the SDK's V4 client. */
  static Form signedV4(Consumer<PolicyConditions> conditions) {
    Date now = new Date();
    String day = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(now.toInstant());
    String credential = CofferExtension.ACCESS_KEY_ID + "/" + day + "/" + CofferExtension.REGION
        + "/oss/aliyun_v4_request";
    String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now.toInstant());
    PolicyConditions c = new PolicyConditions();
    c.addConditionItem("x-oss-signature-version", "OSS4-HMAC-SHA256");
    c.addConditionItem("x-oss-credential", credential);
    c.addConditionItem("x-oss-date", date);
    conditions.accept(c);
    String policy = v4.generatePostPolicy(inOneHour(), c);
    return new Form()
        .field("x-oss-signature-version", "OSS4-HMAC-SHA256")
        .field("x-oss-credential", credential)
        .field("x-oss-date", date)
        .field("policy", base64(policy))
        .field("x-oss-signature", v4.calculatePostSignature(policy, now));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void postWithSseField_storesSealedObject_andAnswersWithItsSse(String alg) throws Exception {
    String marker = marker();
    byte[] data = markerContent(marker, 200_000);
    HttpResponse<String> r = signedV1(c -> c.addConditionItem(SSE, alg))
        .field("key", "v1/" + alg)
        .field("success_action_status", "201")
        .field(SSE, alg)
        .file("f.bin", "application/octet-stream", data)
        .postTo(coffer.endpoint(), BUCKET);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertSse(r, alg);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + TestData.etag(data) + "\"");

    byte[] small = random(1234, 1);
    HttpResponse<String> r4 = signedV4(c -> c.addConditionItem(MatchMode.StartWith, PolicyConditions.COND_KEY, "v4/"))
        .field("key", "v4/" + alg)
        .field(SSE, alg)
        .file("g.bin", null, small)
        .postTo(coffer.endpoint(), BUCKET);
    assertThat(r4.statusCode()).as(r4.body()).isEqualTo(204);
    assertSse(r4, alg);

    for (OSS oss : new OSS[] {v1, v4}) {
      ObjectMetadata m = oss.getObjectMetadata(BUCKET, "v1/" + alg);
      assertThat(m.getServerSideEncryption()).isEqualTo(alg);
      assertThat(m.getServerCRC()).isEqualTo(TestData.crc64Value(data));
      assertThat(read(oss, BUCKET, "v1/" + alg)).isEqualTo(data);
      assertThat(read(oss, BUCKET, "v4/" + alg)).isEqualTo(small);
      assertThat(oss.getObjectMetadata(BUCKET, "v4/" + alg).getServerSideEncryption()).isEqualTo(alg);
    }
    assertThat(filesContaining(coffer.dataDir(), marker)).isEmpty();
  }

  @Test
  void postWithKmsFields_sealsUnderTheNamedOrDefaultCmk_withSm4WhenAsked_andAnswersTheRealCmkId() throws Exception {
    String cmk = KmsTesting.createKey(coffer);
    KmsTesting.kms(coffer).createAlias(KmsTesting.root(coffer), "alias/post-key", cmk);
    String marker = marker();
    byte[] data = markerContent(marker, 150_000);
    HttpResponse<String> byDefault = signedV1(c -> c.addConditionItem(SSE, "KMS")).field("key", "kms/default")
        .field(SSE, "KMS").file("f", null, data).postTo(coffer.endpoint(), BUCKET);
    assertThat(byDefault.statusCode()).as(byDefault.body()).isEqualTo(204);
    String defaultCmk = KmsTesting.defaultKeyId(coffer);
    KmsTesting.assertKms(byDefault, defaultCmk, false);
    HttpResponse<String> byAlias = signedV4(c -> {}).field("key", "kms/alias").field(SSE, "KMS")
        .field(SSE_KEY_ID, "alias/post-key").field(SSE_DATA, "SM4").file("f", null, data)
        .postTo(coffer.endpoint(), BUCKET);
    assertThat(byAlias.statusCode()).as(byAlias.body()).isEqualTo(204);
    KmsTesting.assertKms(byAlias, cmk, true);
    HttpResponse<String> byId = signedV1(c -> {}).field("key", "kms/id").field(SSE, "KMS").field(SSE_KEY_ID, cmk)
        .field("success_action_status", "201").file("f", null, data).postTo(coffer.endpoint(), BUCKET);
    assertThat(byId.statusCode()).as(byId.body()).isEqualTo(201);
    KmsTesting.assertKms(byId, cmk, false);

    String[][] expected = {{"kms/default", defaultCmk, "false"}, {"kms/alias", cmk, "true"}, {"kms/id", cmk, "false"}};
    for (String[] e : expected) {
      KmsTesting.assertKms(v4.getObjectMetadata(BUCKET, e[0]), e[1], Boolean.parseBoolean(e[2]));
      assertThat(KmsTesting.stored(coffer, BUCKET, e[0]).algorithm()).isEqualTo(e[2].equals("true") ? "SM4" : "AES256");
      assertThat(read(v1, BUCKET, e[0])).isEqualTo(data);
    }
    assertThat(filesContaining(coffer.dataDir(), marker)).isEmpty();
  }

  @Test
  void postWithoutSseField_isPlaintextWithoutSseHeaders_andDataEncryptionAloneIsIgnored() throws Exception {
    HttpResponse<String> r = signedV1(c -> {}).field("key", "plain").file("p", null, random(100, 2))
        .postTo(coffer.endpoint(), BUCKET);
    assertThat(r.statusCode()).isEqualTo(204);
    assertSse(r, null);
    HttpResponse<String> d = signedV1(c -> {}).field("key", "data-only").field(SSE_DATA, "SM4")
        .file("p", null, random(100, 2)).postTo(coffer.endpoint(), BUCKET);
    assertThat(d.statusCode()).isEqualTo(204);
    assertSse(d, null);
    assertThat(v1.getObjectMetadata(BUCKET, "plain").getServerSideEncryption()).isNull();
    assertThat(v1.getObjectMetadata(BUCKET, "data-only").getServerSideEncryption()).isNull();
  }

  @Test
  void postWithInvalidAlgorithmUnknownCmkOrKeyId_isRefused_andStoresNothing() throws Exception {
    HttpResponse<String> bad = signedV1(c -> {}).field("key", "refused").field(SSE, "AES-256")
        .file("p", null, random(100, 3)).postTo(coffer.endpoint(), BUCKET);
    assertError(bad, 400, "InvalidEncryptionAlgorithmError");
    assertThat(RawHttp.element(bad.body(), "Message")).startsWith(INVALID_ALGORITHM_MESSAGE);
    HttpResponse<String> unknown = signedV1(c -> {}).field("key", "refused").field(SSE, "KMS")
        .field(SSE_KEY_ID, java.util.UUID.randomUUID().toString()).file("p", null, random(100, 3))
        .postTo(coffer.endpoint(), BUCKET);
    assertError(unknown, 400, "InvalidArgument");
    assertThat(RawHttp.element(unknown.body(), "EC")).isEqualTo(KmsTesting.EC_UNKNOWN_CMK);
    assertError(signedV4(c -> {}).field("key", "refused").field(SSE, "AES256").field(SSE_KEY_ID, "cmk")
        .file("p", null, random(100, 3)).postTo(coffer.endpoint(), BUCKET), 400, "InvalidArgument");
    assertThat(v1.doesObjectExist(BUCKET, "refused")).isFalse();
  }

  @Test
  void postWhosePolicyPinsTheSseField_refusesAnotherValue() throws Exception {
    HttpResponse<String> r = signedV1(c -> c.addConditionItem(SSE, "AES256")).field("key", "pinned")
        .field(SSE, "SM4").file("p", null, random(100, 4)).postTo(coffer.endpoint(), BUCKET);
    assertError(r, 403, "AccessDenied");
    assertThat(v1.doesObjectExist(BUCKET, "pinned")).isFalse();
  }

  @Test
  void postIntoBucketWithDefault_takesTheDefault_fieldOverridesIt_kmsDefaultUsesTheDefaultCmk() throws Exception {
    ServerSideEncryptionConfiguration c = new ServerSideEncryptionConfiguration();
    c.setApplyServerSideEncryptionByDefault(new ServerSideEncryptionByDefault(SSEAlgorithm.SM4));
    v1.setBucketEncryption(new SetBucketEncryptionRequest(DEFAULTS, c));
    HttpResponse<String> byDefault = signedV1(x -> {}).field("key", "by-default").file("p", null, random(10, 5))
        .postTo(coffer.endpoint(), DEFAULTS);
    assertSse(byDefault, "SM4");
    HttpResponse<String> byField = signedV1(x -> {}).field("key", "by-field").field(SSE, "AES256")
        .file("p", null, random(10, 5)).postTo(coffer.endpoint(), DEFAULTS);
    assertSse(byField, "AES256");

    c.setApplyServerSideEncryptionByDefault(new ServerSideEncryptionByDefault(SSEAlgorithm.KMS));
    v1.setBucketEncryption(new SetBucketEncryptionRequest(DEFAULTS, c));
    HttpResponse<String> kms = signedV1(x -> {}).field("key", "kms").file("p", null, random(10, 5))
        .postTo(coffer.endpoint(), DEFAULTS);
    assertThat(kms.statusCode()).as(kms.body()).isEqualTo(204);
    KmsTesting.assertKms(kms, KmsTesting.defaultKeyId(coffer), false);
    c.getApplyServerSideEncryptionByDefault().setKMSMasterKeyID("alias/no-such-key");
    v1.setBucketEncryption(new SetBucketEncryptionRequest(DEFAULTS, c));
    assertError(signedV1(x -> {}).field("key", "kms-unknown").file("p", null, random(10, 5))
        .postTo(coffer.endpoint(), DEFAULTS), 400, "InvalidArgument");
    v1.deleteBucketEncryption(DEFAULTS);
    assertThat(v1.doesObjectExist(DEFAULTS, "kms-unknown")).isFalse();
    KmsTesting.assertKms(v1.getObjectMetadata(DEFAULTS, "kms"), KmsTesting.defaultKeyId(coffer), false);
    assertThat(read(v4, DEFAULTS, "kms")).isEqualTo(random(10, 5));
    assertThat(v1.getObjectMetadata(DEFAULTS, "by-default").getServerSideEncryption()).isEqualTo("SM4");
    assertThat(v1.getObjectMetadata(DEFAULTS, "by-field").getServerSideEncryption()).isEqualTo("AES256");
    assertThat(read(v1, DEFAULTS, "by-default")).isEqualTo(random(10, 5));
  }
}
