package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.CreateBucketRequest;
import com.aliyun.oss.model.ListObjectsV2Result;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectListing;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What an unsigned request may do, as bucket and object canned ACLs grant it. */
class AnonymousAccessIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static OSS owner;
  static OSS anon;

  @BeforeAll
  static void setUp() {
    owner = coffer.client();
    anon = coffer.anonymousClient();
    create("anon-private", CannedAccessControlList.Private);
    create("anon-read", CannedAccessControlList.PublicRead);
    create("anon-rw", CannedAccessControlList.PublicReadWrite);
    for (String b : new String[] {"anon-private", "anon-read", "anon-rw"}) put(owner, b, "doc.txt", "owner's");
  }

  static void create(String name, CannedAccessControlList acl) {
    CreateBucketRequest req = new CreateBucketRequest(name);
    req.setCannedACL(acl);
    owner.createBucket(req);
  }

  static void put(OSS client, String bucket, String key, String text) {
    client.putObject(bucket, key, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  static String get(OSS client, String bucket, String key) throws Exception {
    try (OSSObject o = client.getObject(bucket, key)) {
      return new String(o.getObjectContent().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static void assertAccessDenied(ThrowingRunnable call) {
    Throwable t = catchThrowable(call::run);
    assertThat(t).isInstanceOf(OSSException.class);
    OSSException e = (OSSException) t;
    assertThat(e.getErrorCode()).isEqualTo("AccessDenied");
    assertThat(e.getRequestId()).matches("[0-9A-F]{24}");
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static int port() {
    return coffer.server().ossPort();
  }

  // ---- private bucket ----

  @Test
  void privateBucket_anonymousGetHeadAndList_areAccessDenied() throws Exception {
    assertAccessDenied(() -> get(anon, "anon-private", "doc.txt"));
    assertAccessDenied(() -> anon.getObjectMetadata("anon-private", "doc.txt"));
    assertAccessDenied(() -> anon.listObjects("anon-private"));
    assertAccessDenied(() -> anon.listObjectsV2("anon-private"));
    assertAccessDenied(() -> anon.getBucketInfo("anon-private"));
    assertAccessDenied(() -> anon.getBucketAcl("anon-private"));
    RawRequest.request(port(), "GET", "/anon-private/doc.txt").send().assertError(403, "AccessDenied");
    RawRequest.request(port(), "GET", "/anon-private/").send().assertError(403, "AccessDenied");
  }

  @Test
  void privateBucket_anonymousPutAndDelete_areAccessDeniedAndChangeNothing() throws Exception {
    assertAccessDenied(() -> put(anon, "anon-private", "doc.txt", "vandal"));
    assertAccessDenied(() -> put(anon, "anon-private", "new.txt", "vandal"));
    assertAccessDenied(() -> anon.deleteObject("anon-private", "doc.txt"));
    RawRequest.request(port(), "PUT", "/anon-private/raw.txt").body("vandal").send().assertError(403, "AccessDenied");
    assertThat(get(owner, "anon-private", "doc.txt")).isEqualTo("owner's");
    assertThat(owner.doesObjectExist("anon-private", "new.txt")).isFalse();
    assertThat(owner.doesObjectExist("anon-private", "raw.txt")).isFalse();
  }

  // ---- public-read bucket ----

  @Test
  void publicReadBucket_anonymousGetAndList_areAllowed() throws Exception {
    assertThat(get(anon, "anon-read", "doc.txt")).isEqualTo("owner's");
    assertThat(anon.getObjectMetadata("anon-read", "doc.txt").getContentLength()).isEqualTo(7);
    ObjectListing v1 = anon.listObjects("anon-read");
    assertThat(v1.getObjectSummaries()).extracting(OSSObjectSummary::getKey).contains("doc.txt");
    ListObjectsV2Result v2 = anon.listObjectsV2("anon-read");
    assertThat(v2.getObjectSummaries()).extracting(OSSObjectSummary::getKey).contains("doc.txt");
  }

  @Test
  void publicReadBucket_anonymousWrites_areAccessDeniedAndChangeNothing() throws Exception {
    assertAccessDenied(() -> put(anon, "anon-read", "doc.txt", "vandal"));
    assertAccessDenied(() -> anon.deleteObject("anon-read", "doc.txt"));
    assertAccessDenied(() -> anon.setBucketAcl("anon-read", CannedAccessControlList.PublicReadWrite));
    assertAccessDenied(() -> anon.getBucketAcl("anon-read"));
    assertThat(get(owner, "anon-read", "doc.txt")).isEqualTo("owner's");
    assertThat(owner.getBucketAcl("anon-read").getCannedACL()).isEqualTo(CannedAccessControlList.PublicRead);
  }

  // ---- public-read-write bucket ----

  @Test
  void publicReadWriteBucket_anonymousPut_isAllowedAndVisibleToOwner() throws Exception {
    put(anon, "anon-rw", "from-anon.txt", "anonymous was here");
    assertThat(get(owner, "anon-rw", "from-anon.txt")).isEqualTo("anonymous was here");
    assertThat(get(anon, "anon-rw", "from-anon.txt")).isEqualTo("anonymous was here");
  }

  @Test
  void publicReadWriteBucket_bucketAdministration_staysWithOwner() throws Exception {
    assertAccessDenied(() -> anon.deleteBucket("anon-rw"));
    assertAccessDenied(() -> anon.setBucketAcl("anon-rw", CannedAccessControlList.Private));
    assertAccessDenied(() -> anon.getBucketInfo("anon-rw"));
    assertThat(owner.doesBucketExist("anon-rw")).isTrue();
    assertThat(owner.getBucketAcl("anon-rw").getCannedACL()).isEqualTo(CannedAccessControlList.PublicReadWrite);
  }

  // ---- object ACL over bucket ACL ----

  @Test
  void publicReadObjectInPrivateBucket_isReadableAnonymously() throws Exception {
    put(owner, "anon-private", "shared.txt", "shared");
    owner.setObjectAcl("anon-private", "shared.txt", CannedAccessControlList.PublicRead);
    assertThat(get(anon, "anon-private", "shared.txt")).isEqualTo("shared");
    RawRequest.Response r = RawRequest.request(port(), "GET", "/anon-private/shared.txt").send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("shared");
    // Readable is not writable, and the rest of the bucket stays closed.
    assertAccessDenied(() -> put(anon, "anon-private", "shared.txt", "vandal"));
    assertThat(get(owner, "anon-private", "shared.txt")).isEqualTo("shared");
    assertAccessDenied(() -> anon.listObjects("anon-private"));
  }

  @Test
  void objectAcl_decidesAnonymousWritesToThatObject() throws Exception {
    put(owner, "anon-private", "dropbox.txt", "v1");
    owner.setObjectAcl("anon-private", "dropbox.txt", CannedAccessControlList.PublicReadWrite);
    put(anon, "anon-private", "dropbox.txt", "v2");
    assertThat(get(owner, "anon-private", "dropbox.txt")).isEqualTo("v2");
    assertAccessDenied(() -> put(anon, "anon-private", "other.txt", "new"));
    assertThat(owner.doesObjectExist("anon-private", "other.txt")).isFalse();

    put(owner, "anon-rw", "locked.txt", "mine");
    owner.setObjectAcl("anon-rw", "locked.txt", CannedAccessControlList.Private);
    assertAccessDenied(() -> put(anon, "anon-rw", "locked.txt", "vandal"));
    assertAccessDenied(() -> anon.deleteObject("anon-rw", "locked.txt"));
    assertThat(get(owner, "anon-rw", "locked.txt")).isEqualTo("mine");
  }

  @Test
  void privateObjectInPublicReadBucket_isNotReadableAnonymously() throws Exception {
    put(owner, "anon-read", "secret.txt", "secret");
    owner.setObjectAcl("anon-read", "secret.txt", CannedAccessControlList.Private);
    assertAccessDenied(() -> get(anon, "anon-read", "secret.txt"));
    assertAccessDenied(() -> anon.getObjectMetadata("anon-read", "secret.txt"));
    assertThat(get(owner, "anon-read", "secret.txt")).isEqualTo("secret");
  }

  @Test
  void defaultObjectAcl_followsBucketAclChanges() throws Exception {
    create("anon-flip", CannedAccessControlList.Private);
    put(owner, "anon-flip", "k", "v");
    assertAccessDenied(() -> get(anon, "anon-flip", "k"));
    owner.setBucketAcl("anon-flip", CannedAccessControlList.PublicRead);
    assertThat(get(anon, "anon-flip", "k")).isEqualTo("v");
    owner.setBucketAcl("anon-flip", CannedAccessControlList.Private);
    assertAccessDenied(() -> get(anon, "anon-flip", "k"));
  }

  // ---- account level ----

  @Test
  void anonymous_listBucketsAndCreateBucket_areAccessDenied() throws Exception {
    assertAccessDenied(() -> anon.listBuckets());
    assertAccessDenied(() -> anon.createBucket("anon-made"));
    RawRequest.request(port(), "PUT", "/anon-made-raw/").send().assertError(403, "AccessDenied");
    assertThat(owner.doesBucketExist("anon-made")).isFalse();
    assertThat(owner.doesBucketExist("anon-made-raw")).isFalse();
  }
}
