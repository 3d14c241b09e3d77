package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.AppendObjectRequest;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.CopyObjectResult;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.ObjectPermission;
import io.coffer.server.http.HttpDates;
import io.coffer.server.oss.auth.SignatureV4;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawSocket;
import io.coffer.server.testing.TestData;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CopyObject: metadata directives, self-copy as update-meta, conditions and malformed sources. */
class CopyObjectIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String SRC = "copy-src";
  static final String DST = "copy-dst";
  static final String KEY = "dir/source ü+%2F.bin";
  static final byte[] DATA = TestData.random(150_000, 1);
  static OSS v1;
  static OSS v4;
  static RawSocket raw;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(SRC);
    v1.createBucket(DST);
    raw = RawSocket.of(coffer);
    v1.putObject(SRC, KEY, new ByteArrayInputStream(DATA), sourceMetadata());
  }

  static ObjectMetadata sourceMetadata() {
    ObjectMetadata m = new ObjectMetadata();
    m.setContentType("image/x-source");
    m.setCacheControl("max-age=60");
    m.setContentDisposition("inline");
    m.addUserMetadata("origin", "source");
    return m;
  }

  static OSS oss(String version) {
    return version.equals("v4") ? v4 : v1;
  }

  static String copySource(String bucket, String key) {
    return "/" + bucket + "/" + SignatureV4.uriEncode(key, true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void copyObject_defaultDirective_keepsSourceBytesAndMetadata(String version) throws Exception {
    String dst = "copied/" + version + "/ключ?#";
    CopyObjectResult r = oss(version).copyObject(SRC, KEY, DST, dst);
    assertThat(r.getETag()).isEqualTo(TestData.etag(DATA));
    assertThat(r.getLastModified()).isNotNull();

    assertThat(TestData.read(v1, DST, dst)).isEqualTo(DATA);
    ObjectMetadata m = v1.getObjectMetadata(DST, dst);
    assertThat(m.getContentType()).isEqualTo("image/x-source");
    assertThat(m.getCacheControl()).isEqualTo("max-age=60");
    assertThat(m.getContentDisposition()).isEqualTo("inline");
    assertThat(m.getUserMetadata()).containsOnly(Map.entry("origin", "source"));
    assertThat(m.getETag()).isEqualTo(TestData.etag(DATA));
    assertThat(m.getContentMD5()).isEqualTo(TestData.md5Base64(DATA));
    assertThat(m.getServerCRC()).isEqualTo(TestData.crc64Value(DATA));
    assertThat(m.getObjectType()).isEqualTo("Normal");
  }

  @Test
  void copyObject_copyDirectiveWithRequestMetadata_ignoresTheRequestMetadata() throws Exception {
    RawSocket.Response r = raw.request("PUT", DST, "copy-ignores").header("x-oss-copy-source", copySource(SRC, KEY))
        .header("x-oss-metadata-directive", "COPY").header("x-oss-meta-origin", "request")
        .header("x-oss-meta-extra", "x").header("Content-Type", "text/request").send();
    assertThat(r.status()).isEqualTo(200);
    ObjectMetadata m = v1.getObjectMetadata(DST, "copy-ignores");
    assertThat(m.getContentType()).isEqualTo("image/x-source");
    assertThat(m.getUserMetadata()).containsOnly(Map.entry("origin", "source"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void copyObject_replaceDirective_usesOnlyTheRequestMetadata(String version) throws Exception {
    CopyObjectRequest c = new CopyObjectRequest(SRC, KEY, DST, "replaced-" + version);
    ObjectMetadata m = new ObjectMetadata();
    m.setContentType("text/replaced");
    m.addUserMetadata("fresh", "yes");
    c.setNewObjectMetadata(m);
    oss(version).copyObject(c);

    ObjectMetadata after = v1.getObjectMetadata(DST, "replaced-" + version);
    assertThat(after.getContentType()).isEqualTo("text/replaced");
    assertThat(after.getUserMetadata()).containsOnly(Map.entry("fresh", "yes"));
    assertThat(after.getCacheControl()).isNull();
    assertThat(after.getContentDisposition()).isNull();
    assertThat(after.getETag()).isEqualTo(TestData.etag(DATA));
    assertThat(TestData.read(v1, DST, "replaced-" + version)).isEqualTo(DATA);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void copyObject_ontoItselfWithReplace_changesMetadataKeepsEtagCrcAndBytes(String version) throws Exception {
    String key = "self/" + version;
    byte[] data = TestData.random(70_000, 2);
    v1.putObject(SRC, key, new ByteArrayInputStream(data), sourceMetadata());
    ObjectMetadata before = v1.getObjectMetadata(SRC, key);

    CopyObjectRequest c = new CopyObjectRequest(SRC, key, SRC, key);
    ObjectMetadata m = new ObjectMetadata();
    m.setContentType("text/updated");
    m.addUserMetadata("state", "updated");
    c.setNewObjectMetadata(m);
    CopyObjectResult r = oss(version).copyObject(c);
    assertThat(r.getETag()).isEqualTo(before.getETag());

    ObjectMetadata after = v1.getObjectMetadata(SRC, key);
    assertThat(after.getContentType()).isEqualTo("text/updated");
    assertThat(after.getUserMetadata()).containsOnly(Map.entry("state", "updated"));
    assertThat(after.getETag()).isEqualTo(before.getETag());
    assertThat(after.getServerCRC()).isEqualTo(before.getServerCRC());
    assertThat(after.getContentMD5()).isEqualTo(before.getContentMD5());
    assertThat(after.getLastModified()).isAfterOrEqualTo(before.getLastModified());
    assertThat(TestData.read(v1, SRC, key)).isEqualTo(data);
  }

  @Test
  void copyObject_appendableSource_copiesItsBytesAndCrc() throws Exception {
    byte[] a = TestData.random(1000, 3);
    byte[] b = TestData.random(70_000, 4);
    AppendObjectRequest first = new AppendObjectRequest(SRC, "appendable", new ByteArrayInputStream(a));
    first.setPosition(0L);
    v1.appendObject(first);
    AppendObjectRequest second = new AppendObjectRequest(SRC, "appendable", new ByteArrayInputStream(b));
    second.setPosition((long) a.length);
    v1.appendObject(second);
    byte[] all = RangeIT.concat(a, b);

    v1.copyObject(SRC, "appendable", DST, "from-appendable");
    assertThat(TestData.read(v1, DST, "from-appendable")).isEqualTo(all);
    assertThat(v1.getObjectMetadata(DST, "from-appendable").getServerCRC()).isEqualTo(TestData.crc64Value(all));
  }

  static CopyObjectRequest conditional(String dst, Consumer<CopyObjectRequest> conditions) {
    CopyObjectRequest c = new CopyObjectRequest(SRC, KEY, DST, dst);
    conditions.accept(c);
    return c;
  }

  @Test
  void copyObject_failingSourceConditions_are412Or304AndCopyNothing() {
    Instant modified = v1.getObjectMetadata(SRC, KEY).getLastModified().toInstant();
    Map<String, Consumer<CopyObjectRequest>> failing412 = Map.of(
        "if-match", c -> c.setMatchingETagConstraints(List.of("\"00000000000000000000000000000000\"")),
        "if-unmodified-since", c -> c.setUnmodifiedSinceConstraint(Date.from(modified.minusSeconds(60))));
    Map<String, Consumer<CopyObjectRequest>> failing304 = Map.of(
        "if-none-match", c -> c.setNonmatchingETagConstraints(List.of(TestData.etag(DATA))),
        "if-modified-since", c -> c.setModifiedSinceConstraint(Date.from(modified.plusSeconds(60))));
    failing412.forEach((name, cond) -> {
      assertThatThrownBy(() -> v1.copyObject(conditional("cond-" + name, cond))).as(name)
          .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("PreconditionFailed"));
      assertThat(v1.doesObjectExist(DST, "cond-" + name)).isFalse();
    });
    failing304.forEach((name, cond) -> {
      assertThatThrownBy(() -> v4.copyObject(conditional("cond-" + name, cond))).as(name)
          .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NotModified"));
      assertThat(v1.doesObjectExist(DST, "cond-" + name)).isFalse();
    });
  }

  @Test
  void copyObject_holdingSourceConditions_copy() throws Exception {
    Instant modified = v1.getObjectMetadata(SRC, KEY).getLastModified().toInstant();
    v1.copyObject(conditional("cond-ok", c -> {
      c.setMatchingETagConstraints(List.of(TestData.etag(DATA)));
      c.setNonmatchingETagConstraints(List.of("\"00000000000000000000000000000000\""));
      c.setModifiedSinceConstraint(Date.from(modified.minusSeconds(60)));
      c.setUnmodifiedSinceConstraint(Date.from(modified.plusSeconds(60)));
    }));
    assertThat(TestData.read(v1, DST, "cond-ok")).isEqualTo(DATA);
  }

  @Test
  void copyObject_rawConditionFailure_is304WithoutBody() throws Exception {
    RawSocket.Response r = raw.request("PUT", DST, "cond-raw").header("x-oss-copy-source", copySource(SRC, KEY))
        .header("x-oss-copy-source-if-none-match", "\"" + TestData.etag(DATA) + "\"").send();
    assertThat(r.status()).isEqualTo(304);
    assertThat(r.header("x-oss-err")).isNull();
    assertThat(r.body()).isEmpty();
  }

  @Test
  void copyObject_missingSourceOrBucket_isNotFoundAndCopiesNothing() {
    assertThatThrownBy(() -> v1.copyObject(SRC, "no/such key", DST, "missing-src"))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchKey"));
    assertThatThrownBy(() -> v1.copyObject("no-such-src", KEY, DST, "missing-src"))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket"));
    assertThatThrownBy(() -> v4.copyObject(SRC, KEY, "no-such-dst", "missing-src"))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket"));
    assertThat(v1.doesObjectExist(DST, "missing-src")).isFalse();
  }

  @Test
  void copyObject_malformedCopySource_isInvalidArgumentAndCopiesNothing() throws Exception {
    for (String bad : List.of("", "no-slash-at-all", "/" + SRC, "/" + SRC + "/", "//" + SRC, "/" + SRC + "/%ZZ",
        "/" + SRC + "/%C3%28")) {
      RawSocket.Response r = raw.request("PUT", DST, "malformed").header("x-oss-copy-source", bad).send();
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.xmlElement("Code")).as(bad).isEqualTo("InvalidArgument");
    }
    assertThat(v1.doesObjectExist(DST, "malformed")).isFalse();
  }

  @Test
  void copyObject_unknownMetadataDirective_isInvalidArgument() throws Exception {
    RawSocket.Response r = raw.request("PUT", DST, "bad-directive").header("x-oss-copy-source", copySource(SRC, KEY))
        .header("x-oss-metadata-directive", "MERGE").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.xmlElement("Code")).isEqualTo("InvalidArgument");
    assertThat(v1.doesObjectExist(DST, "bad-directive")).isFalse();
  }

  @Test
  void copyObject_response_hasEtagHeaderAndXmlResult() throws Exception {
    RawSocket.Response r = raw.request("PUT", DST, "raw-copy").header("x-oss-copy-source", copySource(SRC, KEY)).send();
    assertThat(r.status()).isEqualTo(200);
    String etag = "\"" + TestData.etag(DATA) + "\"";
    assertThat(r.header("ETag")).isEqualTo(etag);
    assertThat(r.bodyText()).contains("<CopyObjectResult>");
    assertThat(r.xmlElement("ETag")).isEqualTo(etag);
    assertThat(r.xmlElement("LastModified")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.000Z");
  }

  @Test
  void copyObject_forbidOverwriteOnExistingTarget_isFileAlreadyExistsAndTargetUnchanged() throws Exception {
    byte[] existing = TestData.random(10, 5);
    v1.putObject(DST, "protected", new ByteArrayInputStream(existing));
    CopyObjectRequest c = new CopyObjectRequest(SRC, KEY, DST, "protected");
    c.addHeader("x-oss-forbid-overwrite", "true");
    assertThatThrownBy(() -> v1.copyObject(c))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("FileAlreadyExists"));
    assertThat(TestData.read(v1, DST, "protected")).isEqualTo(existing);
  }

  @Test
  void copyObject_withObjectAcl_setsTheTargetAcl() {
    CopyObjectRequest c = new CopyObjectRequest(SRC, KEY, DST, "acl-copy");
    ObjectMetadata m = new ObjectMetadata();
    m.setObjectAcl(CannedAccessControlList.PublicRead);
    c.setNewObjectMetadata(m);
    v1.copyObject(c);
    assertThat(v1.getObjectAcl(DST, "acl-copy").getPermission()).isEqualTo(ObjectPermission.PublicRead);
  }

  @Test
  void copyObject_replaceWithOversizedMetadata_isInvalidArgumentAndTargetUnchanged() {
    CopyObjectRequest c = new CopyObjectRequest(SRC, KEY, DST, "meta-too-big");
    ObjectMetadata m = new ObjectMetadata();
    m.addUserMetadata("big", "b".repeat(9000));
    c.setNewObjectMetadata(m);
    assertThatThrownBy(() -> v1.copyObject(c))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("InvalidArgument"));
    assertThat(v1.doesObjectExist(DST, "meta-too-big")).isFalse();
  }

  @Test
  void copyObject_lastModifiedOfTarget_isTheCopyTime() {
    Instant start = Instant.now().minusSeconds(2);
    CopyObjectResult r = v1.copyObject(SRC, KEY, DST, "fresh-time");
    assertThat(r.getLastModified().toInstant()).isAfterOrEqualTo(start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    assertThat(HttpDates.rfc1123(v1.getObjectMetadata(DST, "fresh-time").getLastModified().toInstant()))
        .isEqualTo(HttpDates.rfc1123(r.getLastModified().toInstant()));
  }
}
