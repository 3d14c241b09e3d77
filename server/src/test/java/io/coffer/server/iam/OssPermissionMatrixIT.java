package io.coffer.server.iam;

import static io.coffer.server.iam.IamTesting.assertOssDenied;
import static io.coffer.server.iam.IamTesting.in;
import static io.coffer.server.iam.IamTesting.policy;
import static io.coffer.server.iam.IamTesting.read;
import static io.coffer.server.iam.IamTesting.stmt;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.AppendObjectRequest;
import com.aliyun.oss.model.Bucket;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CreateBucketRequest;
import com.aliyun.oss.model.DeleteObjectsRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.MatchMode;
import com.aliyun.oss.model.MultipartUpload;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectPermission;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PartSummary;
import com.aliyun.oss.model.PolicyConditions;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartRequest;
import io.coffer.server.iam.IamTesting.Caller;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OSS permission matrix: every OSS operation Coffer serves, sent over HTTP with the official
 * SDK (PostObject as an HTML form signed by the SDK) by every kind of caller, against a table
 * written out by hand from the policies (docs/iam/authorization.md). A row the table allows must
 * succeed and do its work; a row it denies must be 403 AccessDenied and leave everything as it
 * was. The callers are RAM users of the account, each with the policies its name says, the root
 * identity, and anonymous callers; each column names the caller and the bucket it acts on.
 */
class OssPermissionMatrixIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String A = "bucket-a";
  static final String B = "bucket-b";
  static final String PUB = "bucket-pub";
  static final String SEED = "seed.txt";

  /** A column: who calls, on which bucket. */
  enum Col {
    NONE("u-none", A), OSS_READ("u-oss-read", A), OSS_FULL("u-oss-full", A), ONLY_A("u-only-a", A),
    ONLY_A_ON_B("u-only-a", B), DENY_DELETE("u-deny-delete", A), KMS_FULL("u-kms-full", A),
    KMS_CRYPTO("u-kms-crypto", A), RAM_READ("u-ram-read", A), ADMIN("u-admin", A), ROOT("root", A),
    ANON("anonymous", A), ANON_PUB("anonymous", PUB), NONE_PUB("u-none", PUB);

    final String caller;
    final String bucket;

    Col(String caller, String bucket) {
      this.caller = caller;
      this.bucket = bucket;
    }

    String slug() {
      return name().toLowerCase().replace('_', '-');
    }
  }

  /**
   * Y: allowed, -: denied. Bucket-level actions are granted on the bucket ARN only, so the
   * bucket-a policy ({@code oss:*} on {@code bucket-a/*}, ListObjects on {@code bucket-a}) grants
   * no other bucket action; with no Allow, data operations fall back to the canned ACL, which
   * grants reads (GetObject, HeadObject, GetObjectMeta, ListObjects, ListMultipartUploads,
   * ListParts) on a public-read bucket to anyone, RAM users without policies included.
   */
  static final String HEADER =
      "                         none ossRead ossFull onlyA onlyA@b denyDel kmsFull kmsCrypto ramRead admin root anon anon@pub none@pub";
  static final List<String> TABLE = List.of(
      "ListBuckets               -    Y       Y       -     -       Y       -       -         -       Y     Y    -    -        -",
      "PutBucket                 -    -       Y       -     -       Y       -       -         -       Y     Y    -    -        -",
      "DeleteBucket              -    -       Y       -     -       Y       -       -         -       Y     Y    -    -        -",
      "GetBucketInfo             -    Y       Y       -     -       Y       -       -         -       Y     Y    -    -        -",
      "GetBucketMeta             -    Y       Y       -     -       Y       -       -         -       Y     Y    -    -        -",
      "GetBucketLocation         -    Y       Y       -     -       Y       -       -         -       Y     Y    -    -        -",
      "GetBucketAcl              -    Y       Y       -     -       Y       -       -         -       Y     Y    -    -        -",
      "PutBucketAcl              -    -       Y       -     -       Y       -       -         -       Y     Y    -    -        -",
      "PutBucketEncryption       -    -       Y       -     -       Y       -       -         -       Y     Y    -    -        -",
      "GetBucketEncryption       -    Y       Y       -     -       Y       -       -         -       Y     Y    -    -        -",
      "DeleteBucketEncryption    -    -       Y       -     -       Y       -       -         -       Y     Y    -    -        -",
      "ListMultipartUploads      -    Y       Y       -     -       Y       -       -         -       Y     Y    -    Y        Y",
      "ListObjects               -    Y       Y       Y     -       Y       -       -         -       Y     Y    -    Y        Y",
      "ListObjectsV2             -    Y       Y       Y     -       Y       -       -         -       Y     Y    -    Y        Y",
      "PutObject                 -    -       Y       Y     -       Y       -       -         -       Y     Y    -    -        -",
      "PostObject                -    -       Y       Y     -       Y       -       -         -       Y     Y    -    -        -",
      "GetObject                 -    Y       Y       Y     -       Y       -       -         -       Y     Y    -    Y        Y",
      "HeadObject                -    Y       Y       Y     -       Y       -       -         -       Y     Y    -    Y        Y",
      "GetObjectMeta             -    Y       Y       Y     -       Y       -       -         -       Y     Y    -    Y        Y",
      "DeleteObject              -    -       Y       Y     -       -       -       -         -       Y     Y    -    -        -",
      "DeleteMultipleObjects     -    -       Y       Y     -       -       -       -         -       Y     Y    -    -        -",
      "CopyObject                -    -       Y       Y     -       Y       -       -         -       Y     Y    -    -        -",
      "AppendObject              -    -       Y       Y     -       Y       -       -         -       Y     Y    -    -        -",
      "PutObjectAcl              -    -       Y       Y     -       Y       -       -         -       Y     Y    -    -        -",
      "GetObjectAcl              -    Y       Y       Y     -       Y       -       -         -       Y     Y    -    -        -",
      "InitiateMultipartUpload   -    -       Y       Y     -       Y       -       -         -       Y     Y    -    -        -",
      "UploadPart                -    -       Y       Y     -       Y       -       -         -       Y     Y    -    -        -",
      "UploadPartCopy            -    -       Y       Y     -       Y       -       -         -       Y     Y    -    -        -",
      "CompleteMultipartUpload   -    -       Y       Y     -       Y       -       -         -       Y     Y    -    -        -",
      "AbortMultipartUpload      -    -       Y       Y     -       Y       -       -         -       Y     Y    -    -        -",
      "ListParts                 -    Y       Y       Y     -       Y       -       -         -       Y     Y    -    Y        Y");

  static OSS root;
  static final Map<String, Caller> callers = new LinkedHashMap<>();

  @BeforeAll
  static void setUp() throws Exception {
    root = coffer.client();
    for (String b : List.of(A, B, PUB)) {
      createBucket(b, aclOf(b));
      root.putObject(b, SEED, in(seedText(b)));
    }
    IamTesting.createPolicy(coffer.kms(), "only-bucket-a", policy(
        stmt("Allow", "\"oss:*\"", "\"acs:oss:*:*:bucket-a/*\"", null),
        stmt("Allow", "\"oss:ListObjects\"", "\"acs:oss:*:*:bucket-a\"", null)));
    IamTesting.createPolicy(coffer.kms(), "all-but-delete", policy(
        stmt("Allow", "\"oss:*\"", "\"*\"", null),
        stmt("Deny", "\"oss:DeleteObject\"", "\"*\"", null)));
    Map<String, List<String>> users = new LinkedHashMap<>();
    users.put("u-none", List.of());
    users.put("u-oss-read", List.of("System:AliyunOSSReadOnlyAccess"));
    users.put("u-oss-full", List.of("System:AliyunOSSFullAccess"));
    users.put("u-only-a", List.of("Custom:only-bucket-a"));
    users.put("u-deny-delete", List.of("Custom:all-but-delete"));
    users.put("u-kms-full", List.of("System:AliyunKMSFullAccess"));
    users.put("u-kms-crypto", List.of("System:AliyunKMSCryptoAccess"));
    users.put("u-ram-read", List.of("System:AliyunRAMReadOnlyAccess"));
    users.put("u-admin", List.of("System:AdministratorAccess"));
    for (var u : users.entrySet()) callers.put(u.getKey(), IamTesting.ramUser(coffer, u.getKey(), u.getValue()));
    callers.put("root", IamTesting.root(coffer));
    callers.put("anonymous", IamTesting.anonymous(coffer));
  }

  static CannedAccessControlList aclOf(String bucket) {
    return bucket.equals(PUB) ? CannedAccessControlList.PublicRead : CannedAccessControlList.Private;
  }

  static void createBucket(String name, CannedAccessControlList acl) {
    CreateBucketRequest r = new CreateBucketRequest(name);
    r.setCannedACL(acl);
    root.createBucket(r);
  }

  static String seedText(String bucket) {
    return "seed of " + bucket;
  }

  // ---- the runner ----

  @TestFactory
  Stream<DynamicTest> everyOperation_byEveryCaller_isAllowedExactlyWhereTheTableSays() {
    return new Matrix<Col, Row>(Col.class, HEADER, TABLE).cells(ops(),
        (op, col) -> new Row(col, callers.get(col.caller), op.name), col -> col.caller + " on " + col.bucket,
        (col, act) -> {
          OSSException e = assertOssDenied(act);
          if (col == Col.DENY_DELETE && e.getErrorMessage() != null && !e.getErrorMessage().isEmpty()) {
            assertThat(e.getErrorMessage()).contains("explicit Deny");
          }
        });
  }

  /** One cell's working state. */
  static final class Row {
    final Col col;
    final Caller caller;
    final String bucket;
    final String key;
    Object result;
    String uploadId;
    PartETag etag;

    Row(Col col, Caller caller, String op) {
      this.col = col;
      this.caller = caller;
      this.bucket = col.bucket;
      this.key = "m/" + op + "/" + col.slug();
    }

    OSS oss() {
      return caller.oss();
    }

    /** A bucket name of this cell's own, for PutBucket and DeleteBucket. */
    String scratch(String prefix) {
      return prefix + "-" + col.slug();
    }

    String text() {
      return "written by " + col.slug();
    }
  }

  static Matrix.Op<Row> op(String name) {
    return new Matrix.Op<>(name);
  }

  // ---- the operations ----

  @SuppressWarnings("unchecked")
  static List<Matrix.Op<Row>> ops() {
    return List.of(
        op("ListBuckets").act(r -> r.result = r.oss().listBuckets().stream().map(Bucket::getName).toList())
            .done(r -> assertThat((List<String>) r.result).contains(A, B, PUB)),
        op("PutBucket").act(r -> r.oss().createBucket(r.scratch("mk")))
            .done(r -> assertThat(root.doesBucketExist(r.scratch("mk"))).isTrue())
            .unchanged(r -> assertThat(root.doesBucketExist(r.scratch("mk"))).isFalse())
            .cleanUp(r -> dropBucket(r.scratch("mk"))),
        op("DeleteBucket").arrange(r -> createBucket(r.scratch("rm"), aclOf(r.bucket)))
            .act(r -> r.oss().deleteBucket(r.scratch("rm")))
            .done(r -> assertThat(root.doesBucketExist(r.scratch("rm"))).isFalse())
            .unchanged(r -> assertThat(root.doesBucketExist(r.scratch("rm"))).isTrue())
            .cleanUp(r -> dropBucket(r.scratch("rm"))),
        op("GetBucketInfo").act(r -> r.result = r.oss().getBucketInfo(r.bucket).getBucket().getName())
            .done(r -> assertThat(r.result).isEqualTo(r.bucket)),
        op("GetBucketMeta").act(r -> r.result = r.oss().getBucketMetadata(r.bucket).getBucketRegion())
            .done(r -> assertThat(r.result).isEqualTo("oss-" + CofferExtension.REGION)),
        op("GetBucketLocation").act(r -> r.result = r.oss().getBucketLocation(r.bucket))
            .done(r -> assertThat(r.result).isEqualTo("oss-" + CofferExtension.REGION)),
        op("GetBucketAcl").act(r -> r.result = r.oss().getBucketAcl(r.bucket).getCannedACL())
            .done(r -> assertThat(r.result).isEqualTo(aclOf(r.bucket))),
        op("PutBucketAcl").act(r -> r.oss().setBucketAcl(r.bucket, CannedAccessControlList.PublicReadWrite))
            .done(r -> assertThat(root.getBucketAcl(r.bucket).getCannedACL())
                .isEqualTo(CannedAccessControlList.PublicReadWrite))
            .unchanged(r -> assertThat(root.getBucketAcl(r.bucket).getCannedACL()).isEqualTo(aclOf(r.bucket)))
            .cleanUp(r -> root.setBucketAcl(r.bucket, aclOf(r.bucket))),
        op("PutBucketEncryption").act(r -> setAes256Rule(r.oss(), r.bucket))
            .done(r -> assertThat(ruleOf(r.bucket)).isEqualTo("AES256"))
            .unchanged(r -> assertThat(ruleOf(r.bucket)).isNull())
            .cleanUp(r -> root.deleteBucketEncryption(r.bucket)),
        op("GetBucketEncryption").arrange(r -> setAes256Rule(root, r.bucket))
            .act(r -> r.result = r.oss().getBucketEncryption(r.bucket).getApplyServerSideEncryptionByDefault()
                .getSSEAlgorithm())
            .done(r -> assertThat(r.result).isEqualTo("AES256"))
            .cleanUp(r -> root.deleteBucketEncryption(r.bucket)),
        op("DeleteBucketEncryption").arrange(r -> setAes256Rule(root, r.bucket))
            .act(r -> r.oss().deleteBucketEncryption(r.bucket))
            .done(r -> assertThat(ruleOf(r.bucket)).isNull())
            .unchanged(r -> assertThat(ruleOf(r.bucket)).isEqualTo("AES256"))
            .cleanUp(r -> root.deleteBucketEncryption(r.bucket)),
        op("ListMultipartUploads").arrange(OssPermissionMatrixIT::initiateAsRoot)
            .act(r -> r.result = r.oss().listMultipartUploads(new ListMultipartUploadsRequest(r.bucket))
                .getMultipartUploads().stream().map(MultipartUpload::getUploadId).toList())
            .done(r -> assertThat((List<String>) r.result).contains(r.uploadId))
            .cleanUp(OssPermissionMatrixIT::abortAll),
        op("ListObjects").act(r -> r.result = r.oss().listObjects(r.bucket).getObjectSummaries().stream()
                .map(OSSObjectSummary::getKey).toList())
            .done(r -> assertThat((List<String>) r.result).contains(SEED)),
        op("ListObjectsV2").act(r -> r.result = r.oss().listObjectsV2(r.bucket).getObjectSummaries().stream()
                .map(OSSObjectSummary::getKey).toList())
            .done(r -> assertThat((List<String>) r.result).contains(SEED)),
        op("PutObject").act(r -> r.oss().putObject(r.bucket, r.key, in(r.text())))
            .done(OssPermissionMatrixIT::assertWritten).unchanged(OssPermissionMatrixIT::assertAbsent)
            .cleanUp(r -> root.deleteObject(r.bucket, r.key)),
        op("PostObject").act(OssPermissionMatrixIT::postObject)
            .done(OssPermissionMatrixIT::assertWritten).unchanged(OssPermissionMatrixIT::assertAbsent)
            .cleanUp(r -> root.deleteObject(r.bucket, r.key)),
        op("GetObject").act(r -> r.result = read(r.oss(), r.bucket, SEED))
            .done(r -> assertThat(r.result).isEqualTo(seedText(r.bucket))),
        op("HeadObject").act(r -> r.result = r.oss().getObjectMetadata(r.bucket, SEED).getContentLength())
            .done(r -> assertThat(r.result).isEqualTo((long) seedText(r.bucket).length())),
        op("GetObjectMeta").act(r -> r.result = r.oss().getSimplifiedObjectMeta(r.bucket, SEED).getSize())
            .done(r -> assertThat(r.result).isEqualTo((long) seedText(r.bucket).length())),
        op("DeleteObject").arrange(r -> root.putObject(r.bucket, r.key, in(r.text())))
            .act(r -> r.oss().deleteObject(r.bucket, r.key))
            .done(OssPermissionMatrixIT::assertAbsent).unchanged(OssPermissionMatrixIT::assertWritten)
            .cleanUp(r -> root.deleteObject(r.bucket, r.key)),
        op("DeleteMultipleObjects").arrange(r -> {
              root.putObject(r.bucket, r.key + "/1", in("one"));
              root.putObject(r.bucket, r.key + "/2", in("two"));
            })
            .act(r -> r.oss().deleteObjects(new DeleteObjectsRequest(r.bucket).withKeys(List.of(r.key + "/1",
                r.key + "/2"))))
            .done(r -> assertThat(keysUnder(r)).isEmpty())
            .unchanged(r -> assertThat(keysUnder(r)).containsExactly(r.key + "/1", r.key + "/2"))
            .cleanUp(r -> root.deleteObjects(new DeleteObjectsRequest(r.bucket).withKeys(List.of(r.key + "/1",
                r.key + "/2")))),
        op("CopyObject").act(r -> r.oss().copyObject(r.bucket, SEED, r.bucket, r.key))
            .done(r -> assertThat(read(root, r.bucket, r.key)).isEqualTo(seedText(r.bucket)))
            .unchanged(OssPermissionMatrixIT::assertAbsent)
            .cleanUp(r -> root.deleteObject(r.bucket, r.key)),
        op("AppendObject").act(r -> {
              AppendObjectRequest a = new AppendObjectRequest(r.bucket, r.key, in(r.text()));
              a.setPosition(0L);
              r.oss().appendObject(a);
            })
            .done(OssPermissionMatrixIT::assertWritten).unchanged(OssPermissionMatrixIT::assertAbsent)
            .cleanUp(r -> root.deleteObject(r.bucket, r.key)),
        op("PutObjectAcl").arrange(r -> root.putObject(r.bucket, r.key, in(r.text())))
            .act(r -> r.oss().setObjectAcl(r.bucket, r.key, CannedAccessControlList.PublicRead))
            .done(r -> assertThat(root.getObjectAcl(r.bucket, r.key).getPermission())
                .isEqualTo(ObjectPermission.PublicRead))
            .unchanged(r -> assertThat(root.getObjectAcl(r.bucket, r.key).getPermission())
                .isEqualTo(ObjectPermission.Default))
            .cleanUp(r -> root.deleteObject(r.bucket, r.key)),
        op("GetObjectAcl").act(r -> r.result = r.oss().getObjectAcl(r.bucket, SEED).getPermission())
            .done(r -> assertThat(r.result).isEqualTo(ObjectPermission.Default)),
        op("InitiateMultipartUpload")
            .act(r -> r.uploadId = r.oss().initiateMultipartUpload(new InitiateMultipartUploadRequest(r.bucket, r.key))
                .getUploadId())
            .done(r -> assertThat(uploadsUnder(r)).containsExactly(r.uploadId))
            .unchanged(r -> assertThat(uploadsUnder(r)).isEmpty())
            .cleanUp(OssPermissionMatrixIT::abortAll),
        op("UploadPart").arrange(OssPermissionMatrixIT::initiateAsRoot)
            .act(r -> r.oss().uploadPart(part(r)))
            .done(r -> assertThat(partsOf(r)).containsExactly(1))
            .unchanged(r -> assertThat(partsOf(r)).isEmpty())
            .cleanUp(OssPermissionMatrixIT::abortAll),
        op("UploadPartCopy").arrange(OssPermissionMatrixIT::initiateAsRoot)
            .act(r -> {
              UploadPartCopyRequest c = new UploadPartCopyRequest(r.bucket, SEED, r.bucket, r.key, r.uploadId);
              c.setPartNumber(1);
              r.oss().uploadPartCopy(c);
            })
            .done(r -> assertThat(partsOf(r)).containsExactly(1))
            .unchanged(r -> assertThat(partsOf(r)).isEmpty())
            .cleanUp(OssPermissionMatrixIT::abortAll),
        op("CompleteMultipartUpload").arrange(r -> {
              initiateAsRoot(r);
              r.etag = root.uploadPart(part(r)).getPartETag();
            })
            .act(r -> r.oss().completeMultipartUpload(new CompleteMultipartUploadRequest(r.bucket, r.key, r.uploadId,
                new ArrayList<>(List.of(r.etag)))))
            .done(r -> {
              assertWritten(r);
              assertThat(uploadsUnder(r)).isEmpty();
            })
            .unchanged(r -> {
              assertAbsent(r);
              assertThat(uploadsUnder(r)).containsExactly(r.uploadId);
              assertThat(partsOf(r)).containsExactly(1);
            })
            .cleanUp(r -> {
              abortAll(r);
              root.deleteObject(r.bucket, r.key);
            }),
        op("AbortMultipartUpload").arrange(OssPermissionMatrixIT::initiateAsRoot)
            .act(r -> r.oss().abortMultipartUpload(new AbortMultipartUploadRequest(r.bucket, r.key, r.uploadId)))
            .done(r -> assertThat(uploadsUnder(r)).isEmpty())
            .unchanged(r -> assertThat(uploadsUnder(r)).containsExactly(r.uploadId))
            .cleanUp(OssPermissionMatrixIT::abortAll),
        op("ListParts").arrange(r -> {
              initiateAsRoot(r);
              root.uploadPart(part(r));
            })
            .act(r -> r.result = r.oss().listParts(new ListPartsRequest(r.bucket, r.key, r.uploadId)).getParts().size())
            .done(r -> assertThat(r.result).isEqualTo(1))
            .cleanUp(OssPermissionMatrixIT::abortAll));
  }

  /**
   * The ACL fallback reads the object's own ACL for RAM users as for anonymous callers: in a
   * private bucket, a public-read-write object takes writes from a user no policy allows anything,
   * a public-read one only reads, a default one nothing.
   */
  @Test
  void ramUserWithoutPolicies_getsWhatTheObjectAclGrants_asAnonymousDoes() throws Exception {
    for (Caller c : List.of(callers.get("u-none"), callers.get("anonymous"))) {
      String prefix = "acl-" + c.label() + "/";
      putWithAcl(prefix + "rw", CannedAccessControlList.PublicReadWrite);
      putWithAcl(prefix + "rw2", CannedAccessControlList.PublicReadWrite);
      putWithAcl(prefix + "r", CannedAccessControlList.PublicRead);
      putWithAcl(prefix + "default", CannedAccessControlList.Default);

      assertThat(read(c.oss(), A, prefix + "rw")).isEqualTo("by root");
      c.oss().deleteObject(A, prefix + "rw");
      assertThat(root.doesObjectExist(A, prefix + "rw")).isFalse();
      c.oss().putObject(A, prefix + "rw2", in("rewritten"));
      assertThat(read(root, A, prefix + "rw2")).isEqualTo("rewritten");
      // The new object has the default ACL, as any PutObject without x-oss-object-acl makes it.
      assertOssDenied(() -> read(c.oss(), A, prefix + "rw2"));

      assertThat(read(c.oss(), A, prefix + "r")).isEqualTo("by root");
      assertOssDenied(() -> c.oss().putObject(A, prefix + "r", in("rewritten")));
      assertOssDenied(() -> c.oss().deleteObject(A, prefix + "r"));
      assertThat(read(root, A, prefix + "r")).isEqualTo("by root");

      assertOssDenied(() -> read(c.oss(), A, prefix + "default"));
      assertOssDenied(() -> c.oss().putObject(A, prefix + "default", in("rewritten")));
      assertThat(read(root, A, prefix + "default")).isEqualTo("by root");
      root.deleteObjects(new DeleteObjectsRequest(A).withKeys(List.of(prefix + "rw2", prefix + "r", prefix + "default")));
    }
  }

  static void putWithAcl(String key, CannedAccessControlList acl) {
    root.putObject(A, key, in("by root"));
    root.setObjectAcl(A, key, acl);
  }

  // ---- helpers (as root unless said otherwise) ----

  static void dropBucket(String name) {
    if (root.doesBucketExist(name)) root.deleteBucket(name);
  }

  static void setAes256Rule(OSS oss, String bucket) {
    ServerSideEncryptionConfiguration c = new ServerSideEncryptionConfiguration();
    c.setApplyServerSideEncryptionByDefault(new ServerSideEncryptionByDefault("AES256"));
    oss.setBucketEncryption(new SetBucketEncryptionRequest(bucket, c));
  }

  /** The bucket's default algorithm, or null without a rule. */
  static String ruleOf(String bucket) {
    try {
      return root.getBucketEncryption(bucket).getApplyServerSideEncryptionByDefault().getSSEAlgorithm();
    } catch (OSSException e) {
      assertThat(e.getErrorCode()).isEqualTo("NoSuchServerSideEncryptionRule");
      return null;
    }
  }

  static void assertWritten(Row r) {
    assertThat(read(root, r.bucket, r.key)).isEqualTo(r.text());
  }

  static void assertAbsent(Row r) {
    assertThat(root.doesObjectExist(r.bucket, r.key)).as("%s/%s exists", r.bucket, r.key).isFalse();
  }

  static List<String> keysUnder(Row r) {
    return root.listObjects(r.bucket, r.key + "/").getObjectSummaries().stream().map(OSSObjectSummary::getKey).toList();
  }

  static void initiateAsRoot(Row r) {
    r.uploadId = root.initiateMultipartUpload(new InitiateMultipartUploadRequest(r.bucket, r.key)).getUploadId();
  }

  static UploadPartRequest part(Row r) {
    byte[] b = r.text().getBytes(StandardCharsets.UTF_8);
    return new UploadPartRequest(r.bucket, r.key, r.uploadId, 1, in(r.text()), b.length);
  }

  static List<String> uploadsUnder(Row r) {
    ListMultipartUploadsRequest q = new ListMultipartUploadsRequest(r.bucket);
    q.setPrefix(r.key);
    return root.listMultipartUploads(q).getMultipartUploads().stream().map(MultipartUpload::getUploadId).toList();
  }

  static List<Integer> partsOf(Row r) {
    return root.listParts(new ListPartsRequest(r.bucket, r.key, r.uploadId)).getParts().stream()
        .map(PartSummary::getPartNumber).toList();
  }

  static void abortAll(Row r) {
    for (String id : uploadsUnder(r)) root.abortMultipartUpload(new AbortMultipartUploadRequest(r.bucket, r.key, id));
  }

  /**
   * PostObject as a browser sends it: a form whose policy and signature the SDK made with the
   * caller's key, or an unsigned form for anonymous callers. A refusal is rethrown as the
   * OSSException the SDK would have raised.
   */
  static void postObject(Row r) throws Exception {
    RawHttp.Form form = new RawHttp.Form();
    if (!r.caller.anonymous()) {
      PolicyConditions c = new PolicyConditions();
      c.addConditionItem("bucket", r.bucket);
      c.addConditionItem(MatchMode.Exact, PolicyConditions.COND_KEY, r.key);
      String policy = r.oss().generatePostPolicy(new Date(System.currentTimeMillis() + 3_600_000), c);
      form.field("OSSAccessKeyId", r.caller.accessKeyId())
          .field("policy", Base64.getEncoder().encodeToString(policy.getBytes(StandardCharsets.UTF_8)))
          .field("Signature", r.oss().calculatePostSignature(policy));
    }
    form.field("key", r.key).file("upload.txt", "text/plain", r.text().getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> resp = form.postTo(coffer.endpoint(), r.bucket);
    if (resp.statusCode() / 100 == 2) return;
    throw new OSSException(RawHttp.element(resp.body(), "Message"), RawHttp.element(resp.body(), "Code"),
        RawHttp.element(resp.body(), "RequestId"), RawHttp.element(resp.body(), "HostId"), null, null, "POST");
  }
}
