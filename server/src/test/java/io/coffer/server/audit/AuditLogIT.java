package io.coffer.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.OSSObject;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyResponse;
import com.aliyuncs.kms.model.v20160120.DecryptRequest;
import com.aliyuncs.kms.model.v20160120.DecryptResponse;
import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.EncryptRequest;
import com.aliyuncs.kms.model.v20160120.EncryptResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawHttp;
import io.coffer.server.testing.RawSigner;
import io.coffer.server.testing.RpcRawRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit log of a running server: KMS and RAM calls (allowed, failed, denied) and OSS denials
 * appear as JSON lines with the right fields, and no secret, plaintext, ciphertext or policy
 * document ever reaches the file.
 */
class AuditLogIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "audit-bucket";
  private static final String KEY = "dir/report.txt";
  private static final String CONTENT = "object-content-" + UUID.randomUUID();
  private static final String WRONG_SECRET = "wrong-secret-" + UUID.randomUUID();
  private static String account;

  @BeforeAll
  static void setUp() {
    account = coffer.server().rootKey().accountId();
    coffer.client().createBucket(BUCKET);
    coffer.client().putObject(BUCKET, KEY, new ByteArrayInputStream(CONTENT.getBytes(StandardCharsets.UTF_8)));
  }

  // ---- KMS ----

  @Test
  void kmsEncryptAndDecrypt_allowed_areLoggedWithTheKeyArnAndNeitherPlaintextNorCiphertext() throws Exception {
    String plaintext = "audit-plaintext-" + UUID.randomUUID();
    CreateKeyResponse created = coffer.kms().call(new CreateKeyRequest());
    String keyId = created.getKeyMetadata().getKeyId();
    EncryptRequest enc = new EncryptRequest();
    enc.setKeyId(keyId);
    enc.setPlaintext(plaintext);
    EncryptResponse encrypted = coffer.kms().call(enc);
    DecryptRequest dec = new DecryptRequest();
    dec.setCiphertextBlob(encrypted.getCiphertextBlob());
    DecryptResponse decrypted = coffer.kms().call(dec);
    assertThat(decrypted.getPlaintext()).isEqualTo(plaintext);

    String keyArn = "acs:kms:" + CofferExtension.REGION + ":" + account + ":key/" + keyId;
    JsonNode create = awaitEvent(created.getRequestId());
    assertThat(create.get("action").asText()).isEqualTo("kms:CreateKey");
    assertThat(create.get("resource").asText()).isEqualTo(keyArn); // from the answer: the request names no key
    JsonNode e = awaitEvent(encrypted.getRequestId());
    assertThat(e.get("action").asText()).isEqualTo("kms:Encrypt");
    assertThat(e.get("resource").asText()).isEqualTo(keyArn);
    assertThat(e.get("decision").asText()).isEqualTo("allow");
    assertThat(e.has("errorCode")).isFalse();
    assertThat(e.get("status").asInt()).isEqualTo(200);
    assertThat(e.get("sourceAddress").asText()).isEqualTo("127.0.0.1");
    assertRootCaller(e.get("principal"));
    Instant time = Instant.parse(e.get("time").asText());
    assertThat(Duration.between(time, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    JsonNode d = awaitEvent(decrypted.getRequestId());
    assertThat(d.get("action").asText()).isEqualTo("kms:Decrypt");
    assertThat(d.get("resource").asText()).isEqualTo(keyArn); // from the answer's KeyId
    assertThat(d.get("decision").asText()).isEqualTo("allow");

    String log = allLogText();
    assertThat(log).doesNotContain(plaintext)
        .doesNotContain(Base64.getEncoder().encodeToString(plaintext.getBytes(StandardCharsets.UTF_8)))
        .doesNotContain(encrypted.getCiphertextBlob())
        .doesNotContain(CofferExtension.ACCESS_KEY_SECRET);
  }

  @Test
  void kmsCall_failing_isLoggedAllowedWithItsErrorCodeAndResource() throws Exception {
    String missing = UUID.randomUUID().toString();
    DescribeKeyRequest r = new DescribeKeyRequest();
    r.setKeyId(missing);
    ClientException ex = catchThrowableOfType(ClientException.class, () -> coffer.kms().call(r));
    assertThat(ex.getErrCode()).isEqualTo("Forbidden.KeyNotFound");

    JsonNode e = awaitEvent(ex.getRequestId());
    assertThat(e.get("action").asText()).isEqualTo("kms:DescribeKey");
    assertThat(e.get("resource").asText())
        .isEqualTo("acs:kms:" + CofferExtension.REGION + ":" + account + ":key/" + missing);
    assertThat(e.get("decision").asText()).isEqualTo("allow");
    assertThat(e.get("errorCode").asText()).isEqualTo("Forbidden.KeyNotFound");
    assertThat(e.get("status").asInt()).isEqualTo(404);
    assertRootCaller(e.get("principal"));

    EncryptRequest byAlias = new EncryptRequest();
    byAlias.setKeyId("alias/audit-missing");
    byAlias.setPlaintext("x");
    ClientException aliasEx = catchThrowableOfType(ClientException.class, () -> coffer.kms().call(byAlias));
    assertThat(awaitEvent(aliasEx.getRequestId()).get("resource").asText())
        .isEqualTo("acs:kms:" + CofferExtension.REGION + ":" + account + ":alias/audit-missing");
  }

  @Test
  void rpcCall_badSignature_isLoggedDeniedWithTheClaimedKeyOnly() throws Exception {
    DescribeKeyRequest r = new DescribeKeyRequest();
    r.setKeyId(UUID.randomUUID().toString());
    ClientException ex = catchThrowableOfType(ClientException.class,
        () -> coffer.kms(CofferExtension.ACCESS_KEY_ID, WRONG_SECRET).call(r));
    // The SDK renames SignatureDoesNotMatch when its own string-to-sign equals the server's.
    assertThat(ex.getErrCode()).isEqualTo("SDK.InvalidAccessKeySecret");

    JsonNode e = awaitEvent(ex.getRequestId());
    assertThat(e.get("action").asText()).isEqualTo("kms:DescribeKey");
    assertThat(e.get("decision").asText()).isEqualTo("deny");
    assertThat(e.get("errorCode").asText()).isEqualTo("SignatureDoesNotMatch");
    assertThat(e.get("status").asInt()).isEqualTo(400);
    JsonNode p = e.get("principal");
    assertThat(p.get("type").asText()).isEqualTo("unverified");
    assertThat(p.get("accessKeyId").asText()).isEqualTo(CofferExtension.ACCESS_KEY_ID);
    assertThat(p.has("accountId")).isFalse();

    // V3 names its key in the Authorization header's Credential.
    ClientException v3 = catchThrowableOfType(ClientException.class,
        () -> coffer.kmsV3("LTAIauditnobody", WRONG_SECRET).call(r));
    assertThat(v3.getErrCode()).isEqualTo("InvalidAccessKeyId.NotFound");
    JsonNode e3 = awaitEvent(v3.getRequestId());
    assertThat(e3.get("decision").asText()).isEqualTo("deny");
    assertThat(e3.get("principal").get("accessKeyId").asText()).isEqualTo("LTAIauditnobody");
    assertThat(allLogText()).doesNotContain(WRONG_SECRET);
  }

  @Test
  void ramCall_badSignature_isLoggedDeniedWithoutItsPolicyDocument() throws Exception {
    String document = "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"audit-doc-"
        + UUID.randomUUID() + "\",\"Resource\":\"*\"}]}";
    HttpResponse<String> res = RpcRawRequest.v1("CreatePolicy").version("2015-05-01")
        .param("PolicyName", "audit-policy").param("PolicyDocument", document)
        .key(CofferExtension.ACCESS_KEY_ID, WRONG_SECRET).send(coffer);
    JsonNode answer = JSON.readTree(res.body());
    assertThat(res.statusCode()).isBetween(400, 499);

    JsonNode e = awaitEvent(answer.get("RequestId").asText());
    assertThat(e.get("action").asText()).isEqualTo("ram:CreatePolicy");
    assertThat(e.get("resource").asText()).isEqualTo("acs:ram::*:policy/audit-policy");
    assertThat(e.get("decision").asText()).isEqualTo("deny");
    assertThat(e.get("errorCode").asText()).isEqualTo(answer.get("Code").asText());
    assertThat(e.get("status").asInt()).isEqualTo(res.statusCode());
    assertThat(e.get("principal").get("type").asText()).isEqualTo("unverified");
    String log = allLogText();
    assertThat(log).doesNotContain(document).doesNotContain("audit-doc-").doesNotContain(WRONG_SECRET);
  }

  // ---- OSS ----

  @Test
  void ossRequest_wrongSecret_isLoggedDeniedWithOperationAndObjectArn() throws Exception {
    OSS wrong = coffer.client(CofferExtension.ACCESS_KEY_ID, WRONG_SECRET);
    OSSException ex = catchThrowableOfType(OSSException.class, () -> wrong.getObject(BUCKET, KEY));
    assertThat(ex.getErrorCode()).isEqualTo("SignatureDoesNotMatch");

    JsonNode e = awaitEvent(ex.getRequestId());
    assertThat(e.get("action").asText()).isEqualTo("oss:GetObject");
    assertThat(e.get("resource").asText()).isEqualTo("acs:oss:*:*:" + BUCKET + "/" + KEY);
    assertThat(e.get("decision").asText()).isEqualTo("deny");
    assertThat(e.get("errorCode").asText()).isEqualTo("SignatureDoesNotMatch");
    assertThat(e.get("status").asInt()).isEqualTo(403);
    assertThat(e.get("sourceAddress").asText()).isEqualTo("127.0.0.1");
    assertThat(e.get("principal").get("type").asText()).isEqualTo("unverified");
    assertThat(e.get("principal").get("accessKeyId").asText()).isEqualTo(CofferExtension.ACCESS_KEY_ID);

    OSS unknown = coffer.client("LTAIauditunknown", WRONG_SECRET);
    OSSException ex2 = catchThrowableOfType(OSSException.class, () -> unknown.listObjects(BUCKET));
    assertThat(ex2.getErrorCode()).isEqualTo("InvalidAccessKeyId");
    JsonNode e2 = awaitEvent(ex2.getRequestId());
    assertThat(e2.get("action").asText()).isEqualTo("oss:ListObjects");
    assertThat(e2.get("resource").asText()).isEqualTo("acs:oss:*:*:" + BUCKET);
    assertThat(e2.get("errorCode").asText()).isEqualTo("InvalidAccessKeyId");
    assertThat(e2.get("principal").get("accessKeyId").asText()).isEqualTo("LTAIauditunknown");

    assertThat(allLogText()).doesNotContain(WRONG_SECRET).doesNotContain(CofferExtension.ACCESS_KEY_SECRET)
        .doesNotContain(CONTENT);
  }

  @Test
  void ossRequest_anonymousOnPrivateBucket_isLoggedDeniedWhileAllowedRequestsAreNot() throws Exception {
    String allowedId;
    try (OSSObject o = coffer.client().getObject(BUCKET, KEY)) {
      o.getObjectContent().readAllBytes();
      allowedId = o.getRequestId();
    }
    OSSException ex = catchThrowableOfType(OSSException.class, () -> coffer.anonymousClient().getObject(BUCKET, KEY));
    assertThat(ex.getErrorCode()).isEqualTo("AccessDenied");

    JsonNode e = awaitEvent(ex.getRequestId());
    assertThat(e.get("action").asText()).isEqualTo("oss:GetObject");
    assertThat(e.get("resource").asText()).isEqualTo("acs:oss:*:*:" + BUCKET + "/" + KEY);
    assertThat(e.get("decision").asText()).isEqualTo("deny");
    assertThat(e.get("errorCode").asText()).isEqualTo("AccessDenied");
    assertThat(e.get("status").asInt()).isEqualTo(403);
    assertThat(e.get("principal").get("type").asText()).isEqualTo("anonymous");
    assertThat(e.get("principal").size()).isEqualTo(1);
    // One writer keeps arrival order: the allowed GET answered first would be in the file by now.
    assertThat(events()).noneMatch(n -> n.get("requestId").asText().equals(allowedId));
  }

  @Test
  void ossRequest_expiredPresignedUrls_areLoggedDeniedWithTheKeyTheUrlNames() throws Exception {
    URL v1 = coffer.client().generatePresignedUrl(BUCKET, KEY, new Date(System.currentTimeMillis() - 60_000));
    String v4 = RawSigner.v4PresignedUrl(coffer.endpoint(), CofferExtension.ACCESS_KEY_ID,
        CofferExtension.ACCESS_KEY_SECRET, CofferExtension.REGION, "GET", BUCKET, KEY, Instant.now().minusSeconds(3600),
        60);
    for (String url : List.of(v1.toString(), v4)) {
      HttpResponse<String> r = RawHttp.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
      assertThat(r.statusCode()).isEqualTo(403);
      JsonNode e = awaitEvent(r.headers().firstValue("x-oss-request-id").orElseThrow());
      assertThat(e.get("action").asText()).isEqualTo("oss:GetObject");
      assertThat(e.get("errorCode").asText()).isEqualTo("AccessDenied");
      assertThat(e.get("principal").get("type").asText()).isEqualTo("unverified");
      assertThat(e.get("principal").get("accessKeyId").asText()).isEqualTo(CofferExtension.ACCESS_KEY_ID);
    }
    String log = allLogText();
    assertThat(log).doesNotContain(URLDecoder.decode(query(v4, "x-oss-signature"), StandardCharsets.UTF_8))
        .doesNotContain(URLDecoder.decode(query(v1.toString(), "Signature"), StandardCharsets.UTF_8));
  }

  private static String query(String url, String name) {
    for (String p : URI.create(url).getRawQuery().split("&")) {
      if (p.startsWith(name + "=")) return p.substring(name.length() + 1);
    }
    throw new AssertionError(name + " not in " + url);
  }

  // ---- location and shutdown ----

  @Test
  void auditLog_byDefault_isUnderTheDataDirectory() {
    assertThat(coffer.auditLog()).isEqualTo(coffer.dataDir().resolve("audit").resolve("audit.log").toAbsolutePath());
    assertThat(coffer.server().auditEventsLost()).isZero();
  }

  @Test
  void stop_rightAfterDenials_hasEveryDenialInTheFile() throws Exception {
    OSS wrong = coffer.client(CofferExtension.ACCESS_KEY_ID, WRONG_SECRET);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(catchThrowableOfType(OSSException.class, () -> wrong.getObject(BUCKET, KEY)).getRequestId());
    }
    coffer.stop();
    try {
      // Read once, without polling: a clean stop has written everything.
      List<String> logged = events().stream().map(n -> n.get("requestId").asText()).toList();
      assertThat(logged).containsAll(ids);
    } finally {
      coffer.start();
    }
  }

  // ---- helpers ----

  private static void assertRootCaller(JsonNode p) {
    assertThat(p.get("type").asText()).isEqualTo("root");
    assertThat(p.get("accountId").asText()).isEqualTo(account);
    assertThat(p.get("accessKeyId").asText()).isEqualTo(CofferExtension.ACCESS_KEY_ID);
    assertThat(p.has("userName")).isFalse();
  }

  /** The event with this request id; polls, since a background thread writes the file. */
  private static JsonNode awaitEvent(String requestId) throws IOException {
    assertThat(requestId).isNotBlank();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      for (JsonNode n : events()) {
        if (n.get("requestId").asText().equals(requestId)) return n;
      }
      if (System.nanoTime() > deadline) throw new AssertionError("no audit event for request " + requestId);
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  /** Every event in the live file (the tests write far less than one rotation). */
  private static List<JsonNode> events() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    Path file = coffer.auditLog();
    if (!Files.exists(file)) return out;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isEmpty()) out.add(JSON.readTree(line));
    }
    return out;
  }

  private static String allLogText() throws IOException {
    return Files.readString(coffer.auditLog(), StandardCharsets.UTF_8);
  }
}
