package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.StorageClass;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawSocket;
import io.coffer.server.testing.TestData;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The headers objects keep and return on GET and HEAD, and exactly which ones a HEAD carries. */
class ObjectHeadersIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "headers";
  static OSS v1;
  static OSS v4;
  static RawSocket raw;

  /** What ossutil's stat shows for a plain object (seed 004), plus the headers it leaves out. */
  static final Set<String> PLAIN_HEAD = Set.of("accept-ranges", "content-length", "content-md5", "content-type", "etag",
      "last-modified", "x-oss-hash-crc64ecma", "x-oss-object-type", "x-oss-storage-class");
  static final Set<String> ALWAYS_ALLOWED = Set.of("date", "server", "connection", "x-oss-request-id");

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
    raw = RawSocket.of(coffer);
  }

  static OSS oss(String version) {
    return version.equals("v4") ? v4 : v1;
  }

  static ObjectMetadata fullMetadata() {
    ObjectMetadata m = new ObjectMetadata();
    m.setContentType("text/html; charset=utf-8");
    m.setCacheControl("no-cache, max-age=0");
    m.setContentDisposition("attachment; filename=\"report.txt\"");
    m.setContentEncoding("gzip");
    m.setHeader("Content-Language", "zh-CN");
    m.setHeader("Expires", "2015-10-01 00:00:00");
    // The SDK's HTTP layer (HttpCore) writes header chars 0x80-0x9F as '?', so UTF-8 values whose
    // bytes fall there (三, ☕) cannot leave the Java SDK intact, against any server; these avoid
    // them. Raw requests cover the rest of UTF-8.
    m.addUserMetadata("author", "alice 张 中");
    m.addUserMetadata("Project-Name", "Zoë café");
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void putObject_allStandardHeaders_roundTripOnGetAndHead(String version) throws Exception {
    OSS oss = oss(version);
    String key = "full-" + version;
    byte[] data = TestData.random(70_000, 1);
    oss.putObject(BUCKET, key, new ByteArrayInputStream(data), fullMetadata());

    try (OSSObject o = oss.getObject(BUCKET, key)) {
      assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
      assertFullMetadata(o.getObjectMetadata(), data);
    }
    assertFullMetadata(oss.getObjectMetadata(BUCKET, key), data);
  }

  private static void assertFullMetadata(ObjectMetadata m, byte[] data) {
    assertThat(m.getContentType()).isEqualTo("text/html; charset=utf-8");
    assertThat(m.getCacheControl()).isEqualTo("no-cache, max-age=0");
    assertThat(m.getContentDisposition()).isEqualTo("attachment; filename=\"report.txt\"");
    assertThat(m.getContentEncoding()).isEqualTo("gzip");
    assertThat(m.getRawMetadata().get("Content-Language")).isEqualTo("zh-CN");
    assertThat(m.getRawExpiresValue()).isEqualTo("2015-10-01 00:00:00");
    assertThat(m.getUserMetadata()).containsOnly(Map.entry("author", "alice 张 中"),
        Map.entry("project-name", "Zoë café"));
    assertThat(m.getContentLength()).isEqualTo(data.length);
    assertThat(m.getETag()).isEqualTo(TestData.etag(data));
    assertThat(m.getContentMD5()).isEqualTo(TestData.md5Base64(data));
    assertThat(m.getServerCRC()).isEqualTo(TestData.crc64Value(data));
    assertThat(m.getObjectType()).isEqualTo("Normal");
    assertThat(m.getObjectStorageClass()).isEqualTo(StorageClass.Standard);
    assertThat(m.getRawMetadata().get("Accept-Ranges")).isEqualTo("bytes");
    assertThat(m.getLastModified()).isNotNull();
  }

  @Test
  void putObject_userMetadataAnyUtf8_roundTripsByteForByte() throws Exception {
    String value = "张三 ☕ 😀 naïve";
    RawSocket.Response put = raw.request("PUT", BUCKET, "utf8-meta").header("X-OSS-Meta-Mixed-Case", value).body("x")
        .send();
    assertThat(put.status()).isEqualTo(200);
    RawSocket.Response head = raw.request("HEAD", BUCKET, "utf8-meta").noContentLength().send();
    assertThat(head.headerNames()).contains("x-oss-meta-mixed-case");
    String wire = head.header("x-oss-meta-mixed-case");
    assertThat(new String(wire.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
        java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(value);
    assertThat(v1.getObjectMetadata(BUCKET, "utf8-meta").getUserMetadata()).containsEntry("mixed-case", value);
  }

  @Test
  void putObject_noContentType_getsOctetStreamDefault() throws Exception {
    byte[] data = TestData.random(10, 2);
    RawSocket.Response put = raw.request("PUT", BUCKET, "no-type").body(data).send();
    assertThat(put.status()).isEqualTo(200);
    assertThat(v1.getObjectMetadata(BUCKET, "no-type").getContentType()).isEqualTo("application/octet-stream");
  }

  @Test
  void putObject_response_carriesQuotedEtagCrcAndRequestId() throws Exception {
    byte[] data = TestData.random(1000, 3);
    RawSocket.Response put = raw.request("PUT", BUCKET, "put-response").body(data).send();
    assertThat(put.status()).isEqualTo(200);
    assertThat(put.header("ETag")).isEqualTo("\"" + TestData.etag(data) + "\"");
    assertThat(put.header("x-oss-hash-crc64ecma")).isEqualTo(TestData.crc64(data));
    assertThat(put.header("x-oss-request-id")).matches("[0-9A-F]{24}");
  }

  @Test
  void headObject_plainObject_returnsExactlyTheOssHeaderSet() throws Exception {
    byte[] data = TestData.random(5000, 4);
    ObjectMetadata m = new ObjectMetadata();
    m.setContentType("text/plain");
    v1.putObject(BUCKET, "plain", new ByteArrayInputStream(data), m);

    RawSocket.Response head = raw.request("HEAD", BUCKET, "plain").noContentLength().send();
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertHeaderSet(head, PLAIN_HEAD);
    assertThat(head.header("ETag")).isEqualTo("\"" + TestData.etag(data) + "\"");
    assertThat(head.header("Content-Length")).isEqualTo("5000");
    assertThat(head.header("Content-MD5")).isEqualTo(TestData.md5Base64(data));
    assertThat(head.header("Content-Type")).isEqualTo("text/plain");
    assertThat(head.header("x-oss-hash-crc64ecma")).isEqualTo(TestData.crc64(data));
    assertThat(head.header("x-oss-object-type")).isEqualTo("Normal");
    assertThat(head.header("x-oss-storage-class")).isEqualTo("Standard");
    assertThat(head.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(head.header("Last-Modified")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    assertThat(head.header("x-oss-request-id")).matches("[0-9A-F]{24}");
  }

  @Test
  void headObject_objectWithStoredHeaders_addsExactlyThoseHeaders() throws Exception {
    v1.putObject(BUCKET, "stored", new ByteArrayInputStream(new byte[] {1, 2, 3}), fullMetadata());

    RawSocket.Response head = raw.request("HEAD", BUCKET, "stored").noContentLength().send();
    Set<String> expected = new HashSet<>(PLAIN_HEAD);
    expected.addAll(List.of("cache-control", "content-disposition", "content-encoding", "content-language", "expires",
        "x-oss-meta-author", "x-oss-meta-project-name"));
    assertHeaderSet(head, expected);
    // Java matches the user-metadata prefix case-sensitively on the raw names.
    assertThat(head.headerNames()).contains("x-oss-meta-author", "x-oss-meta-project-name");
    assertThat(head.header("Expires")).isEqualTo("2015-10-01 00:00:00");
  }

  @Test
  void getObject_plainObject_returnsTheSameHeaderSetAsHead() throws Exception {
    byte[] data = TestData.random(100, 5);
    v1.putObject(BUCKET, "get-set", new ByteArrayInputStream(data));
    RawSocket.Response get = raw.request("GET", BUCKET, "get-set").noContentLength().send();
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(data);
    assertHeaderSet(get, PLAIN_HEAD);
  }

  private static void assertHeaderSet(RawSocket.Response r, Set<String> expected) {
    List<String> names = new ArrayList<>();
    for (String n : r.headerNames()) names.add(n.toLowerCase(Locale.ROOT));
    assertThat(names).as("no header is sent twice").doesNotHaveDuplicates();
    Set<String> extra = new TreeSet<>(names);
    extra.removeAll(expected);
    extra.removeAll(ALWAYS_ALLOWED);
    assertThat(extra).as("headers OSS does not send").isEmpty();
    assertThat(names).as("headers OSS sends").containsAll(expected).contains("date", "x-oss-request-id");
  }

  @Test
  void putObject_userMetadataAtTheLimit_isStored() throws Exception {
    // 8 KiB of user metadata counts the full header names and the UTF-8 values.
    String name = "x-oss-meta-big";
    String value = "v".repeat(8192 - name.length());
    RawSocket.Response put = raw.request("PUT", BUCKET, "meta-limit").header(name, value).body("x").send();
    assertThat(put.status()).isEqualTo(200);
    assertThat(v1.getObjectMetadata(BUCKET, "meta-limit").getUserMetadata()).containsEntry("big", value);
  }

  @Test
  void putObject_userMetadataOverTheLimit_isInvalidArgumentAndChangesNothing() throws Exception {
    byte[] before = TestData.random(10, 6);
    v1.putObject(BUCKET, "meta-over", new ByteArrayInputStream(before));
    ObjectMetadata m = new ObjectMetadata();
    m.addUserMetadata("big", "v".repeat(15 * 1024));
    assertThatThrownBy(() -> v1.putObject(BUCKET, "meta-over", new ByteArrayInputStream(new byte[] {1}), m))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("InvalidArgument"));

    String name = "x-oss-meta-big";
    RawSocket.Response put = raw.request("PUT", BUCKET, "meta-over").header(name, "v".repeat(8193 - name.length()))
        .body("x").send();
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.xmlElement("Code")).isEqualTo("InvalidArgument");
    assertThat(TestData.read(v1, BUCKET, "meta-over")).isEqualTo(before);
    assertThat(v1.getObjectMetadata(BUCKET, "meta-over").getUserMetadata()).isEmpty();
  }

  @Test
  void putObject_manyMetadataEntries_splitAcrossHeaders_countTogether() throws Exception {
    ObjectMetadata m = new ObjectMetadata();
    for (int i = 0; i < 9; i++) m.addUserMetadata("part" + i, "p".repeat(1000));
    assertThatThrownBy(() -> v4.putObject(BUCKET, "meta-split", new ByteArrayInputStream(new byte[] {1}), m))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("InvalidArgument"));
    assertThat(v4.doesObjectExist(BUCKET, "meta-split")).isFalse();
  }
}
