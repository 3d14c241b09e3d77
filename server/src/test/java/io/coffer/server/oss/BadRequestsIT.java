package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.Bucket;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.StorageClass;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed and unsupported requests: each gets OSS's error document with the right status and
 * Code, and leaves buckets and objects exactly as they were.
 */
class BadRequestsIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "bad-requests";
  static final String KEY = "dir/object.txt";
  static final String CONTENT = "original content";
  static OSS oss;

  @BeforeAll
  static void setUp() {
    oss = coffer.client();
    oss.createBucket(BUCKET);
    oss.putObject(BUCKET, KEY, new ByteArrayInputStream(CONTENT.getBytes(StandardCharsets.UTF_8)));
  }

  private static int port() {
    return coffer.server().ossPort();
  }

  private static List<String> bucketNames() {
    return oss.listBuckets().stream().map(Bucket::getName).toList();
  }

  private static void assertObjectUnchanged() throws Exception {
    try (OSSObject o = oss.getObject(BUCKET, KEY)) {
      assertThat(new String(o.getObjectContent().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(CONTENT);
    }
  }

  // ---- bucket names ----

  @ParameterizedTest
  @ValueSource(strings = {"UPPER", "Mixed-case", "ab", "a", "under_score", "-leading", "trailing-", "dot.ted",
      "a234567890123456789012345678901234567890123456789012345678901234"})
  void putBucket_invalidName_isInvalidBucketNameAndCreatesNothing(String name) throws Exception {
    List<String> before = bucketNames();
    RawRequest.request(port(), "PUT", "/" + name + "/").signV1(name, null).send().assertError(400, "InvalidBucketName");
    RawRequest.request(port(), "GET", "/" + name + "/").signV1(name, null).send().assertError(400, "InvalidBucketName");
    RawRequest.request(port(), "PUT", "/" + name + "/k").body("x").signV1(name, "k").send()
        .assertError(400, "InvalidBucketName");
    assertThat(bucketNames()).isEqualTo(before);
  }

  @Test
  void sdkOperation_underscoreBucketName_isInvalidBucketName() {
    // The SDK refuses such names only when creating buckets; elsewhere the server must.
    Throwable t = catchThrowable(() -> oss.getBucketAcl("under_score"));
    assertThat(t).isInstanceOfSatisfying(OSSException.class,
        e -> assertThat(e.getErrorCode()).isEqualTo("InvalidBucketName"));
  }

  @Test
  void bucketName_sixtyThreeChars_isValid() {
    String name = "a" + "b".repeat(61) + "c";
    oss.createBucket(name);
    assertThat(oss.doesBucketExist(name)).isTrue();
    oss.deleteBucket(name);
  }

  // ---- PutBucket bodies ----

  @ParameterizedTest
  @ValueSource(strings = {"<CreateBucketConfiguration><StorageClass>IA</StorageClass>",
      "not xml at all", "<Wrong><StorageClass>IA</StorageClass></Wrong>",
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"IA\">]><CreateBucketConfiguration><StorageClass>&e;"
          + "</StorageClass></CreateBucketConfiguration>",
      "<CreateBucketConfiguration></CreateBucketConfiguration><Extra/>"})
  void putBucket_malformedXml_isMalformedXmlAndCreatesNothing(String body) throws Exception {
    RawRequest.request(port(), "PUT", "/malformed-body/").header("Content-Type", "application/xml").body(body)
        .signV1("malformed-body", null).send().assertError(400, "MalformedXML");
    assertThat(oss.doesBucketExist("malformed-body")).isFalse();
  }

  @Test
  void putBucket_unknownStorageClassOrRedundancy_isInvalidArgumentAndCreatesNothing() throws Exception {
    RawRequest.request(port(), "PUT", "/bad-config/")
        .body("<CreateBucketConfiguration><StorageClass>Glacier</StorageClass></CreateBucketConfiguration>")
        .signV1("bad-config", null).send().assertError(400, "InvalidArgument");
    RawRequest.request(port(), "PUT", "/bad-config/")
        .body("<CreateBucketConfiguration><DataRedundancyType>XRS</DataRedundancyType></CreateBucketConfiguration>")
        .signV1("bad-config", null).send().assertError(400, "InvalidArgument");
    assertThat(oss.doesBucketExist("bad-config")).isFalse();
  }

  @Test
  void putBucket_malformedXmlOnExistingBucket_changesNothing() throws Exception {
    oss.createBucket("existing-config");
    RawRequest.request(port(), "PUT", "/existing-config/").header("x-oss-acl", "public-read")
        .body("<CreateBucketConfiguration><StorageClass>IA").signV1("existing-config", null).send()
        .assertError(400, "MalformedXML");
    assertThat(oss.getBucketAcl("existing-config").getCannedACL()).isEqualTo(CannedAccessControlList.Private);
    assertThat(oss.getBucketInfo("existing-config").getBucket().getStorageClass()).isEqualTo(StorageClass.Standard);
  }

  // ---- sub-resources Coffer does not provide ----

  @ParameterizedTest
  @ValueSource(strings = {"GET /?tagging", "PUT /?tagging", "DELETE /?tagging", "GET /?cors", "PUT /?cors",
      "DELETE /?cors", "GET /?lifecycle", "PUT /?lifecycle", "DELETE /?lifecycle", "GET /?website", "PUT /?logging",
      "GET /?referer", "PUT /?worm", "GET /?tagging="})
  void bucketSubresource_notProvided_isNotImplementedAndBucketUnchanged(String request) throws Exception {
    String[] parts = request.split(" ");
    String target = "/" + BUCKET + parts[1];
    RawRequest r = RawRequest.request(port(), parts[0], target);
    if (parts[0].equals("PUT")) r.body("<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>");
    r.signV1(BUCKET, null).send().assertError(501, "NotImplemented");
    assertThat(oss.doesBucketExist(BUCKET)).isTrue();
    assertObjectUnchanged();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PUT ?tagging", "PUT ?tagging=", "GET ?tagging", "DELETE ?tagging", "PUT ?symlink",
      "GET ?symlink", "POST ?restore", "POST ?x-oss-process=csv%2Fselect", "POST ?x-oss-process=image%2Fresize,w_10", "PUT ?x-oss-async-process"})
  void objectSubresource_notProvided_isNotImplementedAndObjectUnchanged(String request) throws Exception {
    String[] parts = request.split(" ");
    RawRequest r = RawRequest.request(port(), parts[0], "/" + BUCKET + "/" + KEY + parts[1]);
    if (!parts[0].equals("GET") && !parts[0].equals("DELETE")) r.body("replacement that must not land");
    r.signV1(BUCKET, KEY).send().assertError(501, "NotImplemented");
    assertObjectUnchanged();
  }

  @Test
  void putObjectTagging_onMissingKey_createsNoObject() throws Exception {
    RawRequest.request(port(), "PUT", "/" + BUCKET + "/fresh?tagging").body("<Tagging/>").signV1(BUCKET, "fresh").send()
        .assertError(501, "NotImplemented");
    assertThat(oss.doesObjectExist(BUCKET, "fresh")).isFalse();
  }

  // ---- methods ----

  @ParameterizedTest
  @ValueSource(strings = {"POST /bad-requests/dir/object.txt", "PATCH /bad-requests/dir/object.txt", "DELETE /",
      "PUT /", "POST /", "PATCH /bad-requests/"})
  void wrongMethod_isMethodNotAllowedAndChangesNothing(String request) throws Exception {
    String[] parts = request.split(" ");
    String path = parts[1];
    String bucket = path.equals("/") ? null : BUCKET;
    String key = path.startsWith("/" + BUCKET + "/") && path.length() > BUCKET.length() + 2
        ? path.substring(BUCKET.length() + 2) : null;
    RawRequest.request(port(), parts[0], path).body("replacement").signV1(bucket, key).send()
        .assertError(405, "MethodNotAllowed");
    assertObjectUnchanged();
    assertThat(bucketNames()).contains(BUCKET);
  }

  // ---- the error document itself ----

  @Test
  void errorDocument_carriesRequestIdHostIdAndEc() throws Exception {
    RawRequest.Response r = RawRequest.request(port(), "GET", "/" + BUCKET + "/missing").signV1(BUCKET, "missing").send()
        .assertError(404, "NoSuchKey");
    assertThat(r.xmlText("HostId")).isNotEmpty();
    assertThat(r.xmlText("EC")).isEqualTo(r.header("x-oss-ec"));
    assertThat(r.xmlText("Message")).isEqualTo("The specified key does not exist.");
    assertThat(r.text()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  }

  @Test
  void brokenPercentEncoding_isAnOssError() throws Exception {
    RawRequest.Response r = RawRequest.request(port(), "GET", "/" + BUCKET + "/bad%zzkey").signV1(BUCKET, "bad%zzkey").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.header("x-oss-request-id")).matches("[0-9A-F]{24}");
    assertThat(r.xml().getDocumentElement().getTagName()).isEqualTo("Error");
    RawRequest.request(port(), "GET", "/" + BUCKET + "/%C3%28").signV1(BUCKET, "x").send()
        .assertError(400, r.xmlText("Code"));
  }
}
