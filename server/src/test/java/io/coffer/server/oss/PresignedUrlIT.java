package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.HttpMethod;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.GeneratePresignedUrlRequest;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ResponseHeaderOverrides;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawHttp;
import io.coffer.server.testing.RawSigner;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presigned URLs made by the official SDK (V1 and V4 clients), used by the SDK itself, by an
 * anonymous SDK client and by plain HTTP; and the ways such a URL must stop working.
 */
class PresignedUrlIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  private static final String BUCKET = "presigned";
  private static final String KEY = "dir/report 1+2.txt";
  private static final byte[] DATA = random(70_000, 7);
  static OSS v1;
  static OSS v4;
  static OSS anonymous;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    anonymous = coffer.anonymousClient();
    v1.createBucket(BUCKET);
    v1.putObject(BUCKET, KEY, new ByteArrayInputStream(DATA));
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static Date in(long seconds) {
    return new Date(System.currentTimeMillis() + seconds * 1000);
  }

  private static HttpResponse<String> httpGet(String url) throws Exception {
    return RawHttp.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  private static HttpResponse<byte[]> httpGetBytes(URL url) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(url.toURI()).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] sdkGet(OSS client, URL url) throws Exception {
    try (OSSObject o = client.getObject(url, new HashMap<>())) {
      return o.getObjectContent().readAllBytes();
    }
  }

  // ---- working URLs ----

  @Test
  void v1PresignedGet_worksForSdkAnonymousSdkAndPlainHttp() throws Exception {
    URL url = v1.generatePresignedUrl(BUCKET, KEY, in(600));
    assertThat(url.getQuery()).contains("OSSAccessKeyId=").contains("Signature=").contains("Expires=");
    assertThat(sdkGet(v1, url)).isEqualTo(DATA);
    assertThat(sdkGet(anonymous, url)).isEqualTo(DATA);
    HttpResponse<byte[]> r = httpGetBytes(url);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(DATA);
  }

  @Test
  void v4PresignedGet_worksForSdkAnonymousSdkAndPlainHttp() throws Exception {
    URL url = v4.generatePresignedUrl(BUCKET, KEY, in(600));
    assertThat(url.getQuery()).contains("x-oss-signature-version=OSS4-HMAC-SHA256").contains("x-oss-signature=");
    assertThat(sdkGet(v4, url)).isEqualTo(DATA);
    assertThat(sdkGet(anonymous, url)).isEqualTo(DATA);
    HttpResponse<byte[]> r = httpGetBytes(url);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(DATA);
  }

  @Test
  void v1PresignedGet_withSignedResponseOverride_appliesIt() throws Exception {
    GeneratePresignedUrlRequest req = new GeneratePresignedUrlRequest(BUCKET, KEY, HttpMethod.GET);
    req.setExpiration(in(600));
    ResponseHeaderOverrides overrides = new ResponseHeaderOverrides();
    overrides.setContentDisposition("attachment; filename=\"r.txt\"");
    req.setResponseHeaders(overrides);
    URL url = v1.generatePresignedUrl(req);
    HttpResponse<byte[]> r = httpGetBytes(url);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"r.txt\"");
  }

  @Test
  void v1PresignedPut_uploadsThroughSdk() throws Exception {
    byte[] data = "uploaded through a V1 URL".getBytes(StandardCharsets.UTF_8);
    GeneratePresignedUrlRequest req = new GeneratePresignedUrlRequest(BUCKET, "put/v1.txt", HttpMethod.PUT);
    req.setExpiration(in(600));
    req.setContentType("text/plain");
    URL url = v1.generatePresignedUrl(req);
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "text/plain"));
    anonymous.putObject(url, new ByteArrayInputStream(data), data.length, headers);
    try (OSSObject o = v1.getObject(BUCKET, "put/v1.txt")) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
      assertThat(o.getObjectMetadata().getContentType()).isEqualTo("text/plain");
    }
  }

  @Test
  void v4PresignedPut_uploadsThroughSdkChunked() throws Exception {
    byte[] data = random(200_000, 8);
    GeneratePresignedUrlRequest req = new GeneratePresignedUrlRequest(BUCKET, "put/v4.bin", HttpMethod.PUT);
    req.setExpiration(in(600));
    URL url = v4.generatePresignedUrl(req);
    v4.putObject(url, new ByteArrayInputStream(data), -1, new HashMap<>(), true);
    try (OSSObject o = v1.getObject(BUCKET, "put/v4.bin")) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
    }
  }

  // ---- URLs that must not work; none of them changes anything ----

  @Test
  void v1PresignedGet_expired_isAccessDenied() throws Exception {
    URL url = v1.generatePresignedUrl(BUCKET, KEY, in(-60));
    assertThatThrownBy(() -> sdkGet(anonymous, url))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("AccessDenied"));
    HttpResponse<String> r = httpGet(url.toString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(RawHttp.element(r.body(), "Code")).isEqualTo("AccessDenied");
  }

  @Test
  void v1PresignedPut_expired_isAccessDeniedAndStoresNothing() throws Exception {
    GeneratePresignedUrlRequest req = new GeneratePresignedUrlRequest(BUCKET, "put/expired", HttpMethod.PUT);
    req.setExpiration(in(-60));
    URL url = v1.generatePresignedUrl(req);
    assertThatThrownBy(() -> anonymous.putObject(url, new ByteArrayInputStream(new byte[10]), 10, new HashMap<>()))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("AccessDenied"));
    assertThat(v1.doesObjectExist(BUCKET, "put/expired")).isFalse();
  }

  @Test
  void v4PresignedGet_expired_isAccessDenied() throws Exception {
    // The SDK only signs future expirations; a window that closed is made by hand, signed correctly.
    String url = RawSigner.v4PresignedUrl(coffer.endpoint(), CofferExtension.ACCESS_KEY_ID,
        CofferExtension.ACCESS_KEY_SECRET, CofferExtension.REGION, "GET", BUCKET, KEY, Instant.now().minusSeconds(3600), 60);
    HttpResponse<String> r = httpGet(url);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(RawHttp.element(r.body(), "Code")).isEqualTo("AccessDenied");
    // The same hand-made URL with a window still open works, so it failed for its expiry only.
    HttpResponse<String> ok = httpGet(RawSigner.v4PresignedUrl(coffer.endpoint(), CofferExtension.ACCESS_KEY_ID,
        CofferExtension.ACCESS_KEY_SECRET, CofferExtension.REGION, "GET", BUCKET, KEY, Instant.now().minusSeconds(30), 600));
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void v1PresignedGet_tamperedSignature_isSignatureDoesNotMatchWithStringToSign() throws Exception {
    String url = v1.generatePresignedUrl(BUCKET, KEY, in(600)).toString();
    String tampered = url.replaceFirst("Signature=.", "Signature=" + (url.contains("Signature=A") ? "B" : "A"));
    HttpResponse<String> r = httpGet(tampered);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(RawHttp.element(r.body(), "Code")).isEqualTo("SignatureDoesNotMatch");
    assertThat(RawHttp.element(r.body(), "StringToSign")).startsWith("GET\n\n\n").endsWith("/" + BUCKET + "/" + KEY);
    assertThat(RawHttp.element(r.body(), "OSSAccessKeyId")).isEqualTo(CofferExtension.ACCESS_KEY_ID);
  }

  @Test
  void v4PresignedGet_tamperedSignature_isSignatureDoesNotMatchWithStringToSign() throws Exception {
    String url = v4.generatePresignedUrl(BUCKET, KEY, in(600)).toString();
    String tampered = url.replaceFirst("x-oss-signature=.", "x-oss-signature=" + (url.contains("x-oss-signature=a")
        ? "b" : "a"));
    HttpResponse<String> r = httpGet(tampered);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(RawHttp.element(r.body(), "Code")).isEqualTo("SignatureDoesNotMatch");
    assertThat(RawHttp.element(r.body(), "StringToSign")).startsWith("OSS4-HMAC-SHA256\n");
  }

  @Test
  void v1PresignedPut_usedForAnotherKey_isSignatureDoesNotMatchAndStoresNothing() throws Exception {
    GeneratePresignedUrlRequest req = new GeneratePresignedUrlRequest(BUCKET, "put/allowed", HttpMethod.PUT);
    req.setExpiration(in(600));
    URL url = v1.generatePresignedUrl(req);
    URL other = new URL(url.toString().replace("/put/allowed?", "/put/sneaky?"));
    assertThatThrownBy(() -> anonymous.putObject(other, new ByteArrayInputStream(new byte[10]), 10, new HashMap<>()))
        .isInstanceOfSatisfying(OSSException.class,
            e -> assertThat(e.getErrorCode()).isEqualTo("SignatureDoesNotMatch"));
    assertThat(v1.doesObjectExist(BUCKET, "put/sneaky")).isFalse();
    assertThat(v1.doesObjectExist(BUCKET, "put/allowed")).isFalse();
  }

  @Test
  void v1PresignedPut_withDifferentContentTypeThanSigned_isSignatureDoesNotMatch() throws Exception {
    GeneratePresignedUrlRequest req = new GeneratePresignedUrlRequest(BUCKET, "put/typed", HttpMethod.PUT);
    req.setExpiration(in(600));
    req.setContentType("text/plain");
    URL url = v1.generatePresignedUrl(req);
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "image/png"));
    assertThatThrownBy(() -> anonymous.putObject(url, new ByteArrayInputStream(new byte[10]), 10, headers))
        .isInstanceOfSatisfying(OSSException.class,
            e -> assertThat(e.getErrorCode()).isEqualTo("SignatureDoesNotMatch"));
    assertThat(v1.doesObjectExist(BUCKET, "put/typed")).isFalse();
  }
}
