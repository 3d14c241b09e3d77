package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.ObjectAcl;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.ObjectPermission;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawSocket;
import io.coffer.server.testing.TestData;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PutObjectACL and GetObjectACL, and what an object ACL lets an anonymous reader do. */
class ObjectAclIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "acls";
  static OSS v1;
  static OSS v4;
  static RawSocket raw;

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

  static int anonymousGet(String key) throws Exception {
    return raw.request("GET", BUCKET, key).unsigned().noContentLength().send().status();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void objectAcl_newObject_isDefaultWithOwner(String version) {
    v1.putObject(BUCKET, "new-" + version, new ByteArrayInputStream(new byte[] {1}));
    ObjectAcl acl = oss(version).getObjectAcl(BUCKET, "new-" + version);
    assertThat(acl.getPermission()).isEqualTo(ObjectPermission.Default);
    assertThat(acl.getOwner().getId()).isNotEmpty();
    assertThat(acl.getOwner().getDisplayName()).isEqualTo(acl.getOwner().getId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void putObjectAcl_publicRead_isReportedAndOpensAnonymousReads(String version) throws Exception {
    String key = "pub-" + version;
    byte[] data = TestData.random(64, 1);
    v1.putObject(BUCKET, key, new ByteArrayInputStream(data));
    assertThat(anonymousGet(key)).isEqualTo(403);

    oss(version).setObjectAcl(BUCKET, key, CannedAccessControlList.PublicRead);
    assertThat(oss(version).getObjectAcl(BUCKET, key).getPermission()).isEqualTo(ObjectPermission.PublicRead);
    RawSocket.Response r = raw.request("GET", BUCKET, key).unsigned().noContentLength().send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(data);
    // ACL changes leave the object itself alone.
    assertThat(v1.getObjectMetadata(BUCKET, key).getETag()).isEqualTo(TestData.etag(data));

    oss(version).setObjectAcl(BUCKET, key, CannedAccessControlList.Private);
    assertThat(oss(version).getObjectAcl(BUCKET, key).getPermission()).isEqualTo(ObjectPermission.Private);
    assertThat(anonymousGet(key)).isEqualTo(403);

    oss(version).setObjectAcl(BUCKET, key, CannedAccessControlList.Default);
    assertThat(oss(version).getObjectAcl(BUCKET, key).getPermission()).isEqualTo(ObjectPermission.Default);
  }

  @Test
  void putObject_withObjectAclHeader_setsTheAcl() {
    ObjectMetadata m = new ObjectMetadata();
    m.setObjectAcl(CannedAccessControlList.PublicReadWrite);
    v1.putObject(BUCKET, "with-header", new ByteArrayInputStream(new byte[] {1}), m);
    assertThat(v1.getObjectAcl(BUCKET, "with-header").getPermission()).isEqualTo(ObjectPermission.PublicReadWrite);
  }

  @Test
  void objectAcl_missingObject_isNoSuchKeyWithEcAndCreatesNothing() throws Exception {
    assertThatThrownBy(() -> v1.getObjectAcl(BUCKET, "missing"))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchKey"));
    assertThatThrownBy(() -> v4.setObjectAcl(BUCKET, "missing", CannedAccessControlList.PublicRead))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchKey"));
    RawSocket.Response r = raw.request("GET", BUCKET, "missing").query("acl").noContentLength().send();
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.bodyText()).contains("<EC>0026-00000001</EC>");
    assertThat(v1.doesObjectExist(BUCKET, "missing")).isFalse();
  }

  @Test
  void putObjectAcl_invalidOrMissingValue_isInvalidArgumentAndAclUnchanged() throws Exception {
    v1.putObject(BUCKET, "bad-acl", new ByteArrayInputStream(new byte[] {1}));
    v1.setObjectAcl(BUCKET, "bad-acl", CannedAccessControlList.PublicRead);
    for (String value : new String[] {"public", "PUBLIC-READ", "authenticated-read"}) {
      RawSocket.Response r = raw.request("PUT", BUCKET, "bad-acl").query("acl").header("x-oss-object-acl", value).send();
      assertThat(r.status()).as(value).isEqualTo(400);
      assertThat(r.xmlElement("Code")).isEqualTo("InvalidArgument");
    }
    RawSocket.Response none = raw.request("PUT", BUCKET, "bad-acl").query("acl").send();
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.xmlElement("Code")).isEqualTo("InvalidArgument");
    assertThat(v1.getObjectAcl(BUCKET, "bad-acl").getPermission()).isEqualTo(ObjectPermission.PublicRead);
  }

  @Test
  void putObject_invalidObjectAclHeader_isInvalidArgumentAndCreatesNothing() throws Exception {
    RawSocket.Response r = raw.request("PUT", BUCKET, "bad-put-acl").header("x-oss-object-acl", "everyone").body("x")
        .send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.xmlElement("Code")).isEqualTo("InvalidArgument");
    assertThat(v1.doesObjectExist(BUCKET, "bad-put-acl")).isFalse();
  }
}
