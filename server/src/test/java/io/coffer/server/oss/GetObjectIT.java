package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.HttpMethod;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.GeneratePresignedUrlRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.ResponseHeaderOverrides;
import com.aliyun.oss.model.SimplifiedObjectMeta;
import io.coffer.server.http.HttpDates;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawSocket;
import io.coffer.server.testing.TestData;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GetObject and HeadObject: conditions, response-header overrides, GetObjectMeta, missing keys. */
class GetObjectIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "gets";
  static final String KEY = "cond/object.bin";
  static final byte[] DATA = TestData.random(2048, 1);
  static final String ETAG = TestData.etag(DATA);
  static final String OTHER_ETAG = "\"0123456789ABCDEF0123456789ABCDEF\"";
  static OSS v1;
  static OSS v4;
  static RawSocket raw;
  static Instant lastModified;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
    raw = RawSocket.of(coffer);
    ObjectMetadata m = new ObjectMetadata();
    m.setContentType("application/x-stored");
    m.setCacheControl("private");
    m.setContentDisposition("inline");
    v1.putObject(BUCKET, KEY, new ByteArrayInputStream(DATA), m);
    lastModified = v1.getObjectMetadata(BUCKET, KEY).getLastModified().toInstant();
  }

  static OSS oss(String version) {
    return version.equals("v4") ? v4 : v1;
  }

  static GetObjectRequest get(Consumer<GetObjectRequest> conditions) {
    GetObjectRequest r = new GetObjectRequest(BUCKET, KEY);
    conditions.accept(r);
    return r;
  }

  static void assertGetPasses(OSS oss, GetObjectRequest r) throws Exception {
    try (OSSObject o = oss.getObject(r)) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(DATA);
    }
  }

  static void assertGetFails(OSS oss, GetObjectRequest r, String code) {
    assertThatThrownBy(() -> oss.getObject(r)).isInstanceOfSatisfying(OSSException.class,
        e -> assertThat(e.getErrorCode()).isEqualTo(code));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void getObject_ifMatch_passesOnEtagAndFailsWith412Otherwise(String version) throws Exception {
    OSS oss = oss(version);
    assertGetPasses(oss, get(r -> r.setMatchingETagConstraints(List.of("\"" + ETAG + "\""))));
    assertGetPasses(oss, get(r -> r.setMatchingETagConstraints(List.of(OTHER_ETAG, ETAG))));
    assertGetFails(oss, get(r -> r.setMatchingETagConstraints(List.of(OTHER_ETAG))), "PreconditionFailed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void getObject_ifNoneMatch_isNotModifiedOnEtag(String version) throws Exception {
    OSS oss = oss(version);
    assertGetPasses(oss, get(r -> r.setNonmatchingETagConstraints(List.of(OTHER_ETAG))));
    assertThatThrownBy(() -> oss.getObject(get(r -> r.setNonmatchingETagConstraints(List.of("\"" + ETAG + "\"")))))
        .isInstanceOfSatisfying(OSSException.class, e -> {
          assertThat(e.getErrorCode()).isEqualTo("NotModified");
          assertThat(e.getMessage()).startsWith("Not Modified");
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void getObject_modifiedSince_comparesAtSecondGranularity(String version) throws Exception {
    OSS oss = oss(version);
    assertGetPasses(oss, get(r -> r.setModifiedSinceConstraint(Date.from(lastModified.minusSeconds(1)))));
    assertGetFails(oss, get(r -> r.setModifiedSinceConstraint(Date.from(lastModified))), "NotModified");
    assertGetFails(oss, get(r -> r.setModifiedSinceConstraint(Date.from(lastModified.plusSeconds(60)))),
        "NotModified");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void getObject_unmodifiedSince_failsWith412WhenModifiedAfter(String version) throws Exception {
    OSS oss = oss(version);
    assertGetPasses(oss, get(r -> r.setUnmodifiedSinceConstraint(Date.from(lastModified))));
    assertGetPasses(oss, get(r -> r.setUnmodifiedSinceConstraint(Date.from(lastModified.plusSeconds(60)))));
    assertGetFails(oss, get(r -> r.setUnmodifiedSinceConstraint(Date.from(lastModified.minusSeconds(1)))),
        "PreconditionFailed");
  }

  @Test
  void getObject_failedIfMatchAndMatchingIfNoneMatch_isPreconditionFailed() {
    assertGetFails(v1, get(r -> {
      r.setMatchingETagConstraints(List.of(OTHER_ETAG));
      r.setNonmatchingETagConstraints(List.of(ETAG));
    }), "PreconditionFailed");
  }

  @Test
  void getAndHead_notModified_is304WithoutBodyAndWithoutErrHeader() throws Exception {
    for (String method : List.of("GET", "HEAD")) {
      RawSocket.Response r = raw.request(method, BUCKET, KEY).noContentLength().header("If-None-Match", "\"" + ETAG + "\"")
          .send();
      assertThat(r.status()).as(method).isEqualTo(304);
      assertThat(r.header("x-oss-err")).as(method).isNull();
      assertThat(r.header("x-oss-request-id")).matches("[0-9A-F]{24}");
      assertThat(r.header("Content-Length")).isIn(null, "0");
      assertThat(r.body()).isEmpty();

      RawSocket.Response since = raw.request(method, BUCKET, KEY).noContentLength()
          .header("If-Modified-Since", HttpDates.rfc1123(lastModified)).send();
      assertThat(since.status()).as(method).isEqualTo(304);
      assertThat(since.header("x-oss-err")).isNull();
    }
  }

  @Test
  void getObject_preconditionFailed_is412WithXmlError() throws Exception {
    RawSocket.Response r = raw.request("GET", BUCKET, KEY).noContentLength().header("If-Match", OTHER_ETAG).send();
    assertThat(r.status()).isEqualTo(412);
    assertThat(r.xmlElement("Code")).isEqualTo("PreconditionFailed");
    assertThat(r.xmlElement("RequestId")).isEqualTo(r.header("x-oss-request-id"));
  }

  @Test
  void headObject_preconditionFailed_is412WithErrHeaderAndNoBody() throws Exception {
    RawSocket.Response r = raw.request("HEAD", BUCKET, KEY).noContentLength()
        .header("If-Unmodified-Since", HttpDates.rfc1123(lastModified.minusSeconds(3600))).send();
    assertThat(r.status()).isEqualTo(412);
    assertThat(r.body()).isEmpty();
    String xml = new String(Base64.getDecoder().decode(r.header("x-oss-err")), StandardCharsets.UTF_8);
    assertThat(xml).contains("<Code>PreconditionFailed</Code>");
  }

  @Test
  void getObject_unparseableConditionDates_areIgnored() throws Exception {
    RawSocket.Response r = raw.request("GET", BUCKET, KEY).noContentLength().header("If-Modified-Since", "yesterday")
        .header("If-Unmodified-Since", "not a date").send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(DATA);
  }

  static ResponseHeaderOverrides overrides() {
    ResponseHeaderOverrides o = new ResponseHeaderOverrides();
    o.setContentType("text/x-override; charset=utf-8");
    o.setContentLangauge("fr-CA");
    o.setExpires("Thu, 01 Dec 2094 16:00:00 GMT");
    o.setCacheControl("no-store");
    o.setContentDisposition("attachment; filename=\"über & more.txt\"");
    o.setContentEncoding("identity");
    return o;
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void getObject_responseHeaderOverrides_replaceHeadersOfThisResponseOnly(String version) throws Exception {
    GetObjectRequest r = new GetObjectRequest(BUCKET, KEY);
    r.setResponseHeaders(overrides());
    try (OSSObject o = oss(version).getObject(r)) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(DATA);
      ObjectMetadata m = o.getObjectMetadata();
      assertThat(m.getContentType()).isEqualTo("text/x-override; charset=utf-8");
      assertThat(m.getRawMetadata().get("Content-Language")).isEqualTo("fr-CA");
      assertThat(m.getRawExpiresValue()).isEqualTo("Thu, 01 Dec 2094 16:00:00 GMT");
      assertThat(m.getCacheControl()).isEqualTo("no-store");
      assertThat(m.getContentDisposition()).isEqualTo("attachment; filename=\"über & more.txt\"");
      assertThat(m.getContentEncoding()).isEqualTo("identity");
    }
    ObjectMetadata stored = v1.getObjectMetadata(BUCKET, KEY);
    assertThat(stored.getContentType()).isEqualTo("application/x-stored");
    assertThat(stored.getCacheControl()).isEqualTo("private");
    assertThat(stored.getContentDisposition()).isEqualTo("inline");
    assertThat(stored.getContentEncoding()).isNull();
  }

  @Test
  void getObject_presignedUrlWithOverride_isSignedAndApplied() throws Exception {
    GeneratePresignedUrlRequest p = new GeneratePresignedUrlRequest(BUCKET, KEY, HttpMethod.GET);
    p.setExpiration(Date.from(Instant.now().plusSeconds(600)));
    ResponseHeaderOverrides o = new ResponseHeaderOverrides();
    o.setContentDisposition("attachment; filename=\"a.bin\"");
    p.setResponseHeaders(o);
    URL url = v1.generatePresignedUrl(p);
    HttpResponse<byte[]> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(URI.create(url.toString())).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(DATA);
    assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"a.bin\"");

    // The override is signed: changing it after signing breaks the signature.
    String tampered = url.toString().replace("a.bin", "b.bin");
    HttpResponse<String> bad = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(HttpRequest.newBuilder(URI.create(tampered)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(403);
    assertThat(bad.body()).contains("<Code>SignatureDoesNotMatch</Code>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void getSimplifiedObjectMeta_existingObject_givesSizeEtagAndLastModified(String version) {
    SimplifiedObjectMeta m = oss(version).getSimplifiedObjectMeta(BUCKET, KEY);
    assertThat(m.getSize()).isEqualTo(DATA.length);
    assertThat(m.getETag()).isEqualTo(ETAG);
    assertThat(m.getLastModified().toInstant()).isEqualTo(lastModified);
  }

  @Test
  void getObjectMeta_raw_answersEtagLengthAndLastModifiedWithoutBody() throws Exception {
    RawSocket.Response r = raw.request("HEAD", BUCKET, KEY).query("objectMeta").noContentLength().send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("ETag")).isEqualTo("\"" + ETAG + "\"");
    assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(DATA.length));
    assertThat(r.header("Last-Modified")).isEqualTo(HttpDates.rfc1123(lastModified));
    assertThat(r.body()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void doesObjectExist_reflectsTheKey_andMetaNamesTheMissingPart(String version) {
    OSS oss = oss(version);
    assertThat(oss.doesObjectExist(BUCKET, KEY)).isTrue();
    assertThat(oss.doesObjectExist(BUCKET, "cond/missing")).isFalse();
    // Java's doesObjectExist maps both NoSuchKey and NoSuchBucket to false; the code must still be right.
    assertThat(oss.doesObjectExist("no-such-bucket", KEY)).isFalse();
    assertThatThrownBy(() -> oss.getSimplifiedObjectMeta("no-such-bucket", KEY))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket"));
    assertThatThrownBy(() -> oss.getSimplifiedObjectMeta(BUCKET, "cond/missing"))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchKey"));
  }

  @Test
  void getObject_missingKey_isNoSuchKeyWithEcAndKey() throws Exception {
    RawSocket.Response r = raw.request("GET", BUCKET, "cond/missing").noContentLength().send();
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.xmlElement("Code")).isEqualTo("NoSuchKey");
    assertThat(r.xmlElement("EC")).isEqualTo("0026-00000001");
    assertThat(r.header("x-oss-ec")).isEqualTo("0026-00000001");
    assertThat(r.xmlElement("Key")).isEqualTo("cond/missing");

    RawSocket.Response head = raw.request("HEAD", BUCKET, "cond/missing").noContentLength().send();
    assertThat(head.status()).isEqualTo(404);
    assertThat(new String(Base64.getDecoder().decode(head.header("x-oss-err")), StandardCharsets.UTF_8))
        .contains("<Code>NoSuchKey</Code>");
  }

  @Test
  void getObject_anonymousOnPrivateBucket_isAccessDenied() throws Exception {
    RawSocket.Response r = raw.request("GET", BUCKET, KEY).unsigned().noContentLength().send();
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.xmlElement("Code")).isEqualTo("AccessDenied");
    assertThat(r.body()).asString().doesNotContain(new String(DATA, StandardCharsets.ISO_8859_1));
  }
}
