package io.coffer.server.sse;

import static io.coffer.server.sse.KmsTesting.assertKms;
import static io.coffer.server.sse.KmsTesting.kmsMeta;
import static io.coffer.server.sse.SseTesting.SSE;
import static io.coffer.server.sse.SseTesting.SSE_DATA;
import static io.coffer.server.sse.SseTesting.SSE_KEY_ID;
import static io.coffer.server.sse.SseTesting.assertError;
import static io.coffer.server.sse.SseTesting.blobFiles;
import static io.coffer.server.sse.SseTesting.in;
import static io.coffer.server.sse.SseTesting.isSealed;
import static io.coffer.server.sse.SseTesting.ossError;
import static io.coffer.server.sse.SseTesting.random;
import static io.coffer.server.sse.SseTesting.read;
import static io.coffer.server.sse.SseTesting.sealedLength;
import static io.coffer.server.testing.SignedRawRequest.xmlElement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PutObjectRequest;
import com.aliyun.oss.model.PutObjectResult;
import com.aliyun.oss.model.SSEAlgorithm;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import io.coffer.core.error.CofferException;
import io.coffer.core.kms.KeyMetadata;
import io.coffer.core.kms.KeySpec;
import io.coffer.core.kms.KeyState;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.DataDir;
import io.coffer.server.testing.SignedRawRequest;
import io.coffer.server.testing.TestData;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PutObject, GetObject and HeadObject with SSE-KMS (oss-api.md §10, kms-ram-api.md §2.11): the
 * default CMK made on first use, a named CMK (id, alias or ARN), SM4 data encryption, bucket
 * default rules, and the real CMK id on every response.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SseKmsObjectIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "sse-kms-objects";
  static OSS v1;
  static OSS v4;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
  }

  static String defaultCmk() {
    return KmsTesting.defaultKeyId(coffer);
  }

  static void setRule(String bucket, String cmk, String dataEncryption) {
    ServerSideEncryptionByDefault d = new ServerSideEncryptionByDefault(SSEAlgorithm.KMS);
    if (cmk != null) d.setKMSMasterKeyID(cmk);
    if (dataEncryption != null) d.setKMSDataEncryption(dataEncryption);
    ServerSideEncryptionConfiguration c = new ServerSideEncryptionConfiguration();
    c.setApplyServerSideEncryptionByDefault(d);
    v1.setBucketEncryption(new SetBucketEncryptionRequest(bucket, c));
  }

  static List<Path> blobsWrittenBy(Runnable write) {
    List<Path> before = blobFiles(coffer.dataDir());
    write.run();
    List<Path> after = new ArrayList<>(blobFiles(coffer.dataDir()));
    after.removeAll(before);
    return after;
  }

  static Map<String, String> headersOf(ObjectMetadata m) {
    return m.getRawMetadata().entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
  }

  @Test
  @Order(1)
  void putWithoutKeyId_usesTheDefaultCmkMadeOnFirstUse_andPutGetHeadNameItsRealId() throws Exception {
    assertThatThrownBy(SseKmsObjectIT::defaultCmk).isInstanceOf(CofferException.KmsAliasNotFound.class);
    // Concurrent first uploads agree on one default key.
    List<java.util.concurrent.Future<String>> first = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
      for (int i = 0; i < 6; i++) {
        String key = "first/" + i;
        first.add(pool.submit(() -> {
          v1.putObject(BUCKET, key, in(random(1000, 1)), kmsMeta(null, false));
          return v4.getObjectMetadata(BUCKET, key).getServerSideEncryptionKeyId();
        }));
      }
      for (var f : first) assertThat(f.get()).isEqualTo(defaultCmk());
    }
    for (OSS oss : List.of(v1, v4)) {
      String key = "default/" + (oss == v1 ? "v1" : "v4");
      byte[] data = random(200_001, key.hashCode());
      PutObjectRequest request = new PutObjectRequest(BUCKET, key, in(data), kmsMeta(null, false));
      request.setProcess(""); // makes the SDK keep the response headers
      PutObjectResult typed = oss.putObject(request);
      String cmk = defaultCmk();
      assertKms(typed, cmk, false);
      PutObjectResult put = oss.putObject(BUCKET, key, in(data), kmsMeta(null, false));
      assertThat(put.getETag()).isEqualTo(TestData.etag(data));
      assertThat(put.getServerCRC()).isEqualTo(TestData.crc64Value(data));

      try (OSSObject o = oss.getObject(BUCKET, key)) {
        assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
        assertKms(o, cmk, false);
        assertKms(o.getObjectMetadata(), cmk, false);
        assertThat(o.getObjectMetadata().getContentLength()).isEqualTo(data.length);
        assertThat(o.getObjectMetadata().getContentMD5()).isEqualTo(TestData.md5Base64(data));
        assertThat(o.getObjectMetadata().getServerCRC()).isEqualTo(TestData.crc64Value(data));
      }
      try (OSSObject part = oss.getObject(new GetObjectRequest(BUCKET, key).withRange(65_000, 140_000))) {
        assertThat(part.getObjectContent().readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 65_000, 140_001));
      }
      ObjectMetadata head = oss.getObjectMetadata(BUCKET, key);
      assertKms(head, cmk, false);
      assertKms(headersOf(head), cmk, false);
      assertKms(SignedRawRequest.of(coffer, "GET", BUCKET, key).send(), cmk, false);
      assertKms(SignedRawRequest.of(coffer, "HEAD", BUCKET, key).send(), cmk, false);
      HttpResponse<String> raw = SignedRawRequest.of(coffer, "PUT", BUCKET, key + "/raw").header(SSE, "KMS")
          .body(data).send();
      assertThat(raw.statusCode()).as(raw.body()).isEqualTo(200);
      assertKms(raw, cmk, false);
      assertThat(read(oss, BUCKET, key + "/raw")).isEqualTo(data);
    }
    // One default key, however many objects: a service key, Enabled, behind alias/acs/oss.
    KeyMetadata k = KmsTesting.kms(coffer).describeKey(KmsTesting.root(coffer), "alias/acs/oss");
    assertThat(k.service()).isTrue();
    assertThat(k.state()).isEqualTo(KeyState.Enabled);
    assertThat(KmsTesting.kms(coffer).listKeys(KmsTesting.root(coffer))).extracting(KeyMetadata::keyId)
        .containsExactly(k.keyId());
    DataDir.StoredSse s = KmsTesting.stored(coffer, BUCKET, "default/v1");
    assertThat(s.method()).isEqualTo("KMS");
    assertThat(s.algorithm()).isEqualTo("AES256");
    assertThat(s.cmk()).isEqualTo(k.keyId());
    assertThat(KmsTesting.blobVersion(coffer, BUCKET, "default/v1")).isEqualTo(k.primaryVersionId());
  }

  @Test
  void putNamingACmkByIdAliasOrArn_sealsUnderThatCmk_andAnswersItsId() throws Exception {
    String cmk = KmsTesting.createKey(coffer);
    KmsTesting.kms(coffer).createAlias(KmsTesting.root(coffer), "alias/objects", cmk);
    String arn = KmsTesting.kms(coffer).describeKey(KmsTesting.root(coffer), cmk).arn();
    String sm4Cmk = KmsTesting.createKey(coffer, KeySpec.Aliyun_SM4);
    String[][] refs = {{"by-id", cmk, cmk}, {"by-alias", "alias/objects", cmk}, {"by-arn", arn, cmk},
        {"by-sm4-cmk", sm4Cmk, sm4Cmk}};
    for (String[] r : refs) {
      String key = "named/" + r[0];
      byte[] data = random(90_000, key.hashCode());
      OSS oss = r[0].hashCode() % 2 == 0 ? v1 : v4;
      PutObjectRequest request = new PutObjectRequest(BUCKET, key, in(data), kmsMeta(r[1], false));
      request.setProcess("");
      assertKms(oss.putObject(request), r[2], false);
      assertKms(v1.getObjectMetadata(BUCKET, key), r[2], false);
      assertKms(SignedRawRequest.of(coffer, "GET", BUCKET, key).send(), r[2], false);
      assertThat(read(v4, BUCKET, key)).isEqualTo(data);
      assertThat(KmsTesting.stored(coffer, BUCKET, key).cmk()).isEqualTo(r[2]);
      assertThat(KmsTesting.blobVersion(coffer, BUCKET, key)).isEqualTo(KmsTesting.primaryVersion(coffer, r[2]));
    }
    HttpResponse<String> raw = SignedRawRequest.of(coffer, "PUT", BUCKET, "named/raw").header(SSE, "KMS")
        .header(SSE_KEY_ID, "alias/objects").body("raw").send();
    assertThat(raw.statusCode()).isEqualTo(200);
    assertKms(raw, cmk, false);
  }

  @Test
  void putWithKmsAndSm4DataEncryption_sealsTheDataWithSm4_andEveryResponseSaysSm4() throws Exception {
    String cmk = KmsTesting.createKey(coffer);
    int n = 150_000;
    for (String[] c : new String[][] {{null, "true"}, {cmk, "true"}, {cmk, "false"}}) {
      boolean sm4 = Boolean.parseBoolean(c[1]);
      String key = "data-enc/" + c[0] + "/" + sm4;
      byte[] data = random(n, key.hashCode());
      PutObjectRequest request = new PutObjectRequest(BUCKET, key, in(data), kmsMeta(c[0], sm4));
      request.setProcess("");
      PutObjectResult[] put = new PutObjectResult[1];
      List<Path> written = blobsWrittenBy(() -> put[0] = v4.putObject(request));
      String used = c[0] != null ? cmk : defaultCmk();
      assertKms(put[0], used, sm4);
      try (OSSObject o = v1.getObject(BUCKET, key)) {
        assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
        assertKms(o, used, sm4);
      }
      assertKms(SignedRawRequest.of(coffer, "HEAD", BUCKET, key).send(), used, sm4);
      assertThat(KmsTesting.stored(coffer, BUCKET, key).algorithm()).isEqualTo(sm4 ? "SM4" : "AES256");
      // The sealed blob's layout is the data algorithm's (SM4 and AES-256 blobs differ in length).
      assertThat(written).hasSize(1);
      assertThat(isSealed(written.get(0))).isTrue();
      assertThat(Files.size(written.get(0))).isEqualTo(sealedLength(sm4 ? "SM4" : "AES256", n));
    }
    HttpResponse<String> raw = SignedRawRequest.of(coffer, "PUT", BUCKET, "data-enc/raw").header(SSE, "KMS")
        .header(SSE_DATA, "SM4").header(SSE_KEY_ID, cmk).body("sm4").send();
    assertThat(raw.statusCode()).isEqualTo(200);
    assertKms(raw, cmk, true);
    assertKms(SignedRawRequest.of(coffer, "GET", BUCKET, "data-enc/raw").send(), cmk, true);
  }

  @Test
  void putWithInvalidDataEncryptionOrEmptyKeyId_400InvalidArgument_storesNothing() throws Exception {
    assertError(SignedRawRequest.of(coffer, "PUT", BUCKET, "refused").header(SSE, "KMS").header(SSE_DATA, "SM3")
        .body("x").send(), 400, "InvalidArgument");
    assertError(SignedRawRequest.of(coffer, "PUT", BUCKET, "refused").header(SSE, "KMS").header(SSE_KEY_ID, " ")
        .body("x").send(), 400, "InvalidArgument");
    HttpResponse<String> unknown = SignedRawRequest.of(coffer, "PUT", BUCKET, "refused").header(SSE, "KMS")
        .header(SSE_KEY_ID, "acs:kms:cn-hangzhou:" + KmsTesting.root(coffer).accountId() + ":key/"
            + java.util.UUID.randomUUID()).body("x").send();
    assertError(unknown, 400, "InvalidArgument");
    assertThat(xmlElement(unknown.body(), "EC")).isEqualTo(KmsTesting.EC_UNKNOWN_CMK);
    assertThat(v1.doesObjectExist(BUCKET, "refused")).isFalse();
  }

  @Test
  void bucketDefaultKmsRules_governWritesWithoutHeaders_withOrWithoutCmkAndSm4_headersOverrideThem()
      throws Exception {
    String b = "sse-kms-rules";
    v1.createBucket(b);
    String cmk = KmsTesting.createKey(coffer);
    KmsTesting.kms(coffer).createAlias(KmsTesting.root(coffer), "alias/rules", cmk);
    String dflt = defaultCmk();
    byte[] data = random(70_000, 77);
    // {rule CMK, rule data encryption, object, expected CMK, expected SM4}
    String[][] cases = {
        {null, null, "no-cmk", dflt, "false"},
        {cmk, null, "cmk", cmk, "false"},
        {"alias/rules", null, "alias", cmk, "false"},
        {null, "SM4", "sm4", dflt, "true"},
        {cmk, "SM4", "cmk-sm4", cmk, "true"},
    };
    for (String[] c : cases) {
      setRule(b, c[0], c[1]);
      PutObjectRequest request = new PutObjectRequest(b, c[2], in(data));
      request.setProcess("");
      assertKms(v1.putObject(request), c[3], Boolean.parseBoolean(c[4]));
    }
    // The rule is cmk + SM4 now; request headers replace it whole.
    v4.putObject(b, "header-aes", in(data), SseTesting.sse("AES256"));
    v4.putObject(b, "header-kms-default", in(data), kmsMeta(null, false));
    for (String[] c : cases) {
      assertKms(v4.getObjectMetadata(b, c[2]), c[3], Boolean.parseBoolean(c[4]));
      assertThat(KmsTesting.stored(coffer, b, c[2]).algorithm()).isEqualTo(c[4].equals("true") ? "SM4" : "AES256");
      assertThat(read(v1, b, c[2])).isEqualTo(data);
    }
    assertThat(v1.getObjectMetadata(b, "header-aes").getServerSideEncryption()).isEqualTo("AES256");
    assertKms(v1.getObjectMetadata(b, "header-kms-default"), dflt, false);

    // PutBucket with SSE headers makes a KMS rule the same way.
    HttpResponse<String> created = SignedRawRequest.of(coffer, "PUT", "sse-kms-rules-by-header", null)
        .header(SSE, "KMS").header(SSE_KEY_ID, cmk).header(SSE_DATA, "SM4").send();
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    v1.putObject("sse-kms-rules-by-header", "o", in(data));
    assertKms(v1.getObjectMetadata("sse-kms-rules-by-header", "o"), cmk, true);
    assertThat(read(v4, "sse-kms-rules-by-header", "o")).isEqualTo(data);
  }

  @Test
  void bucketRuleNamingAnUnknownCmk_isStored_butWritesFail400_andStoreNothing() throws Exception {
    String b = "sse-kms-bad-rule";
    v1.createBucket(b);
    byte[] data = random(5000, 78);
    v1.putObject(b, "kept", in(data));
    setRule(b, "no-such-cmk", null);
    assertThat(v1.getBucketEncryption(b).getApplyServerSideEncryptionByDefault().getKMSMasterKeyID())
        .isEqualTo("no-such-cmk");
    HttpResponse<String> raw = SignedRawRequest.of(coffer, "PUT", b, "kept").body("new").send();
    assertError(raw, 400, "InvalidArgument");
    assertThat(xmlElement(raw.body(), "EC")).isEqualTo(KmsTesting.EC_UNKNOWN_CMK);
    assertThat(ossError(() -> v4.putObject(b, "new", in(data))).getErrorCode()).isEqualTo("InvalidArgument");
    // A request header still wins over the broken rule.
    v1.putObject(b, "by-header", in(data), SseTesting.sse("SM4"));
    assertThat(v1.doesObjectExist(b, "new")).isFalse();
    assertThat(v1.getObjectMetadata(b, "kept").getServerSideEncryption()).isNull();
    assertThat(read(v1, b, "kept")).isEqualTo(data);
    assertThat(read(v1, b, "by-header")).isEqualTo(data);
  }

  @Test
  void emptyObjectWithKms_roundTripsEmpty_andNamesItsCmk() throws Exception {
    for (boolean sm4 : new boolean[] {false, true}) {
      String key = "empty/" + sm4;
      v1.putObject(BUCKET, key, in(new byte[0]), kmsMeta(null, sm4));
      ObjectMetadata head = v4.getObjectMetadata(BUCKET, key);
      assertThat(head.getContentLength()).isZero();
      assertThat(head.getETag()).isEqualTo(TestData.etag(new byte[0]));
      assertKms(head, defaultCmk(), sm4);
      assertThat(read(v4, BUCKET, key)).isEmpty();
      assertKms(SignedRawRequest.of(coffer, "GET", BUCKET, key).send(), defaultCmk(), sm4);
    }
  }
}
