package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.OSSObject;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Virtual-host and path-style addressing. The SDK only uses path style against 127.0.0.1, and a
 * virtual-host name would need DNS, so virtual-host requests go out over a raw socket with the
 * Host header a client like ali-oss or a DNS-backed endpoint would send, signed like the SDK signs.
 */
class AddressingIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "addressing";
  static final String KEY = "dir/key one+€.txt";
  static final String KEY_PATH = "/dir/key%20one%2B%E2%82%AC.txt";
  static OSS oss;

  @BeforeAll
  static void setUp() {
    oss = coffer.client();
    oss.createBucket(BUCKET);
    oss.putObject(BUCKET, KEY, new ByteArrayInputStream("path-style".getBytes(StandardCharsets.UTF_8)));
  }

  private static int port() {
    return coffer.server().ossPort();
  }

  private static String localhostVh() {
    return BUCKET + ".localhost:" + port();
  }

  private static String read(String key) throws Exception {
    try (OSSObject o = oss.getObject(BUCKET, key)) {
      return new String(o.getObjectContent().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void virtualHost_localhostDomain_getObject() throws Exception {
    RawRequest.Response r = RawRequest.request(port(), "GET", KEY_PATH).host(localhostVh()).signV1(BUCKET, KEY).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("path-style");
    assertThat(r.header("x-oss-request-id")).matches("[0-9A-F]{24}");
  }

  @Test
  void virtualHost_aliyunRegionDomain_putObjectVisibleToPathStyleSdk() throws Exception {
    RawRequest.Response r = RawRequest.request(port(), "PUT", "/vh/put.txt")
        .host(BUCKET + ".oss-cn-hangzhou.aliyuncs.com").header("Content-Type", "text/plain")
        .body("from-virtual-host").signV1(BUCKET, "vh/put.txt").send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("ETag")).matches("\"[0-9A-F]{32}\"");
    assertThat(read("vh/put.txt")).isEqualTo("from-virtual-host");
    assertThat(oss.getObjectMetadata(BUCKET, "vh/put.txt").getContentType()).isEqualTo("text/plain");
  }

  @Test
  void virtualHost_signatureV4_getObject() throws Exception {
    RawRequest.Response r = RawRequest.request(port(), "GET", KEY_PATH).host(BUCKET + ".oss-cn-hangzhou.aliyuncs.com")
        .signV4(BUCKET, KEY).send();
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("path-style");
  }

  @Test
  void virtualHost_encodedSlashInPath_isPartOfTheKey() throws Exception {
    RawRequest.Response r = RawRequest.request(port(), "GET", "/dir%2Fkey%20one%2B%E2%82%AC.txt").host(localhostVh())
        .signV1(BUCKET, KEY).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("path-style");
  }

  @Test
  void virtualHost_bucketRoot_listsObjects() throws Exception {
    RawRequest.Response r = RawRequest.request(port(), "GET", "/?prefix=dir%2F").host(localhostVh())
        .signV1(BUCKET, null).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.xml().getDocumentElement().getTagName()).isEqualTo("ListBucketResult");
    assertThat(r.xmlText("Name")).isEqualTo(BUCKET);
    assertThat(r.xmlTexts("Key")).containsExactly(KEY);
  }

  @Test
  void virtualHost_bucketSubresource_getBucketAclAndInfo() throws Exception {
    RawRequest.Response acl = RawRequest.request(port(), "GET", "/?acl").host(BUCKET + ".oss-cn-hangzhou.aliyuncs.com")
        .signV1(BUCKET, null).send();
    assertThat(acl.status()).isEqualTo(200);
    assertThat(acl.xmlText("Grant")).isEqualTo("private");
    RawRequest.Response info = RawRequest.request(port(), "GET", "/?bucketInfo").host(localhostVh())
        .signV1(BUCKET, null).send();
    assertThat(info.status()).isEqualTo(200);
    assertThat(info.xmlText("Name")).isEqualTo(BUCKET);
    // The endpoint reported is the one clients put the bucket label in front of.
    assertThat(info.xmlText("ExtranetEndpoint")).isEqualTo("localhost:" + port());
  }

  @Test
  void virtualHost_headObject_hasLengthAndNoBody() throws Exception {
    RawRequest.Response r = RawRequest.request(port(), "HEAD", KEY_PATH).host(localhostVh()).signV1(BUCKET, KEY).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Length")).isEqualTo("10");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void virtualHost_signedForAnotherResource_isSignatureDoesNotMatch() throws Exception {
    RawRequest.request(port(), "GET", KEY_PATH).host(localhostVh()).signV1("otherbucket", KEY).send()
        .assertError(403, "SignatureDoesNotMatch");
    // A path-style signature (bucket repeated in the path) does not fit a virtual-host request.
    RawRequest.request(port(), "GET", KEY_PATH).host(localhostVh()).signV1(BUCKET, BUCKET + KEY_PATH).send()
        .assertError(403, "SignatureDoesNotMatch");
  }

  @Test
  void virtualHost_missingKey_isNoSuchKey() throws Exception {
    RawRequest.request(port(), "GET", "/absent").host(localhostVh()).signV1(BUCKET, "absent").send()
        .assertError(404, "NoSuchKey");
  }

  @Test
  void virtualHost_invalidBucketLabel_isInvalidBucketName() throws Exception {
    RawRequest.request(port(), "GET", "/").host("bad_bucket.localhost:" + port()).signV1("bad_bucket", null).send()
        .assertError(400, "InvalidBucketName");
  }

  @Test
  void virtualHost_regionDomainItself_isServiceLevel() throws Exception {
    for (String host : new String[] {"oss-cn-hangzhou.aliyuncs.com", "localhost:" + port()}) {
      RawRequest.Response r = RawRequest.request(port(), "GET", "/").host(host).signV1(null, null).send();
      assertThat(r.status()).as(host).isEqualTo(200);
      assertThat(r.xml().getDocumentElement().getTagName()).isEqualTo("ListAllMyBucketsResult");
      assertThat(r.xmlTexts("Name")).contains(BUCKET);
    }
  }

  @Test
  void pathStyle_localhostAndIpHosts_bothAddressBucketInPath() throws Exception {
    for (String host : new String[] {"localhost:" + port(), "127.0.0.1:" + port(), "[::1]:" + port()}) {
      RawRequest.Response r = RawRequest.request(port(), "GET", "/" + BUCKET + KEY_PATH).host(host).signV1(BUCKET, KEY).send();
      assertThat(r.status()).as(host).isEqualTo(200);
      assertThat(r.text()).isEqualTo("path-style");
    }
  }

  @Test
  void pathStyle_bucketWithAndWithoutTrailingSlash_areTheSameBucket() throws Exception {
    for (String target : new String[] {"/" + BUCKET + "?acl", "/" + BUCKET + "/?acl"}) {
      RawRequest.Response r = RawRequest.request(port(), "GET", target).signV1(BUCKET, null).send();
      assertThat(r.status()).as(target).isEqualTo(200);
      assertThat(r.xmlText("Grant")).isEqualTo("private");
    }
  }

  @Test
  void pathStyle_signatureV4_listBucket() throws Exception {
    RawRequest.Response r = RawRequest.request(port(), "GET", "/" + BUCKET + "/?list-type=2&prefix=dir%2F&max-keys=10")
        .signV4(BUCKET, null).send();
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.xmlTexts("Key")).containsExactly(KEY);
  }
}
