package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.AccessControlList;
import com.aliyun.oss.model.Bucket;
import com.aliyun.oss.model.BucketInfo;
import com.aliyun.oss.model.BucketList;
import com.aliyun.oss.model.BucketVersioningConfiguration;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.CreateBucketRequest;
import com.aliyun.oss.model.DataRedundancyType;
import com.aliyun.oss.model.Grant;
import com.aliyun.oss.model.GroupGrantee;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListBucketsRequest;
import com.aliyun.oss.model.Permission;
import com.aliyun.oss.model.SetBucketVersioningRequest;
import com.aliyun.oss.model.StorageClass;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bucket-level operations and ListBuckets, driven by the official SDK with V1 and V4 signing. */
class BucketOperationsIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static OSS oss;
  static OSS v4;

  @BeforeAll
  static void setUp() {
    oss = coffer.client();
    v4 = coffer.clientV4();
  }

  private static int port() {
    return coffer.server().ossPort();
  }

  private static OSSException ossError(Runnable call) {
    try {
      call.run();
    } catch (OSSException e) {
      assertThat(e.getRequestId()).matches("[0-9A-F]{24}");
      return e;
    }
    throw new AssertionError("expected an OSSException");
  }

  // ---- ListBuckets ----

  @Test
  void listBuckets_prefixMarkerMaxKeys_pagesInNameOrderWithoutRepeats() {
    List<String> names = IntStream.range(0, 12).mapToObj(i -> String.format("lb-page-%02d", i)).toList();
    for (String n : names.reversed()) oss.createBucket(n);
    oss.createBucket("lb-pagf-other");
    for (OSS client : List.of(oss, v4)) {
      List<String> seen = new ArrayList<>();
      String marker = null;
      List<Boolean> truncation = new ArrayList<>();
      do {
        BucketList page = client.listBuckets(new ListBucketsRequest("lb-page-", marker, 5));
        assertThat(page.getBucketList()).hasSizeLessThanOrEqualTo(5);
        page.getBucketList().forEach(b -> seen.add(b.getName()));
        truncation.add(page.isTruncated());
        assertThat(page.getPrefix()).isEqualTo("lb-page-");
        assertThat(page.getMaxKeys()).isEqualTo(5);
        if (page.isTruncated()) {
          assertThat(page.getNextMarker()).isEqualTo(seen.getLast());
        }
        marker = page.isTruncated() ? page.getNextMarker() : null;
      } while (marker != null);
      assertThat(seen).containsExactlyElementsOf(names);
      assertThat(truncation).containsExactly(true, true, false);
    }
    BucketList afterMarker = oss.listBuckets(new ListBucketsRequest("lb-page-", "lb-page-09", 100));
    assertThat(afterMarker.getBucketList()).extracting(Bucket::getName)
        .containsExactly("lb-page-10", "lb-page-11");
    assertThat(afterMarker.isTruncated()).isFalse();
  }

  @Test
  void listBuckets_everyBucket_carriesLocationRegionEndpointAndCreationDate() {
    oss.createBucket("lb-fields");
    Bucket b = oss.listBuckets().stream().filter(x -> x.getName().equals("lb-fields")).findFirst().orElseThrow();
    assertThat(b.getLocation()).isEqualTo("oss-" + CofferExtension.REGION);
    assertThat(b.getRegion()).isEqualTo(CofferExtension.REGION);
    assertThat(b.getExtranetEndpoint()).isEqualTo("127.0.0.1:" + port());
    assertThat(b.getIntranetEndpoint()).isNotEmpty();
    assertThat(b.getCreationDate()).isNotNull();
    assertThat(b.getStorageClass()).isEqualTo(StorageClass.Standard);
  }

  @Test
  void listBuckets_maxKeysZero_isInvalidArgument() throws Exception {
    OSSException e = ossError(() -> oss.listBuckets(new ListBucketsRequest(null, null, 0)));
    assertThat(e.getErrorCode()).isEqualTo("InvalidArgument");
    RawRequest.request(port(), "GET", "/?max-keys=0").signV1(null, null).send().assertError(400, "InvalidArgument");
    RawRequest.request(port(), "GET", "/?max-keys=1001").signV1(null, null).send().assertError(400, "InvalidArgument");
  }

  // ---- PutBucket ----

  @Test
  void createBucket_aclStorageClassAndRedundancy_showInBucketInfo() {
    CreateBucketRequest req = new CreateBucketRequest("pb-configured");
    req.setCannedACL(CannedAccessControlList.PublicRead);
    req.setStorageClass(StorageClass.IA);
    req.setDataRedundancyType(DataRedundancyType.ZRS);
    oss.createBucket(req);
    for (OSS client : List.of(oss, v4)) {
      BucketInfo info = client.getBucketInfo("pb-configured");
      assertThat(info.getBucket().getName()).isEqualTo("pb-configured");
      assertThat(info.getBucket().getStorageClass()).isEqualTo(StorageClass.IA);
      assertThat(info.getCannedACL()).isEqualTo(CannedAccessControlList.PublicRead);
      assertThat(info.getDataRedundancyType()).isEqualTo(DataRedundancyType.ZRS);
      assertThat(info.getGrants()).containsExactly(new Grant(GroupGrantee.AllUsers, Permission.Read));
    }
  }

  @Test
  void getBucketInfo_defaultBucket_hasEveryFieldTheSdkReads() {
    oss.createBucket("pb-info");
    for (OSS client : List.of(oss, v4)) {
      BucketInfo info = client.getBucketInfo("pb-info");
      Bucket b = info.getBucket();
      assertThat(b.getName()).isEqualTo("pb-info");
      assertThat(b.getLocation()).isEqualTo("oss-" + CofferExtension.REGION);
      assertThat(b.getCreationDate()).isNotNull();
      assertThat(b.getExtranetEndpoint()).isEqualTo("127.0.0.1:" + port());
      assertThat(b.getIntranetEndpoint()).isNotEmpty();
      assertThat(b.getStorageClass()).isEqualTo(StorageClass.Standard);
      assertThat(b.getOwner().getId()).isNotEmpty();
      assertThat(b.getOwner().getDisplayName()).isEqualTo(b.getOwner().getId());
      assertThat(info.getCannedACL()).isEqualTo(CannedAccessControlList.Private);
      assertThat(info.getGrants()).isEmpty();
      assertThat(info.getDataRedundancyType()).isEqualTo(DataRedundancyType.LRS);
      assertThat(info.getComment()).isNotNull();
      assertThat(info.getServerSideEncryptionConfiguration().getApplyServerSideEncryptionByDefault()
          .getSSEAlgorithm()).isEqualTo("None");
      assertThat(info.getServerSideEncryptionConfiguration().getApplyServerSideEncryptionByDefault()
          .getKMSMasterKeyID()).isNull();
      assertThat(info.getVersioning()).isNull();
    }
  }

  @Test
  void createBucket_ownRegionLocationConstraint_isAccepted() {
    CreateBucketRequest full = new CreateBucketRequest("pb-loc-full");
    full.setLocationConstraint("oss-" + CofferExtension.REGION);
    oss.createBucket(full);
    CreateBucketRequest bare = new CreateBucketRequest("pb-loc-bare");
    bare.setLocationConstraint(CofferExtension.REGION);
    v4.createBucket(bare);
    assertThat(oss.doesBucketExist("pb-loc-full")).isTrue();
    assertThat(oss.getBucketLocation("pb-loc-bare")).isEqualTo("oss-" + CofferExtension.REGION);
  }

  @Test
  void createBucket_otherRegionLocationConstraint_isInvalidLocationConstraintAndCreatesNothing() throws Exception {
    CreateBucketRequest req = new CreateBucketRequest("pb-loc-other");
    req.setLocationConstraint("oss-cn-beijing");
    OSSException e = ossError(() -> oss.createBucket(req));
    assertThat(e.getErrorCode()).isEqualTo("InvalidLocationConstraint");
    assertThat(oss.doesBucketExist("pb-loc-other")).isFalse();
    RawRequest.request(port(), "PUT", "/pb-loc-other/")
        .body("<CreateBucketConfiguration><LocationConstraint>oss-us-west-1</LocationConstraint>"
            + "</CreateBucketConfiguration>")
        .signV1("pb-loc-other", null).send().assertError(400, "InvalidLocationConstraint");
    assertThat(oss.doesBucketExist("pb-loc-other")).isFalse();
  }

  @Test
  void createBucket_ownExistingBucket_succeedsAndKeepsObjects() throws Exception {
    oss.createBucket("pb-again");
    oss.putObject("pb-again", "k", new ByteArrayInputStream(new byte[] {1}));
    oss.createBucket("pb-again");
    v4.createBucket("pb-again");
    assertThat(oss.getObject("pb-again", "k").getObjectMetadata().getContentLength()).isEqualTo(1);
    RawRequest.Response r = RawRequest.request(port(), "PUT", "/pb-again/").signV1("pb-again", null).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Location")).isEqualTo("/pb-again");
    assertThat(r.header("x-oss-request-id")).matches("[0-9A-F]{24}");
  }

  @Test
  void createBucket_ownExistingBucketWithAcl_updatesAcl() {
    oss.createBucket("pb-again-acl");
    CreateBucketRequest req = new CreateBucketRequest("pb-again-acl");
    req.setCannedACL(CannedAccessControlList.PublicReadWrite);
    oss.createBucket(req);
    assertThat(oss.getBucketAcl("pb-again-acl").getCannedACL()).isEqualTo(CannedAccessControlList.PublicReadWrite);
  }

  // ---- DeleteBucket ----

  @Test
  void deleteBucket_empty_answers204AndBucketIsGone() throws Exception {
    oss.createBucket("db-empty");
    RawRequest.Response r = RawRequest.request(port(), "DELETE", "/db-empty/").signV1("db-empty", null).send();
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("x-oss-request-id")).matches("[0-9A-F]{24}");
    assertThat(oss.doesBucketExist("db-empty")).isFalse();
    v4.createBucket("db-empty-v4");
    v4.deleteBucket("db-empty-v4");
    assertThat(v4.doesBucketExist("db-empty-v4")).isFalse();
  }

  @Test
  void deleteBucket_withObjects_isBucketNotEmptyAndKeepsEverything() throws Exception {
    oss.createBucket("db-objects");
    oss.putObject("db-objects", "a/b", new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)));
    for (OSS client : List.of(oss, v4)) {
      OSSException e = ossError(() -> client.deleteBucket("db-objects"));
      assertThat(e.getErrorCode()).isEqualTo("BucketNotEmpty");
      assertThat(e.getErrorMessage()).isEqualTo("The bucket has objects. Please delete them first.");
    }
    RawRequest.request(port(), "DELETE", "/db-objects").signV1("db-objects", null).send()
        .assertError(409, "BucketNotEmpty");
    assertThat(oss.doesObjectExist("db-objects", "a/b")).isTrue();
    oss.deleteObject("db-objects", "a/b");
    oss.deleteBucket("db-objects");
    assertThat(oss.doesBucketExist("db-objects")).isFalse();
  }

  @Test
  void deleteBucket_withUnfinishedMultipartUpload_isBucketNotEmpty() {
    oss.createBucket("db-uploads");
    String uploadId = oss.initiateMultipartUpload(new InitiateMultipartUploadRequest("db-uploads", "big"))
        .getUploadId();
    OSSException e = ossError(() -> oss.deleteBucket("db-uploads"));
    assertThat(e.getErrorCode()).isEqualTo("BucketNotEmpty");
    assertThat(e.getErrorMessage()).isEqualTo("The bucket has Multipart Uploads.");
    assertThat(oss.doesBucketExist("db-uploads")).isTrue();
    oss.abortMultipartUpload(new AbortMultipartUploadRequest("db-uploads", "big", uploadId));
    oss.deleteBucket("db-uploads");
    assertThat(oss.doesBucketExist("db-uploads")).isFalse();
  }

  @Test
  void deleteBucket_missing_isNoSuchBucket() throws Exception {
    for (OSS client : List.of(oss, v4)) {
      assertThat(ossError(() -> client.deleteBucket("db-never")).getErrorCode()).isEqualTo("NoSuchBucket");
    }
    RawRequest.request(port(), "DELETE", "/db-never/").signV1("db-never", null).send().assertError(404, "NoSuchBucket");
  }

  // ---- GetBucketLocation, GetBucketMeta ----

  @Test
  void getBucketLocation_isOssRegion() {
    oss.createBucket("gl-loc");
    assertThat(oss.getBucketLocation("gl-loc")).isEqualTo("oss-" + CofferExtension.REGION);
    assertThat(v4.getBucketLocation("gl-loc")).isEqualTo("oss-" + CofferExtension.REGION);
    assertThat(ossError(() -> oss.getBucketLocation("gl-none")).getErrorCode()).isEqualTo("NoSuchBucket");
  }

  @Test
  void getBucketMetadata_existingBucket_carriesRegionHeader() {
    oss.createBucket("hb-meta");
    assertThat(oss.getBucketMetadata("hb-meta").getBucketRegion()).isEqualTo("oss-" + CofferExtension.REGION);
    assertThat(v4.getBucketMetadata("hb-meta").getBucketRegion()).isEqualTo("oss-" + CofferExtension.REGION);
  }

  @Test
  void getBucketMetadata_missingBucket_isNoSuchBucket() throws Exception {
    assertThat(ossError(() -> oss.getBucketMetadata("hb-none")).getErrorCode()).isEqualTo("NoSuchBucket");
    RawRequest.Response r = RawRequest.request(port(), "HEAD", "/hb-none/").signV1("hb-none", null).send();
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.body()).isEmpty();
    String err = new String(java.util.Base64.getDecoder().decode(r.header("x-oss-err")), StandardCharsets.UTF_8);
    assertThat(err).contains("<Code>NoSuchBucket</Code>");
  }

  // ---- ACL ----

  @Test
  void bucketAcl_defaultPrivate_thenSetAndReadBack() {
    oss.createBucket("acl-cycle");
    AccessControlList acl = oss.getBucketAcl("acl-cycle");
    assertThat(acl.getCannedACL()).isEqualTo(CannedAccessControlList.Private);
    assertThat(acl.getOwner().getId()).isNotEmpty();
    oss.setBucketAcl("acl-cycle", CannedAccessControlList.PublicRead);
    assertThat(v4.getBucketAcl("acl-cycle").getCannedACL()).isEqualTo(CannedAccessControlList.PublicRead);
    v4.setBucketAcl("acl-cycle", CannedAccessControlList.PublicReadWrite);
    assertThat(oss.getBucketAcl("acl-cycle").getCannedACL()).isEqualTo(CannedAccessControlList.PublicReadWrite);
    assertThat(oss.getBucketInfo("acl-cycle").getCannedACL()).isEqualTo(CannedAccessControlList.PublicReadWrite);
  }

  @Test
  void putBucketAcl_invalidValue_isInvalidArgumentAndAclUnchanged() throws Exception {
    oss.createBucket("acl-bad");
    oss.setBucketAcl("acl-bad", CannedAccessControlList.PublicRead);
    RawRequest.request(port(), "PUT", "/acl-bad/?acl").header("x-oss-acl", "public-everything")
        .signV1("acl-bad", null).send().assertError(400, "InvalidArgument");
    RawRequest.request(port(), "PUT", "/acl-bad/?acl").signV1("acl-bad", null).send().assertError(400, "InvalidArgument");
    assertThat(oss.getBucketAcl("acl-bad").getCannedACL()).isEqualTo(CannedAccessControlList.PublicRead);
  }

  @Test
  void createBucket_invalidAclHeader_isInvalidArgumentAndCreatesNothing() throws Exception {
    RawRequest.request(port(), "PUT", "/acl-bad-create/").header("x-oss-acl", "world-writable")
        .signV1("acl-bad-create", null).send().assertError(400, "InvalidArgument");
    assertThat(oss.doesBucketExist("acl-bad-create")).isFalse();
  }

  // ---- Versioning ----

  @Test
  void getBucketVersioning_neverEnabled_isEmptyConfiguration() throws Exception {
    oss.createBucket("ver-get");
    // An empty <VersioningConfiguration/> has no Status; the SDK reports that as null.
    assertThat(oss.getBucketVersioning("ver-get").getStatus()).isNull();
    assertThat(v4.getBucketVersioning("ver-get").getStatus()).isNull();
    RawRequest.Response r = RawRequest.request(port(), "GET", "/ver-get/?versioning").signV1("ver-get", null).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.xml().getDocumentElement().getTagName()).isEqualTo("VersioningConfiguration");
    assertThat(r.xmlText("Status")).isNull();
  }

  @Test
  void putBucketVersioning_isRefusedNotFaked() throws Exception {
    oss.createBucket("ver-put");
    OSSException e = ossError(() -> oss.setBucketVersioning(new SetBucketVersioningRequest("ver-put",
        new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED))));
    assertThat(e.getErrorCode()).isEqualTo("NotImplemented");
    RawRequest.request(port(), "PUT", "/ver-put/?versioning")
        .body("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>")
        .signV1("ver-put", null).send().assertError(501, "NotImplemented");
    assertThat(oss.getBucketVersioning("ver-put").getStatus()).isNull();
    assertThat(oss.getBucketInfo("ver-put").getVersioning()).isNull();
  }

  @Test
  void listObjectVersions_isRefusedNotFaked() throws Exception {
    oss.createBucket("ver-list");
    RawRequest.request(port(), "GET", "/ver-list/?versions").signV1("ver-list", null).send()
        .assertError(501, "NotImplemented");
  }
}
