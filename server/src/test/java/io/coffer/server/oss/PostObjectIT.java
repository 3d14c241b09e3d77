package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.MatchMode;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PolicyConditions;
import com.aliyun.oss.model.StorageClass;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawHttp;
import io.coffer.server.testing.RawHttp.Form;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostObject through plain HTTP forms, with policies and signatures made by the official SDK
 * ({@code generatePostPolicy}, {@code calculatePostSignature}, V1 and V4 clients).
 */
class PostObjectIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  private static final String BUCKET = "post-forms";
  private static final String OPEN_BUCKET = "post-open";
  static OSS oss;
  static OSS v4;

  @BeforeAll
  static void setUp() {
    oss = coffer.client();
    v4 = coffer.clientV4();
    oss.createBucket(BUCKET);
    oss.createBucket(OPEN_BUCKET);
    oss.setBucketAcl(OPEN_BUCKET, CannedAccessControlList.PublicReadWrite);
  }

  private static Date inOneHour() {
    return new Date(System.currentTimeMillis() + 3_600_000);
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A V1-signed form whose policy the SDK built from {@code conditions}. */
  private static Form signedV1(Date expiration, Consumer<PolicyConditions> conditions) {
    PolicyConditions c = new PolicyConditions();
    conditions.accept(c);
    String policy = oss.generatePostPolicy(expiration, c);
    return new Form()
        .field("OSSAccessKeyId", CofferExtension.ACCESS_KEY_ID)
        .field("policy", base64(policy))
        .field("Signature", oss.calculatePostSignature(policy));
  }

  private static Form signedV1(Consumer<PolicyConditions> conditions) {
    return signedV1(inOneHour(), conditions);
  }

  private static String md5Hex(byte[] b) throws Exception {
    return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(RawHttp.element(r.body(), "Code")).isEqualTo(code);
    assertThat(r.headers().firstValue("x-oss-request-id")).hasValueSatisfying(id -> assertThat(id).hasSize(24));
  }

  private static void assertPolicyViolation(HttpResponse<String> r, String bucket, String key) {
    assertError(r, 403, "AccessDenied");
    assertThat(RawHttp.element(r.body(), "Message")).startsWith("Invalid according to Policy: Policy Condition failed: ");
    assertThat(oss.doesObjectExist(bucket, key)).isFalse();
  }

  // ---- happy paths ----

  @Test
  void postV1_status201_returnsPostResponseAndStoresBytesMetadataAclAndClass() throws Exception {
    byte[] data = random(300_000, 1);
    Form form = signedV1(c -> {
      c.addConditionItem("bucket", BUCKET);
      c.addConditionItem(MatchMode.StartWith, PolicyConditions.COND_KEY, "user/eric/");
      c.addConditionItem(PolicyConditions.COND_CONTENT_LENGTH_RANGE, 1, 1_000_000);
    })
        .field("key", "user/eric/${filename}")
        .field("success_action_status", "201")
        .field("Content-Type", "text/plain")
        .field("Cache-Control", "no-cache")
        .field("Content-Disposition", "attachment; filename=\"x.txt\"")
        .field("x-oss-meta-author", "alice 张")
        .field("x-oss-object-acl", "public-read")
        .field("x-oss-storage-class", "IA")
        .file("report 1.txt", "application/octet-stream", data);

    HttpResponse<String> r = form.postTo(coffer.endpoint(), BUCKET);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    String etag = "\"" + md5Hex(data) + "\"";
    assertThat(r.headers().firstValue("ETag")).hasValue(etag);
    assertThat(RawHttp.element(r.body(), "Bucket")).isEqualTo(BUCKET);
    assertThat(RawHttp.element(r.body(), "Key")).isEqualTo("user/eric/report 1.txt");
    assertThat(RawHttp.element(r.body(), "ETag").replace("&quot;", "\"")).isEqualTo(etag);
    assertThat(RawHttp.element(r.body(), "Location")).isEqualTo(coffer.endpoint() + "/" + BUCKET
        + "/user/eric/report%201.txt");
    try (OSSObject o = oss.getObject(BUCKET, "user/eric/report 1.txt")) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
      ObjectMetadata m = o.getObjectMetadata();
      assertThat(m.getContentType()).isEqualTo("text/plain");
      assertThat(m.getCacheControl()).isEqualTo("no-cache");
      assertThat(m.getContentDisposition()).isEqualTo("attachment; filename=\"x.txt\"");
      assertThat(m.getUserMetadata()).containsEntry("author", "alice 张");
      assertThat(m.getObjectStorageClass()).isEqualTo(StorageClass.IA);
      assertThat(m.getETag()).isEqualTo(md5Hex(data));
    }
    assertThat(oss.getObjectAcl(BUCKET, "user/eric/report 1.txt").getPermission())
        .isEqualTo(com.aliyun.oss.model.ObjectPermission.PublicRead);
  }

  @Test
  void postV4_sdkSignedPolicy_storesObjectWith204() throws Exception {
    Date now = new Date();
    String day = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(now.toInstant());
    String credential = CofferExtension.ACCESS_KEY_ID + "/" + day + "/" + CofferExtension.REGION
        + "/oss/aliyun_v4_request";
    String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(now.toInstant());
    PolicyConditions c = new PolicyConditions();
    c.addConditionItem("x-oss-signature-version", "OSS4-HMAC-SHA256");
    c.addConditionItem("x-oss-credential", credential);
    c.addConditionItem("x-oss-date", date);
    c.addConditionItem(MatchMode.StartWith, PolicyConditions.COND_KEY, "v4/");
    String policy = v4.generatePostPolicy(inOneHour(), c);
    byte[] data = "signed with V4".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> r = new Form()
        .field("key", "v4/${filename}")
        .field("x-oss-signature-version", "OSS4-HMAC-SHA256")
        .field("x-oss-credential", credential)
        .field("x-oss-date", date)
        .field("policy", base64(policy))
        .field("x-oss-signature", v4.calculatePostSignature(policy, now))
        .file("hello.txt", "text/plain", data)
        .postTo(coffer.endpoint(), BUCKET);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
    try (OSSObject o = v4.getObject(BUCKET, "v4/hello.txt")) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
      assertThat(o.getObjectMetadata().getContentType()).isEqualTo("text/plain");
    }
  }

  @Test
  void postV4_wrongSecret_isSignatureDoesNotMatchAndStoresNothing() throws Exception {
    Date now = new Date();
    String day = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(now.toInstant());
    String policy = v4.generatePostPolicy(inOneHour(), new PolicyConditions());
    HttpResponse<String> r = new Form()
        .field("key", "v4/forged")
        .field("x-oss-signature-version", "OSS4-HMAC-SHA256")
        .field("x-oss-credential", CofferExtension.ACCESS_KEY_ID + "/" + day + "/cn-hangzhou/oss/aliyun_v4_request")
        .field("x-oss-date", DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
            .format(now.toInstant()))
        .field("policy", base64(policy))
        .field("x-oss-signature", "0".repeat(64))
        .file("f", null, new byte[10])
        .postTo(coffer.endpoint(), BUCKET);
    assertError(r, 403, "SignatureDoesNotMatch");
    assertThat(oss.doesObjectExist(BUCKET, "v4/forged")).isFalse();
  }

  @Test
  void postV1_status200_answersEmpty200() throws Exception {
    HttpResponse<String> r = signedV1(c -> {})
        .field("key", "status/200")
        .field("success_action_status", "200")
        .file("a", null, "x".getBytes(StandardCharsets.UTF_8))
        .postTo(coffer.endpoint(), BUCKET);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(oss.doesObjectExist(BUCKET, "status/200")).isTrue();
  }

  @Test
  void postV1_successActionRedirect_answers303WithBucketKeyAndEtag() throws Exception {
    byte[] data = "redirected".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r = signedV1(c -> {})
        .field("key", "redirect/x")
        .field("success_action_redirect", "https://app.example/done?from=form")
        .file("x", null, data)
        .postTo(coffer.endpoint(), BUCKET);
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("https://app.example/done?from=form&bucket=" + BUCKET
        + "&key=redirect%2Fx&etag=%22" + md5Hex(data) + "%22");
    assertThat(oss.doesObjectExist(BUCKET, "redirect/x")).isTrue();
  }

  @Test
  void postV1_withoutContentTypeField_takesFilePartTypeForObjectAndPolicy() throws Exception {
    HttpResponse<String> r = signedV1(c -> c.addConditionItem(MatchMode.In, PolicyConditions.COND_CONTENT_TYPE,
        new String[] {"image/jpg", "image/png"}))
        .field("key", "img/a.png")
        .file("a.png", "image/png", random(2000, 2))
        .postTo(coffer.endpoint(), BUCKET);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(oss.getObjectMetadata(BUCKET, "img/a.png").getContentType()).isEqualTo("image/png");
  }

  @Test
  void postV1_fiveMegabyteFile_streamsIntact() throws Exception {
    byte[] data = random(5 * 1024 * 1024 + 17, 3);
    HttpResponse<String> r = signedV1(c -> c.addConditionItem(PolicyConditions.COND_CONTENT_LENGTH_RANGE, 0,
        6 * 1024 * 1024))
        .field("key", "big/file")
        .file("big", null, data)
        .postTo(coffer.endpoint(), BUCKET);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(r.headers().firstValue("ETag")).hasValue("\"" + md5Hex(data) + "\"");
    try (OSSObject o = oss.getObject(BUCKET, "big/file")) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void anonymousPost_publicReadWriteBucket_isAllowed() throws Exception {
    HttpResponse<String> r = new Form().field("key", "anon/${filename}")
        .file("note.txt", "text/plain", "anonymous".getBytes(StandardCharsets.UTF_8))
        .postTo(coffer.endpoint(), OPEN_BUCKET);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    assertThat(oss.doesObjectExist(OPEN_BUCKET, "anon/note.txt")).isTrue();
  }

  @Test
  void anonymousPost_privateBucket_isAccessDeniedAndStoresNothing() throws Exception {
    HttpResponse<String> r = new Form().field("key", "anon/x")
        .file("x", null, new byte[5])
        .postTo(coffer.endpoint(), BUCKET);
    assertError(r, 403, "AccessDenied");
    assertThat(oss.doesObjectExist(BUCKET, "anon/x")).isFalse();
  }

  // ---- policy violations: each is 403 AccessDenied and stores nothing ----

  @Test
  void eqCondition_keyMismatch_isRejected() throws Exception {
    HttpResponse<String> r = signedV1(c -> c.addConditionItem(MatchMode.Exact, PolicyConditions.COND_KEY, "only/this"))
        .field("key", "other/key").file("f", null, new byte[10]).postTo(coffer.endpoint(), BUCKET);
    assertPolicyViolation(r, BUCKET, "other/key");
    assertThat(RawHttp.element(r.body(), "Message")).contains("[\"eq\",\"$key\",\"only/this\"]");
  }

  @Test
  void exactBucketCondition_otherBucket_isRejected() throws Exception {
    HttpResponse<String> r = signedV1(c -> c.addConditionItem("bucket", OPEN_BUCKET))
        .field("key", "wrong-bucket").file("f", null, new byte[10]).postTo(coffer.endpoint(), BUCKET);
    assertPolicyViolation(r, BUCKET, "wrong-bucket");
  }

  @Test
  void startsWithCondition_keyOutsidePrefix_isRejected() throws Exception {
    HttpResponse<String> r = signedV1(c -> c.addConditionItem(MatchMode.StartWith, PolicyConditions.COND_KEY, "user/"))
        .field("key", "admin/x").file("f", null, new byte[10]).postTo(coffer.endpoint(), BUCKET);
    assertPolicyViolation(r, BUCKET, "admin/x");
  }

  @Test
  void inCondition_contentTypeNotListed_isRejected() throws Exception {
    HttpResponse<String> r = signedV1(c -> c.addConditionItem(MatchMode.In, PolicyConditions.COND_CONTENT_TYPE,
        new String[] {"image/jpg", "image/png"}))
        .field("key", "in/x").file("x.txt", "text/plain", new byte[10]).postTo(coffer.endpoint(), BUCKET);
    assertPolicyViolation(r, BUCKET, "in/x");
  }

  @Test
  void notInCondition_listedValue_isRejected() throws Exception {
    HttpResponse<String> r = signedV1(c -> c.addConditionItem(MatchMode.NotIn, PolicyConditions.COND_CACHE_CONTROL,
        new String[] {"no-cache"}))
        .field("key", "notin/x").field("Cache-Control", "no-cache").file("x", null, new byte[10])
        .postTo(coffer.endpoint(), BUCKET);
    assertPolicyViolation(r, BUCKET, "notin/x");
  }

  @Test
  void metadataCondition_missingField_isRejected() throws Exception {
    HttpResponse<String> r = signedV1(c -> c.addConditionItem(MatchMode.StartWith, "x-oss-meta-tag", "dummy"))
        .field("key", "meta/x").file("x", null, new byte[10]).postTo(coffer.endpoint(), BUCKET);
    assertPolicyViolation(r, BUCKET, "meta/x");
  }

  @Test
  void contentLengthRange_fileTooLarge_isRejectedWhileStreaming() throws Exception {
    HttpResponse<String> r = signedV1(c -> c.addConditionItem(PolicyConditions.COND_CONTENT_LENGTH_RANGE, 1, 1024))
        .field("key", "len/big").file("x", null, new byte[1025]).postTo(coffer.endpoint(), BUCKET);
    assertPolicyViolation(r, BUCKET, "len/big");
    assertThat(RawHttp.element(r.body(), "Message")).contains("content-length-range");
  }

  @Test
  void contentLengthRange_fileTooSmall_isRejected() throws Exception {
    HttpResponse<String> r = signedV1(c -> c.addConditionItem(PolicyConditions.COND_CONTENT_LENGTH_RANGE, 100, 1024))
        .field("key", "len/small").file("x", null, new byte[99]).postTo(coffer.endpoint(), BUCKET);
    assertPolicyViolation(r, BUCKET, "len/small");
  }

  @Test
  void contentLengthRange_replacingExistingObject_leavesItIntact() throws Exception {
    byte[] original = "original".getBytes(StandardCharsets.UTF_8);
    oss.putObject(BUCKET, "len/keep", new java.io.ByteArrayInputStream(original));
    HttpResponse<String> r = signedV1(c -> c.addConditionItem(PolicyConditions.COND_CONTENT_LENGTH_RANGE, 1, 10))
        .field("key", "len/keep").file("x", null, new byte[11]).postTo(coffer.endpoint(), BUCKET);
    assertError(r, 403, "AccessDenied");
    try (OSSObject o = oss.getObject(BUCKET, "len/keep")) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(original);
    }
  }

  @Test
  void expiredPolicy_isAccessDenied() throws Exception {
    HttpResponse<String> r = signedV1(new Date(System.currentTimeMillis() - 60_000), c -> {})
        .field("key", "expired/x").file("x", null, new byte[10]).postTo(coffer.endpoint(), BUCKET);
    assertError(r, 403, "AccessDenied");
    assertThat(RawHttp.element(r.body(), "Message")).isEqualTo("Invalid according to Policy: Policy expired.");
    assertThat(oss.doesObjectExist(BUCKET, "expired/x")).isFalse();
  }

  // ---- signature and form errors ----

  @Test
  void tamperedPolicy_isSignatureDoesNotMatch() throws Exception {
    String policy = oss.generatePostPolicy(inOneHour(), new PolicyConditions());
    HttpResponse<String> r = new Form()
        .field("OSSAccessKeyId", CofferExtension.ACCESS_KEY_ID)
        .field("policy", base64(policy.replace("conditions", "conditions ")))
        .field("Signature", oss.calculatePostSignature(policy))
        .field("key", "forged/x").file("x", null, new byte[10]).postTo(coffer.endpoint(), BUCKET);
    assertError(r, 403, "SignatureDoesNotMatch");
    assertThat(oss.doesObjectExist(BUCKET, "forged/x")).isFalse();
  }

  @Test
  void unknownAccessKey_isInvalidAccessKeyId() throws Exception {
    OSS stranger = coffer.client("LTAInobody", "whatever-secret");
    String policy = stranger.generatePostPolicy(inOneHour(), new PolicyConditions());
    HttpResponse<String> r = new Form()
        .field("OSSAccessKeyId", "LTAInobody")
        .field("policy", base64(policy))
        .field("Signature", stranger.calculatePostSignature(policy))
        .field("key", "stranger/x").file("x", null, new byte[10]).postTo(coffer.endpoint(), BUCKET);
    assertError(r, 403, "InvalidAccessKeyId");
    assertThat(oss.doesObjectExist(BUCKET, "stranger/x")).isFalse();
  }

  @Test
  void missingKeyField_isInvalidArgument() throws Exception {
    HttpResponse<String> r = signedV1(c -> {}).file("orphan.txt", null, new byte[10]).postTo(coffer.endpoint(), BUCKET);
    assertError(r, 400, "InvalidArgument");
    assertThat(RawHttp.element(r.body(), "ArgumentName")).isEqualTo("key");
    assertThat(oss.doesObjectExist(BUCKET, "orphan.txt")).isFalse();
  }

  @Test
  void malformedPolicy_isInvalidPolicyDocument() throws Exception {
    String notJson = "this is not a policy";
    HttpResponse<String> r = new Form()
        .field("OSSAccessKeyId", CofferExtension.ACCESS_KEY_ID)
        .field("policy", base64(notJson))
        .field("Signature", oss.calculatePostSignature(notJson))
        .field("key", "badpolicy/x").file("x", null, new byte[10]).postTo(coffer.endpoint(), BUCKET);
    assertError(r, 400, "InvalidPolicyDocument");
    assertThat(oss.doesObjectExist(BUCKET, "badpolicy/x")).isFalse();
  }

  @Test
  void truncatedForm_isInvalidArgumentAndStoresNothing() throws Exception {
    Form form = signedV1(c -> {}).field("key", "cut/x").file("x", null, random(100_000, 4));
    byte[] body = form.body();
    byte[] cut = java.util.Arrays.copyOf(body, body.length - form.boundary.length() - 10);
    HttpResponse<String> r = RawHttp.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(coffer.endpoint() + "/" + BUCKET + "/"))
        .header("Content-Type", form.contentType())
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(cut)).build());
    assertError(r, 400, "InvalidArgument");
    assertThat(oss.doesObjectExist(BUCKET, "cut/x")).isFalse();
  }

  @Test
  void contentLengthRange_exceededMidStream_leavesNoBlobOrTempFile() throws Exception {
    long before = countBlobs();
    HttpResponse<String> r = signedV1(c -> c.addConditionItem(PolicyConditions.COND_CONTENT_LENGTH_RANGE, 0, 70_000))
        .field("key", "len/blob").file("x", null, random(200_000, 5)).postTo(coffer.endpoint(), BUCKET);
    assertError(r, 403, "AccessDenied");
    assertThat(countBlobs()).isEqualTo(before);
  }

  private static long countBlobs() throws Exception {
    java.nio.file.Path root = coffer.dataDir();
    long n = 0;
    for (String dir : new String[] {"blobs", "tmp"}) {
      try (var s = java.nio.file.Files.walk(root.resolve(dir))) {
        n += s.filter(java.nio.file.Files::isRegularFile).count();
      }
    }
    return n;
  }
}
