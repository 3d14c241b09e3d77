package io.coffer.server.sse;

import static io.coffer.server.sse.SseTesting.SSE;
import static io.coffer.server.sse.SseTesting.SSE_DATA;
import static io.coffer.server.sse.SseTesting.assertError;
import static io.coffer.server.sse.SseTesting.assertSse;
import static io.coffer.server.sse.SseTesting.in;
import static io.coffer.server.sse.SseTesting.ossError;
import static io.coffer.server.sse.SseTesting.random;
import static io.coffer.server.sse.SseTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.AppendObjectRequest;
import com.aliyun.oss.model.AppendObjectResult;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.SSEAlgorithm;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.SignedRawRequest;
import io.coffer.server.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AppendObject and SSE (oss-api.md §8.9, §10.2): the first append fixes the encryption; later
 * appends ignore SSE headers, whatever they say, and answer with the object's own.
 */
class SseAppendIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "sse-append";
  static final String DEFAULTS = "sse-append-defaults";
  static OSS v1;
  static OSS v4;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
    v1.createBucket(DEFAULTS);
  }

  static void setDefault(String bucket, SSEAlgorithm alg) {
    ServerSideEncryptionConfiguration c = new ServerSideEncryptionConfiguration();
    c.setApplyServerSideEncryptionByDefault(new ServerSideEncryptionByDefault(alg));
    v1.setBucketEncryption(new SetBucketEncryptionRequest(bucket, c));
  }

  /** An SDK append with CRC checking: the SDK compares its running CRC-64 with the server's. */
  static AppendObjectResult append(OSS oss, String bucket, String key, long position, long initCrc, byte[] piece,
      ObjectMetadata meta) {
    AppendObjectRequest a = new AppendObjectRequest(bucket, key, in(piece));
    a.setPosition(position);
    a.setInitCRC(initCrc);
    if (meta != null) a.setMetadata(meta);
    return oss.appendObject(a);
  }

  static HttpResponse<String> rawAppend(String bucket, String key, long position, byte[] piece, String... headers)
      throws Exception {
    SignedRawRequest r = SignedRawRequest.of(coffer, "POST", bucket, key).query("append&position=" + position)
        .body(piece);
    for (int i = 0; i < headers.length; i += 2) r.header(headers[i], headers[i + 1]);
    return r.send();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.coffer.server.sse.SseTesting#algorithms")
  void firstAppendFixesSse_laterAppendsWithOtherOrNoSseAreIgnored_andCrcStaysRight(String alg) throws Exception {
    String key = "fixed/" + alg;
    String other = alg.equals("AES256") ? "SM4" : "AES256";
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] p1 = random(70_000, 1);
    AppendObjectResult r1 = append(v1, BUCKET, key, 0, 0, p1, SseTesting.sse(alg));
    all.writeBytes(p1);
    assertSse(r1, alg);
    assertThat(r1.getNextPosition()).isEqualTo(p1.length);
    assertThat(r1.getServerCRC()).isEqualTo(TestData.crc64Value(all.toByteArray()));

    byte[] p2 = random(65_536, 2);
    AppendObjectResult r2 = append(v4, BUCKET, key, all.size(), r1.getServerCRC(), p2, SseTesting.sse(other));
    all.writeBytes(p2);
    assertSse(r2, alg);
    byte[] p3 = random(5, 3);
    AppendObjectResult r3 = append(v1, BUCKET, key, all.size(), r2.getServerCRC(), p3, null);
    all.writeBytes(p3);
    assertSse(r3, alg);
    assertThat(r3.getServerCRC()).isEqualTo(TestData.crc64Value(all.toByteArray()));

    // The raw appends show the response headers: the object's SSE, whatever the request asked for.
    String[][] laterHeaders = {{SSE, other}, {}, {SSE, "KMS"}, {SSE, alg, SSE_DATA, "SM4"}, {SSE_DATA, "SM4"}};
    for (String[] h : laterHeaders) {
      byte[] piece = random(10_001, all.size());
      HttpResponse<String> r = rawAppend(BUCKET, key, all.size(), piece, h);
      all.writeBytes(piece);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertSse(r, alg);
      assertThat(r.headers().firstValue("x-oss-next-append-position")).hasValue(Long.toString(all.size()));
      assertThat(r.headers().firstValue("x-oss-hash-crc64ecma")).hasValue(TestData.crc64(all.toByteArray()));
    }

    byte[] expected = all.toByteArray();
    ObjectMetadata m = v1.getObjectMetadata(BUCKET, key);
    assertThat(m.getServerSideEncryption()).isEqualTo(alg);
    assertThat(m.getObjectType()).isEqualTo("Appendable");
    assertThat(m.getContentLength()).isEqualTo(expected.length);
    assertThat(m.getServerCRC()).isEqualTo(TestData.crc64Value(expected));
    assertThat(read(v1, BUCKET, key)).isEqualTo(expected);
    assertThat(read(v4, BUCKET, key)).isEqualTo(expected);
  }

  @Test
  void firstAppendResponse_carriesTheNewObjectsSse() throws Exception {
    for (String alg : List.of("AES256", "SM4")) {
      HttpResponse<String> r = rawAppend(BUCKET, "first/" + alg, 0, random(100, 4), SSE, alg);
      assertThat(r.statusCode()).isEqualTo(200);
      assertSse(r, alg);
    }
    HttpResponse<String> plain = rawAppend(BUCKET, "first/plain", 0, random(100, 4));
    assertSse(plain, null);
  }

  @Test
  void plaintextAppendable_staysPlaintextWhenLaterAppendsAskForSse() throws Exception {
    byte[] p1 = random(1000, 5);
    AppendObjectResult r1 = append(v1, BUCKET, "plain", 0, 0, p1, null);
    byte[] p2 = random(2000, 6);
    assertSse(r1, null);
    assertSse(append(v1, BUCKET, "plain", p1.length, r1.getServerCRC(), p2, SseTesting.sse("AES256")), null);
    HttpResponse<String> r = rawAppend(BUCKET, "plain", p1.length + p2.length, random(3, 7), SSE, "SM4");
    assertThat(r.statusCode()).isEqualTo(200);
    assertSse(r, null);
    assertThat(v1.getObjectMetadata(BUCKET, "plain").getServerSideEncryption()).isNull();
    assertThat(read(v1, BUCKET, "plain")).isEqualTo(SseTesting.concat(p1, p2, random(3, 7)));
  }

  @Test
  void firstAppendWithUnknownCmkOrInvalidAlgorithm_isRefused_andStoresNothing() throws Exception {
    assertError(rawAppend(BUCKET, "refused", 0, random(10, 8), SSE, "KMS", SseTesting.SSE_KEY_ID, "no-such-cmk"),
        400, "InvalidArgument");
    assertThat(ossError(() -> append(v4, BUCKET, "refused", 0, 0, random(10, 8),
        KmsTesting.kmsMeta("alias/no-such-cmk", false))).getErrorCode()).isEqualTo("InvalidArgument");
    assertError(rawAppend(BUCKET, "refused", 0, random(10, 8), SSE, "Sm4"), 400, "InvalidEncryptionAlgorithmError");
    assertError(rawAppend(BUCKET, "refused", 0, random(10, 8), SSE, "AES256",
        SseTesting.SSE_KEY_ID, "cmk"), 400, "InvalidArgument");
    assertThat(v1.doesObjectExist(BUCKET, "refused")).isFalse();
  }

  @Test
  void bucketDefault_appliesToTheFirstAppendOnly() throws Exception {
    byte[] before = random(500, 9);
    AppendObjectResult old = append(v1, DEFAULTS, "before-rule", 0, 0, before, null);
    setDefault(DEFAULTS, SSEAlgorithm.SM4);
    byte[] p1 = random(500, 10);
    AppendObjectResult r1 = append(v1, DEFAULTS, "by-default", 0, 0, p1, null);
    append(v1, DEFAULTS, "before-rule", before.length, old.getServerCRC(), p1, null);
    assertThat(v1.getObjectMetadata(DEFAULTS, "before-rule").getServerSideEncryption()).isNull();
    assertThat(v1.getObjectMetadata(DEFAULTS, "by-default").getServerSideEncryption()).isEqualTo("SM4");

    setDefault(DEFAULTS, SSEAlgorithm.KMS);
    AppendObjectResult kms = append(v1, DEFAULTS, "kms", 0, 0, p1, null);
    KmsTesting.assertKms(kms, KmsTesting.defaultKeyId(coffer), false);
    // An existing object keeps its own encryption: the KMS default does not touch later appends.
    byte[] p2 = random(700, 11);
    append(v1, DEFAULTS, "by-default", p1.length, r1.getServerCRC(), p2, null);
    append(v1, DEFAULTS, "with-header", 0, 0, p1, SseTesting.sse("AES256"));
    v1.deleteBucketEncryption(DEFAULTS);

    assertThat(v1.getObjectMetadata(DEFAULTS, "by-default").getServerSideEncryption()).isEqualTo("SM4");
    assertThat(v1.getObjectMetadata(DEFAULTS, "with-header").getServerSideEncryption()).isEqualTo("AES256");
    KmsTesting.assertKms(v1.getObjectMetadata(DEFAULTS, "kms"), KmsTesting.defaultKeyId(coffer), false);
    assertThat(read(v4, DEFAULTS, "kms")).isEqualTo(p1);
    assertThat(read(v1, DEFAULTS, "by-default")).isEqualTo(SseTesting.concat(p1, p2));
    assertThat(read(v1, DEFAULTS, "before-rule")).isEqualTo(SseTesting.concat(before, p1));
  }
}
