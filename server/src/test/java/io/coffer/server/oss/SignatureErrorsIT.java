package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.comm.SignVersion;
import io.coffer.server.http.HttpDates;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawHttp;
import io.coffer.server.testing.RawSigner;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests whose credentials are wrong in each way OSS distinguishes. Every one is a write that
 * must leave the bucket as it was.
 */
class SignatureErrorsIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  private static final String BUCKET = "sigerrors";
  private static final String EXISTING = "existing.txt";
  static OSS oss;

  @BeforeAll
  static void setUp() {
    oss = coffer.client();
    oss.createBucket(BUCKET);
    oss.putObject(BUCKET, EXISTING, new ByteArrayInputStream("kept".getBytes(StandardCharsets.UTF_8)));
  }

  private static ByteArrayInputStream body() {
    return new ByteArrayInputStream("must not be stored".getBytes(StandardCharsets.UTF_8));
  }

  private static void assertOssError(Throwable t, String code) {
    assertThat(t).isInstanceOfSatisfying(OSSException.class, e -> {
      assertThat(e.getErrorCode()).isEqualTo(code);
      assertThat(e.getRequestId()).hasSize(24);
    });
  }

  /** A raw V1-signed PUT of {@code key} with the given Date header (null: none). */
  private static HttpResponse<String> rawPut(String key, String date, String secret) throws Exception {
    String sts = "PUT\n\ntext/plain\n" + (date == null ? "" : date) + "\n/" + BUCKET + "/" + key;
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(coffer.endpoint() + "/" + BUCKET + "/" + key))
        .header("Content-Type", "text/plain")
        .header("Authorization", RawSigner.v1Authorization(CofferExtension.ACCESS_KEY_ID, secret, sts))
        .PUT(HttpRequest.BodyPublishers.ofString("raw body"));
    if (date != null) b.header("Date", date);
    return RawHttp.send(b.build());
  }

  private static void assertAbsent(String key) {
    assertThat(oss.doesObjectExist(BUCKET, key)).isFalse();
  }

  @Test
  void rawSignedPut_currentDate_isAccepted() throws Exception {
    // Proves the hand-made signature is right, so the failures below fail for their stated reason only.
    HttpResponse<String> r = rawPut("raw/ok.txt", HttpDates.rfc1123(Instant.now()), CofferExtension.ACCESS_KEY_SECRET);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(oss.doesObjectExist(BUCKET, "raw/ok.txt")).isTrue();
  }

  @Test
  void anonymousClient_privateBucket_isAccessDenied() {
    OSS anonymous = coffer.anonymousClient();
    assertThatThrownBy(() -> anonymous.getObject(BUCKET, EXISTING)).satisfies(t -> assertOssError(t, "AccessDenied"));
    assertThatThrownBy(() -> anonymous.putObject(BUCKET, "anonymous.txt", body()))
        .satisfies(t -> assertOssError(t, "AccessDenied"));
    assertAbsent("anonymous.txt");
  }

  @Test
  void unknownAccessKey_isInvalidAccessKeyId() {
    OSS stranger = coffer.client("LTAInobody000", "some-secret");
    assertThatThrownBy(() -> stranger.putObject(BUCKET, "stranger.txt", body()))
        .satisfies(t -> assertOssError(t, "InvalidAccessKeyId"));
    assertAbsent("stranger.txt");
  }

  @Test
  void wrongSecret_put_isSignatureDoesNotMatch() {
    OSS wrong = coffer.client(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET + "x");
    assertThatThrownBy(() -> wrong.putObject(BUCKET, "wrong-secret.txt", body()))
        .satisfies(t -> assertOssError(t, "SignatureDoesNotMatch"));
    assertAbsent("wrong-secret.txt");
  }

  @Test
  void wrongSecret_headObjectAndObjectMeta_carrySignatureDoesNotMatchInErrHeader() {
    OSS wrong = coffer.client(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET + " ");
    assertThatThrownBy(() -> wrong.getObjectMetadata(BUCKET, EXISTING))
        .satisfies(t -> assertOssError(t, "SignatureDoesNotMatch"));
    assertThatThrownBy(() -> wrong.getSimplifiedObjectMeta(BUCKET, EXISTING))
        .satisfies(t -> assertOssError(t, "SignatureDoesNotMatch"));
  }

  @Test
  void wrongSecret_v4Client_isSignatureDoesNotMatch() {
    OSS wrong = v4Client(CofferExtension.REGION, CofferExtension.ACCESS_KEY_SECRET + "x");
    try {
      assertThatThrownBy(() -> wrong.putObject(BUCKET, "wrong-v4.txt", body()))
          .satisfies(t -> assertOssError(t, "SignatureDoesNotMatch"));
      assertAbsent("wrong-v4.txt");
    } finally {
      wrong.shutdown();
    }
  }

  @Test
  void dateTwentyMinutesOld_isRequestTimeTooSkewedWithBothTimes() throws Exception {
    Instant sent = Instant.now().minus(Duration.ofMinutes(20));
    String date = HttpDates.rfc1123(sent);
    HttpResponse<String> r = rawPut("skewed.txt", date, CofferExtension.ACCESS_KEY_SECRET);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(RawHttp.element(r.body(), "Code")).isEqualTo("RequestTimeTooSkewed");
    assertThat(RawHttp.element(r.body(), "RequestTime")).isEqualTo(date);
    Instant serverTime = Instant.parse(RawHttp.element(r.body(), "ServerTime"));
    assertThat(Duration.between(serverTime, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    assertAbsent("skewed.txt");
  }

  @Test
  void missingDate_isAccessDenied() throws Exception {
    HttpResponse<String> r = rawPut("undated.txt", null, CofferExtension.ACCESS_KEY_SECRET);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(RawHttp.element(r.body(), "Code")).isEqualTo("AccessDenied");
    assertAbsent("undated.txt");
  }

  @Test
  void malformedAuthorization_isInvalidArgument() throws Exception {
    HttpResponse<String> r = RawHttp.send(HttpRequest.newBuilder(URI.create(coffer.endpoint() + "/" + BUCKET
            + "/bearer.txt"))
        .header("Authorization", "Bearer abc")
        .header("Date", HttpDates.rfc1123(Instant.now()))
        .PUT(HttpRequest.BodyPublishers.ofString("x")).build());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(RawHttp.element(r.body(), "Code")).isEqualTo("InvalidArgument");
    assertAbsent("bearer.txt");
  }

  @Test
  void v4ForOtherRegion_isInvalidArgument() {
    OSS beijing = v4Client("cn-beijing", CofferExtension.ACCESS_KEY_SECRET);
    try {
      assertThatThrownBy(() -> beijing.putObject(BUCKET, "beijing.txt", body()))
          .isInstanceOfSatisfying(OSSException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo("InvalidArgument");
            assertThat(e.getMessage()).startsWith("Invalid signing region");
          });
      assertAbsent("beijing.txt");
    } finally {
      beijing.shutdown();
    }
  }

  @Test
  void v4ForOtherProduct_isInvalidArgument() throws Exception {
    Instant now = Instant.now();
    Map<String, String> headers = Map.of("content-type", "text/plain", "x-oss-date", RawSigner.V4_TIME.format(now),
        "x-oss-content-sha256", "UNSIGNED-PAYLOAD");
    String auth = RawSigner.v4Authorization(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET,
        CofferExtension.REGION, "ecs", "PUT", BUCKET, "ecs.txt", headers, now);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(coffer.endpoint() + "/" + BUCKET + "/ecs.txt"))
        .header("Authorization", auth)
        .PUT(HttpRequest.BodyPublishers.ofString("x"));
    headers.forEach(b::header);
    HttpResponse<String> r = RawHttp.send(b.build());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(RawHttp.element(r.body(), "Code")).isEqualTo("InvalidArgument");
    assertThat(RawHttp.element(r.body(), "Message")).isEqualTo("Invalid signing product in Authorization header.");
    assertAbsent("ecs.txt");

    // The same hand signer with product "oss" is accepted, so only the product was wrong.
    String ok = RawSigner.v4Authorization(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET,
        CofferExtension.REGION, "oss", "PUT", BUCKET, "oss.txt", headers, now);
    HttpRequest.Builder good = HttpRequest.newBuilder(URI.create(coffer.endpoint() + "/" + BUCKET + "/oss.txt"))
        .header("Authorization", ok)
        .PUT(HttpRequest.BodyPublishers.ofString("x"));
    headers.forEach(good::header);
    assertThat(RawHttp.send(good.build()).statusCode()).isEqualTo(200);
  }

  @Test
  void failedWrites_leaveExistingObjectUntouched() throws Exception {
    OSS wrong = coffer.client(CofferExtension.ACCESS_KEY_ID, "not-the-secret");
    assertThatThrownBy(() -> wrong.putObject(BUCKET, EXISTING, body()))
        .satisfies(t -> assertOssError(t, "SignatureDoesNotMatch"));
    assertThatThrownBy(() -> wrong.deleteObject(BUCKET, EXISTING))
        .satisfies(t -> assertOssError(t, "SignatureDoesNotMatch"));
    assertThat(rawPut(EXISTING, HttpDates.rfc1123(Instant.now().minus(Duration.ofHours(1))),
        CofferExtension.ACCESS_KEY_SECRET).statusCode()).isEqualTo(403);
    try (var o = oss.getObject(BUCKET, EXISTING)) {
      assertThat(new String(o.getObjectContent().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("kept");
    }
  }

  private static OSS v4Client(String region, String secret) {
    ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
    conf.setSignatureVersion(SignVersion.V4);
    conf.setMaxErrorRetry(0);
    return OSSClientBuilder.create().endpoint(coffer.endpoint())
        .credentialsProvider(new DefaultCredentialProvider(CofferExtension.ACCESS_KEY_ID, secret))
        .clientConfiguration(conf).region(region).build();
  }
}
