package io.coffer.server.iam;

import static io.coffer.server.iam.IamTesting.assertOssDenied;
import static io.coffer.server.iam.IamTesting.in;
import static io.coffer.server.iam.IamTesting.policy;
import static io.coffer.server.iam.IamTesting.read;
import static io.coffer.server.iam.IamTesting.stmt;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.AppendObjectRequest;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.CopyObjectRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.ListPartsRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import com.aliyun.oss.model.UploadPartCopyRequest;
import com.aliyun.oss.model.UploadPartRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyResponse;
import io.coffer.server.iam.IamTesting.Caller;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.DataDir;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seeds' SSE-KMS permissions (000 and 002, "Permissions"), case by case through OSS with RAM
 * users that may use OSS fully and hold only the KMS permissions each case names: a bucket rule or
 * upload naming a CMK needs kms:List* and kms:DescribeKey (and kms:GenerateDataKey to upload) on
 * the account's KMS resources or on that CMK's own ARN; reading an object sealed under a named CMK
 * needs kms:Decrypt on it. Without them: 403 AccessDenied "This request is forbidden by kms",
 * nothing stored and no plaintext. The default CMK (alias/acs/oss) and SSE-OSS need no KMS
 * permission.
 */
class SseKmsPermissionsIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String OSS_FULL = "System:AliyunOSSFullAccess";
  static OSS root;
  static String k;
  static String k2;
  static Caller ossOnly;
  static Caller kmsOnly;
  static Caller cfgAccount;
  static Caller cfgKey;
  static Caller cfgListOnly;
  static Caller uploadAccount;
  static Caller uploadKey;
  static Caller uploadNoGenerate;
  static Caller decryptAccount;
  static Caller decryptOther;
  static Caller decryptDenied;
  static Caller bucketEncryptionAdmin;

  @BeforeAll
  static void setUp() throws Exception {
    root = coffer.client();
    CreateKeyResponse.KeyMetadata km = coffer.kms().call(new CreateKeyRequest()).getKeyMetadata();
    k = km.getKeyId();
    String kArn = km.getArn();
    CreateKeyResponse.KeyMetadata km2 = coffer.kms().call(new CreateKeyRequest()).getKeyMetadata();
    k2 = km2.getKeyId();
    String account = kArn.split(":")[3];
    String allKms = "\"acs:kms:*:" + account + ":*\"";
    String onlyK = "\"" + kArn + "\"";
    custom("kms-configure-account", "[\"kms:List*\",\"kms:DescribeKey\"]", allKms);
    custom("kms-configure-k", "[\"kms:List*\",\"kms:DescribeKey\"]", onlyK);
    custom("kms-list-only", "\"kms:List*\"", allKms);
    custom("kms-upload-account", "[\"kms:List*\",\"kms:DescribeKey\",\"kms:GenerateDataKey\",\"kms:Decrypt\"]", allKms);
    custom("kms-upload-k", "[\"kms:List*\",\"kms:DescribeKey\",\"kms:GenerateDataKey\"]", onlyK);
    custom("kms-upload-no-generate", "[\"kms:List*\",\"kms:DescribeKey\",\"kms:Decrypt\"]", allKms);
    custom("kms-decrypt-account", "\"kms:Decrypt\"", allKms);
    custom("kms-decrypt-k2", "\"kms:Decrypt\"", "\"" + km2.getArn() + "\"");
    IamTesting.createPolicy(coffer.kms(), "kms-all-but-decrypt-k", policy(stmt("Allow", "\"kms:*\"", "\"*\"", null),
        stmt("Deny", "\"kms:Decrypt\"", onlyK, null)));
    IamTesting.createPolicy(coffer.kms(), "bucket-encryption", policy(
        stmt("Allow", "[\"oss:PutBucketEncryption\",\"oss:GetBucketEncryption\"]", "\"acs:oss:*:*:cfg-admin\"", null),
        stmt("Allow", "[\"kms:List*\",\"kms:DescribeKey\"]", allKms, null)));
    ossOnly = IamTesting.ramUser(coffer, "oss-only", List.of(OSS_FULL));
    kmsOnly = IamTesting.ramUser(coffer, "kms-only", List.of("System:AliyunKMSFullAccess"));
    cfgAccount = IamTesting.ramUser(coffer, "cfg-account", List.of(OSS_FULL, "Custom:kms-configure-account"));
    cfgKey = IamTesting.ramUser(coffer, "cfg-key", List.of(OSS_FULL, "Custom:kms-configure-k"));
    cfgListOnly = IamTesting.ramUser(coffer, "cfg-list-only", List.of(OSS_FULL, "Custom:kms-list-only"));
    uploadAccount = IamTesting.ramUser(coffer, "upload-account", List.of(OSS_FULL, "Custom:kms-upload-account"));
    uploadKey = IamTesting.ramUser(coffer, "upload-key", List.of(OSS_FULL, "Custom:kms-upload-k"));
    uploadNoGenerate = IamTesting.ramUser(coffer, "upload-no-generate",
        List.of(OSS_FULL, "Custom:kms-upload-no-generate"));
    decryptAccount = IamTesting.ramUser(coffer, "decrypt-account", List.of(OSS_FULL, "Custom:kms-decrypt-account"));
    decryptOther = IamTesting.ramUser(coffer, "decrypt-other", List.of(OSS_FULL, "Custom:kms-decrypt-k2"));
    decryptDenied = IamTesting.ramUser(coffer, "decrypt-denied", List.of(OSS_FULL, "Custom:kms-all-but-decrypt-k"));
    bucketEncryptionAdmin = IamTesting.ramUser(coffer, "bucket-encryption-admin", List.of("Custom:bucket-encryption"));
    for (String b : List.of("cfg", "cfg-admin", "uploads", "parts", "ruled", "down", "default-cmk")) root.createBucket(b);
    root.putObject("uploads", "source", in("put"));
  }

  static void custom(String name, String actions, String resources) throws Exception {
    IamTesting.createPolicy(coffer.kms(), name, policy(stmt("Allow", actions, resources, null)));
  }

  // ---- bucket rules ----

  @Test
  void putBucketEncryption_namingACmk_needsKmsListAndDescribe_onTheAccountOrThatCmk() throws Exception {
    setRule(ossOnly, "cfg", "AES256", null);
    assertThat(rule("cfg")).isEqualTo("AES256/null");
    setRule(ossOnly, "cfg", "KMS", null);
    assertThat(rule("cfg")).isEqualTo("KMS/null");
    assertKmsDenied(() -> setRule(ossOnly, "cfg", "KMS", k));
    assertKmsDenied(() -> setRule(cfgListOnly, "cfg", "KMS", k));
    assertThat(rule("cfg")).isEqualTo("KMS/null");

    setRule(cfgAccount, "cfg", "KMS", k);
    assertThat(rule("cfg")).isEqualTo("KMS/" + k);
    setRule(cfgAccount, "cfg", "KMS", k2);
    assertThat(rule("cfg")).isEqualTo("KMS/" + k2);
    setRule(cfgKey, "cfg", "KMS", k);
    assertThat(rule("cfg")).isEqualTo("KMS/" + k);
    assertKmsDenied(() -> setRule(cfgKey, "cfg", "KMS", k2));
    assertThat(rule("cfg")).isEqualTo("KMS/" + k);
    assertThat(cfgKey.oss().getBucketEncryption("cfg").getApplyServerSideEncryptionByDefault().getKMSMasterKeyID())
        .isEqualTo(k);
  }

  @Test
  void putBucket_withHeadersNamingACmk_needsKmsListAndDescribe_elseNoBucketIsMade() throws Exception {
    assertKmsDenied(() -> ossOnly.oss().createBucket(createWithCmk("born-refused", k)));
    assertKmsDenied(() -> cfgKey.oss().createBucket(createWithCmk("born-refused", k2)));
    assertThat(root.doesBucketExist("born-refused")).isFalse();

    cfgKey.oss().createBucket(createWithCmk("born-with-k", k));
    assertThat(rule("born-with-k")).isEqualTo("KMS/" + k);
    // The default CMK needs no KMS permission.
    com.aliyun.oss.model.CreateBucketRequest byDefault = new com.aliyun.oss.model.CreateBucketRequest("born-default");
    byDefault.addHeader("x-oss-server-side-encryption", "KMS");
    ossOnly.oss().createBucket(byDefault);
    assertThat(rule("born-default")).isEqualTo("KMS/null");
    ossOnly.oss().createBucket(createWithCmk("born-default-named", "alias/acs/oss"));
    assertThat(rule("born-default-named")).isEqualTo("KMS/alias/acs/oss");
    setRule(ossOnly, "born-default", "KMS", "alias/acs/oss");
    assertThat(rule("born-default")).isEqualTo("KMS/alias/acs/oss");
  }

  static com.aliyun.oss.model.CreateBucketRequest createWithCmk(String bucket, String cmk) {
    com.aliyun.oss.model.CreateBucketRequest r = new com.aliyun.oss.model.CreateBucketRequest(bucket);
    r.addHeader("x-oss-server-side-encryption", "KMS");
    r.addHeader("x-oss-server-side-encryption-key-id", cmk);
    return r;
  }

  @Test
  void bucketEncryption_needsTheOssActions_whateverKmsAllows() throws Exception {
    // Every KMS permission but no OSS one: the OSS check refuses first, with OSS's message.
    OSSException e = assertOssDenied(() -> setRule(kmsOnly, "cfg-admin", "KMS", k));
    assertThat(e.getErrorMessage()).doesNotContain("forbidden by kms");
    assertOssDenied(() -> kmsOnly.oss().getBucketEncryption("cfg-admin"));
    assertThat(rule("cfg-admin")).isNull();

    // The seed's minimum: the two bucket actions on the bucket, kms:List* and kms:DescribeKey.
    setRule(bucketEncryptionAdmin, "cfg-admin", "KMS", k);
    assertThat(bucketEncryptionAdmin.oss().getBucketEncryption("cfg-admin").getApplyServerSideEncryptionByDefault()
        .getKMSMasterKeyID()).isEqualTo(k);
    assertOssDenied(() -> bucketEncryptionAdmin.oss().deleteBucketEncryption("cfg-admin"));
    assertOssDenied(() -> setRule(bucketEncryptionAdmin, "cfg", "AES256", null));
    assertThat(rule("cfg-admin")).isEqualTo("KMS/" + k);
  }

  // ---- uploads ----

  @Test
  void uploadsNamingACmk_needGenerateDataKey_elseAreRefusedAndStoreNothing() throws Exception {
    for (Caller c : List.of(ossOnly, uploadNoGenerate, cfgAccount)) {
      Set<String> blobs = DataDir.blobFiles(coffer.dataDir());
      String key = "refused-" + c.label();
      assertKmsDenied(() -> c.oss().putObject("uploads", key, in("plain"), kms(k)));
      assertKmsDenied(() -> append(c.oss(), "uploads", key, k));
      assertKmsDenied(() -> c.oss().initiateMultipartUpload(initiate("uploads", key, k)));
      assertKmsDenied(() -> c.oss().copyObject(copy("uploads", key, k)));
      assertThat(root.doesObjectExist("uploads", key)).isFalse();
      assertThat(uploads("uploads")).isEmpty();
      assertThat(DataDir.blobFiles(coffer.dataDir())).isEqualTo(blobs);
    }
    // On the CMK's own ARN, only that CMK.
    uploadKey.oss().putObject("uploads", "by-key", in("plain by key"), kms(k));
    assertThat(read(root, "uploads", "by-key")).isEqualTo("plain by key");
    assertThat(root.getObjectMetadata("uploads", "by-key").getServerSideEncryptionKeyId()).isEqualTo(k);
    assertKmsDenied(() -> uploadKey.oss().putObject("uploads", "by-key-2", in("plain"), kms(k2)));
    assertThat(root.doesObjectExist("uploads", "by-key-2")).isFalse();
    // On the account's KMS resources, any CMK of the account, by every kind of upload.
    uploadAccount.oss().putObject("uploads", "put", in("put"), kms(k2));
    append(uploadAccount.oss(), "uploads", "append", k);
    String id = uploadAccount.oss().initiateMultipartUpload(initiate("uploads", "mpu", k)).getUploadId();
    PartETag p = uploadAccount.oss().uploadPart(part("uploads", "mpu", id, "part")).getPartETag();
    uploadAccount.oss().completeMultipartUpload(new CompleteMultipartUploadRequest("uploads", "mpu", id, list(p)));
    uploadAccount.oss().copyObject(copy("uploads", "copy", k));
    assertThat(read(root, "uploads", "put")).isEqualTo("put");
    assertThat(read(root, "uploads", "append")).isEqualTo("appended");
    assertThat(read(root, "uploads", "mpu")).isEqualTo("part");
    assertThat(read(root, "uploads", "copy")).isEqualTo("put");
    for (String key : List.of("append", "mpu", "copy")) {
      assertThat(root.getObjectMetadata("uploads", key).getServerSideEncryptionKeyId()).as(key).isEqualTo(k);
    }
  }

  @Test
  void anUploadUnderACmk_takesTheUploadPermissionsForEveryPart_andForCompleting() throws Exception {
    String id = root.initiateMultipartUpload(initiate("parts", "big", k)).getUploadId();
    assertKmsDenied(() -> ossOnly.oss().uploadPart(part("parts", "big", id, "no")));
    assertThat(root.listParts(new ListPartsRequest("parts", "big", id)).getParts()).isEmpty();
    PartETag p = uploadAccount.oss().uploadPart(part("parts", "big", id, "yes")).getPartETag();
    assertKmsDenied(() -> ossOnly.oss().completeMultipartUpload(
        new CompleteMultipartUploadRequest("parts", "big", id, list(p))));
    assertThat(root.doesObjectExist("parts", "big")).isFalse();
    assertThat(uploads("parts")).containsExactly(id);
    // Completing asks for the upload permissions, not Decrypt.
    uploadKey.oss().completeMultipartUpload(new CompleteMultipartUploadRequest("parts", "big", id, list(p)));
    assertThat(read(root, "parts", "big")).isEqualTo("yes");

    // A part copied from an object under a CMK decrypts it: kms:Decrypt is needed.
    root.putObject("parts", "sealed", in("sealed source"), kms(k));
    String plain = root.initiateMultipartUpload(new InitiateMultipartUploadRequest("parts", "plain")).getUploadId();
    UploadPartCopyRequest c = new UploadPartCopyRequest("parts", "sealed", "parts", "plain", plain);
    c.setPartNumber(1);
    assertKmsDenied(() -> ossOnly.oss().uploadPartCopy(c));
    assertThat(root.listParts(new ListPartsRequest("parts", "plain", plain)).getParts()).isEmpty();
    decryptAccount.oss().uploadPartCopy(c);
    assertThat(root.listParts(new ListPartsRequest("parts", "plain", plain)).getParts()).hasSize(1);
  }

  @Test
  void aBucketRuleNamingACmk_asksTheSamePermissionsOfUploadsWithoutHeaders() throws Exception {
    setRule(IamTesting.root(coffer), "ruled", "KMS", k);
    Set<String> blobs = DataDir.blobFiles(coffer.dataDir());
    assertKmsDenied(() -> ossOnly.oss().putObject("ruled", "refused", in("plain")));
    assertThat(root.doesObjectExist("ruled", "refused")).isFalse();
    assertThat(DataDir.blobFiles(coffer.dataDir())).isEqualTo(blobs);

    uploadAccount.oss().putObject("ruled", "by-rule", in("ruled"));
    assertThat(root.getObjectMetadata("ruled", "by-rule").getServerSideEncryptionKeyId()).isEqualTo(k);
    // A request header overrides the rule: SSE-OSS needs no KMS permission.
    ossOnly.oss().putObject("ruled", "aes", in("aes"), sse("AES256"));
    assertThat(read(ossOnly.oss(), "ruled", "aes")).isEqualTo("aes");
  }

  // ---- downloads ----

  @Test
  void downloadingAnObjectUnderACmk_needsDecryptOnThatCmk_elseNoPlaintextLeaves() throws Exception {
    String secret = "plaintext-" + System.nanoTime();
    root.putObject("down", "sealed", in(secret), kms(k));
    for (Caller c : List.of(ossOnly, uploadKey, decryptOther, decryptDenied)) {
      OSSException e = assertKmsDenied(() -> read(c.oss(), "down", "sealed"));
      assertThat(e.getErrorMessage()).doesNotContain(secret);
      GetObjectRequest ranged = new GetObjectRequest("down", "sealed");
      ranged.setRange(0, 3);
      assertKmsDenied(() -> c.oss().getObject(ranged).close());
    }
    // Anonymous callers hold no kms:Decrypt: a public-read object sealed under a named CMK stays closed.
    root.setObjectAcl("down", "sealed", CannedAccessControlList.PublicRead);
    assertKmsDenied(() -> read(coffer.anonymousClient(), "down", "sealed"));
    assertThat(coffer.anonymousClient().getObjectMetadata("down", "sealed").getContentLength())
        .isEqualTo(secret.length());
    root.setObjectAcl("down", "sealed", CannedAccessControlList.Default);
    // Metadata needs no key: HEAD does not decrypt.
    assertThat(ossOnly.oss().getObjectMetadata("down", "sealed").getServerSideEncryptionKeyId()).isEqualTo(k);
    assertThat(read(decryptAccount.oss(), "down", "sealed")).isEqualTo(secret);
    assertThat(read(uploadAccount.oss(), "down", "sealed")).isEqualTo(secret);

    // CopyObject reads its source: Decrypt on the source's CMK, and the upload permissions for a target CMK.
    assertKmsDenied(() -> ossOnly.oss().copyObject(new CopyObjectRequest("down", "sealed", "down", "copy-refused")));
    CopyObjectRequest withCmk = new CopyObjectRequest("down", "sealed", "down", "copy-refused");
    withCmk.setServerSideEncryption("KMS");
    withCmk.setServerSideEncryptionKeyId(k);
    assertKmsDenied(() -> decryptAccount.oss().copyObject(withCmk));
    assertThat(root.doesObjectExist("down", "copy-refused")).isFalse();
    CopyObjectRequest toAes = new CopyObjectRequest("down", "sealed", "down", "copy-aes");
    toAes.setServerSideEncryption("AES256");
    decryptAccount.oss().copyObject(toAes);
    assertThat(read(ossOnly.oss(), "down", "copy-aes")).isEqualTo(secret);
  }

  @Test
  void theDefaultCmkAndSseOss_needNoKmsPermission() throws Exception {
    ossOnly.oss().putObject("default-cmk", "kms", in("under the default key"), sse("KMS"));
    String defaultKey = root.getObjectMetadata("default-cmk", "kms").getServerSideEncryptionKeyId();
    assertThat(defaultKey).isNotBlank().isNotEqualTo(k).isNotEqualTo(k2);
    assertThat(read(ossOnly.oss(), "default-cmk", "kms")).isEqualTo("under the default key");
    ossOnly.oss().putObject("default-cmk", "by-alias", in("by alias"), kms("alias/acs/oss"));
    assertThat(root.getObjectMetadata("default-cmk", "by-alias").getServerSideEncryptionKeyId()).isEqualTo(defaultKey);
    assertThat(read(ossOnly.oss(), "default-cmk", "by-alias")).isEqualTo("by alias");
    ossOnly.oss().putObject("default-cmk", "aes", in("under SSE-OSS"), sse("AES256"));
    assertThat(read(ossOnly.oss(), "default-cmk", "aes")).isEqualTo("under SSE-OSS");
    setRule(ossOnly, "default-cmk", "KMS", null);
    ossOnly.oss().putObject("default-cmk", "by-rule", in("by rule"));
    assertThat(read(ossOnly.oss(), "default-cmk", "by-rule")).isEqualTo("by rule");
    assertThat(root.getObjectMetadata("default-cmk", "by-rule").getServerSideEncryptionKeyId()).isEqualTo(defaultKey);
  }

  // ---- helpers ----

  /** Asserts the refusal is KMS's: 403 AccessDenied, "This request is forbidden by kms". */
  static OSSException assertKmsDenied(ThrowingCallable call) {
    OSSException e = assertOssDenied(call);
    assertThat(e.getErrorMessage()).startsWith("This request is forbidden by kms");
    return e;
  }

  static void setRule(Caller c, String bucket, String algorithm, String cmk) {
    ServerSideEncryptionByDefault d = new ServerSideEncryptionByDefault(algorithm);
    if (cmk != null) d.setKMSMasterKeyID(cmk);
    ServerSideEncryptionConfiguration conf = new ServerSideEncryptionConfiguration();
    conf.setApplyServerSideEncryptionByDefault(d);
    c.oss().setBucketEncryption(new SetBucketEncryptionRequest(bucket, conf));
  }

  /** {@code algorithm/cmk} of the bucket's rule as the root reads it, or null for none. */
  static String rule(String bucket) {
    try {
      ServerSideEncryptionByDefault d = root.getBucketEncryption(bucket).getApplyServerSideEncryptionByDefault();
      String cmk = d.getKMSMasterKeyID();
      return d.getSSEAlgorithm() + "/" + (cmk == null || cmk.isEmpty() ? null : cmk);
    } catch (OSSException e) {
      assertThat(e.getErrorCode()).isEqualTo("NoSuchServerSideEncryptionRule");
      return null;
    }
  }

  static ObjectMetadata sse(String algorithm) {
    ObjectMetadata m = new ObjectMetadata();
    m.setServerSideEncryption(algorithm);
    return m;
  }

  static ObjectMetadata kms(String cmk) {
    ObjectMetadata m = sse("KMS");
    m.setServerSideEncryptionKeyId(cmk);
    return m;
  }

  static void append(OSS oss, String bucket, String key, String cmk) {
    AppendObjectRequest a = new AppendObjectRequest(bucket, key, in("appended"), kms(cmk));
    a.setPosition(0L);
    oss.appendObject(a);
  }

  static InitiateMultipartUploadRequest initiate(String bucket, String key, String cmk) {
    return new InitiateMultipartUploadRequest(bucket, key, kms(cmk));
  }

  static UploadPartRequest part(String bucket, String key, String uploadId, String text) {
    return new UploadPartRequest(bucket, key, uploadId, 1, in(text), text.getBytes(StandardCharsets.UTF_8).length);
  }

  /** A copy of the plain object {@code source} ("put") onto {@code key} under {@code cmk}. */
  static CopyObjectRequest copy(String bucket, String key, String cmk) {
    CopyObjectRequest c = new CopyObjectRequest(bucket, "source", bucket, key);
    c.setServerSideEncryption("KMS");
    c.setServerSideEncryptionKeyId(cmk);
    return c;
  }

  static List<String> uploads(String bucket) {
    return root.listMultipartUploads(new ListMultipartUploadsRequest(bucket)).getMultipartUploads().stream()
        .map(u -> u.getUploadId()).toList();
  }

  static List<PartETag> list(PartETag p) {
    return new ArrayList<>(List.of(p));
  }
}
