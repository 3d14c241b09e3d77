package io.coffer.server.iam;

import static io.coffer.server.iam.PolicyTesting.assertAccessDenied;
import static io.coffer.server.iam.PolicyTesting.get;
import static io.coffer.server.iam.PolicyTesting.objectsOf;
import static io.coffer.server.iam.PolicyTesting.ossError;
import static io.coffer.server.iam.PolicyTesting.policy;
import static io.coffer.server.iam.PolicyTesting.put;
import static io.coffer.server.iam.PolicyTesting.statement;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.CreateBucketRequest;
import com.aliyuncs.ram.model.v20150501.AttachPolicyToUserRequest;
import com.aliyuncs.ram.model.v20150501.CreateAccessKeyRequest;
import com.aliyuncs.ram.model.v20150501.CreateAccessKeyResponse;
import com.aliyuncs.ram.model.v20150501.CreateUserRequest;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.PopClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How a bucket policy takes part in authorisation (kms-ram-api.md §4.8), driven by the official OSS
 * SDK, with RAM users made through the official RAM SDK: anonymous grants, the owner rule for
 * {@code Principal "*"}, RAM users named by their user id, and an explicit Deny over a RAM Allow.
 */
class BucketPolicyAccessIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static OSS owner;
  static OSS anon;
  static PopClient ram;
  static String account;

  @BeforeAll
  static void setUp() {
    owner = coffer.client();
    anon = coffer.anonymousClient();
    ram = coffer.kms();
    account = coffer.server().rootKey().accountId();
  }

  static void createBucket(String name, CannedAccessControlList acl) {
    CreateBucketRequest req = new CreateBucketRequest(name);
    req.setCannedACL(acl);
    owner.createBucket(req);
  }

  /** A RAM user of the owner's account with an access key, and optionally a system policy attached. */
  record RamUser(String userId, OSS client) {}

  static RamUser ramUser(String name, String systemPolicy) throws Exception {
    CreateUserRequest u = new CreateUserRequest();
    u.setUserName(name);
    String userId = ram.call(u).getUser().getUserId();
    CreateAccessKeyRequest k = new CreateAccessKeyRequest();
    k.setUserName(name);
    CreateAccessKeyResponse.AccessKey key = ram.call(k).getAccessKey();
    if (systemPolicy != null) {
      AttachPolicyToUserRequest a = new AttachPolicyToUserRequest();
      a.setPolicyType("System");
      a.setPolicyName(systemPolicy);
      a.setUserName(name);
      ram.call(a);
    }
    return new RamUser(userId, coffer.client(key.getAccessKeyId(), key.getAccessKeySecret()));
  }

  @Test
  void everyoneAllowedGetObject_letsAnonymousReadThisPrivateBucket_only() throws Exception {
    createBucket("shared-private", CannedAccessControlList.Private);
    createBucket("unshared-private", CannedAccessControlList.Private);
    put(owner, "shared-private", "doc.txt", "shared");
    put(owner, "unshared-private", "doc.txt", "unshared");
    assertAccessDenied(() -> get(anon, "shared-private", "doc.txt"));

    owner.setBucketPolicy("shared-private", policy(statement("Allow", "\"*\"", "oss:GetObject",
        objectsOf(account, "shared-private"), null)));
    assertThat(get(anon, "shared-private", "doc.txt")).isEqualTo("shared");
    assertAccessDenied(() -> get(anon, "unshared-private", "doc.txt"));
    // Only what is granted: no writes, no listing.
    assertAccessDenied(() -> put(anon, "shared-private", "new.txt", "x"));
    assertAccessDenied(() -> anon.listObjects("shared-private"));
    assertThat(owner.doesObjectExist("shared-private", "new.txt")).isFalse();

    owner.deleteBucketPolicy("shared-private");
    assertAccessDenied(() -> get(anon, "shared-private", "doc.txt"));
  }

  @Test
  void denyWithCondition_appliesToTheOwner_whoCanStillManageThePolicy() throws Exception {
    createBucket("owner-locked", CannedAccessControlList.Private);
    put(owner, "owner-locked", "doc.txt", "mine");
    // The condition decides: an address that is not the caller's leaves the owner alone.
    owner.setBucketPolicy("owner-locked", policy(statement("Deny", "[\"*\"]", "oss:GetObject",
        objectsOf(account, "owner-locked"), "{\"IpAddress\":{\"acs:SourceIp\":\"10.0.0.0/8\"}}")));
    assertThat(get(owner, "owner-locked", "doc.txt")).isEqualTo("mine");

    String lockOut = policy(statement("Deny", "[\"*\"]", "oss:GetObject", objectsOf(account, "owner-locked"),
        "{\"IpAddress\":{\"acs:SourceIp\":\"127.0.0.1\"}}"));
    owner.setBucketPolicy("owner-locked", lockOut);
    assertAccessDenied(() -> get(owner, "owner-locked", "doc.txt"));
    put(owner, "owner-locked", "other.txt", "writes are not denied");

    // The owner's own identity can always read, replace and delete its bucket's policy, even one
    // that denies it those very actions.
    String denyManagement = policy(statement("Deny", "[\"*\"]", "oss:*",
        "[\"acs:oss:*:" + account + ":owner-locked\",\"acs:oss:*:" + account + ":owner-locked/*\"]",
        "{\"IpAddress\":{\"acs:SourceIp\":\"127.0.0.1\"}}"));
    owner.setBucketPolicy("owner-locked", denyManagement);
    assertAccessDenied(() -> owner.getBucketAcl("owner-locked"));
    assertThat(owner.getBucketPolicy("owner-locked").getPolicyText()).isEqualTo(denyManagement);
    owner.deleteBucketPolicy("owner-locked");
    assertThat(get(owner, "owner-locked", "doc.txt")).isEqualTo("mine");
  }

  @Test
  void everyoneDeny_withoutCondition_sparesTheOwner_butNotAnonymousCallers() throws Exception {
    createBucket("public-denied", CannedAccessControlList.PublicRead);
    put(owner, "public-denied", "doc.txt", "public");
    assertThat(get(anon, "public-denied", "doc.txt")).isEqualTo("public");

    owner.setBucketPolicy("public-denied", policy(statement("Deny", "[\"*\"]", "oss:GetObject",
        objectsOf(account, "public-denied"), null)));
    assertAccessDenied(() -> get(anon, "public-denied", "doc.txt"));
    assertThat(get(owner, "public-denied", "doc.txt")).isEqualTo("public");

    // Naming the owner's account explicitly does apply to it, condition or not.
    owner.setBucketPolicy("public-denied", policy(statement("Deny", "[\"" + account + "\"]", "oss:GetObject",
        objectsOf(account, "public-denied"), null)));
    assertAccessDenied(() -> get(owner, "public-denied", "doc.txt"));
    assertThat(get(anon, "public-denied", "doc.txt")).as("the ACL again for anonymous").isEqualTo("public");
  }

  @Test
  void ramUserWithoutRamPolicy_isAllowedByABucketPolicyNamingItsUserId_only() throws Exception {
    createBucket("for-reader", CannedAccessControlList.Private);
    put(owner, "for-reader", "doc.txt", "for the reader");
    RamUser reader = ramUser("reader", null);
    RamUser bystander = ramUser("bystander", null);
    assertAccessDenied(() -> get(reader.client(), "for-reader", "doc.txt"));

    owner.setBucketPolicy("for-reader", policy(statement("Allow", "[\"" + reader.userId() + "\"]", "oss:GetObject",
        objectsOf(account, "for-reader"), null)));
    assertThat(get(reader.client(), "for-reader", "doc.txt")).isEqualTo("for the reader");
    assertAccessDenied(() -> get(bystander.client(), "for-reader", "doc.txt"));
    assertAccessDenied(() -> put(reader.client(), "for-reader", "mine.txt", "x"));
    assertAccessDenied(() -> get(anon, "for-reader", "doc.txt"));
    // The policy is the owner's: the user it names may not read or change it without a grant.
    assertAccessDenied(() -> reader.client().getBucketPolicy("for-reader"));
    assertAccessDenied(() -> reader.client().deleteBucketPolicy("for-reader"));
    assertThat(owner.getBucketPolicy("for-reader").getPolicyText()).contains(reader.userId());
  }

  @Test
  void bucketPolicyDeny_beatsARamAllow() throws Exception {
    createBucket("deny-over-ram", CannedAccessControlList.Private);
    put(owner, "deny-over-ram", "doc.txt", "guarded");
    RamUser admin = ramUser("oss-admin", "AliyunOSSFullAccess");
    assertThat(get(admin.client(), "deny-over-ram", "doc.txt")).isEqualTo("guarded");
    // With AliyunOSSFullAccess the user may manage the policy too.
    String deny = policy(statement("Deny", "[\"" + admin.userId() + "\"]", "oss:GetObject",
        objectsOf(account, "deny-over-ram"), null));
    admin.client().setBucketPolicy("deny-over-ram", deny);

    assertAccessDenied(() -> get(admin.client(), "deny-over-ram", "doc.txt"));
    put(admin.client(), "deny-over-ram", "written.txt", "still allowed");
    assertThat(get(owner, "deny-over-ram", "written.txt")).isEqualTo("still allowed");

    // A Deny on managing the policy binds the RAM user, not the owner.
    owner.setBucketPolicy("deny-over-ram", policy(statement("Deny", "[\"" + admin.userId() + "\"]",
        "oss:DeleteBucketPolicy", "[\"acs:oss:*:" + account + ":deny-over-ram\"]", null)));
    assertAccessDenied(() -> admin.client().deleteBucketPolicy("deny-over-ram"));
    assertThat(admin.client().getBucketPolicy("deny-over-ram").getPolicyText()).contains("oss:DeleteBucketPolicy");
    owner.deleteBucketPolicy("deny-over-ram");
    assertThat(ossError(() -> admin.client().getBucketPolicy("deny-over-ram")).getErrorCode())
        .isEqualTo("NoSuchBucketPolicy");
  }

  @Test
  void anonymousWithoutAnApplicablePolicy_followsTheAcl() throws Exception {
    createBucket("acl-private", CannedAccessControlList.Private);
    createBucket("acl-public", CannedAccessControlList.PublicRead);
    put(owner, "acl-private", "doc.txt", "private");
    put(owner, "acl-public", "doc.txt", "public");
    assertAccessDenied(() -> get(anon, "acl-private", "doc.txt"));
    assertThat(get(anon, "acl-public", "doc.txt")).isEqualTo("public");

    // A policy about someone else decides nothing for anonymous callers: the ACL still does.
    String aboutOwner = policy(statement("Allow", "[\"" + account + "\"]", "oss:GetObject",
        objectsOf(account, "acl-public"), null));
    owner.setBucketPolicy("acl-public", aboutOwner);
    owner.setBucketPolicy("acl-private", aboutOwner.replace("acl-public", "acl-private"));
    assertAccessDenied(() -> get(anon, "acl-private", "doc.txt"));
    assertThat(get(anon, "acl-public", "doc.txt")).isEqualTo("public");
    assertAccessDenied(() -> put(anon, "acl-public", "new.txt", "x"));
  }
}
