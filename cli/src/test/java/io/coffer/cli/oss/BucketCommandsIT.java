package io.coffer.cli.oss;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.BucketInfo;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import io.coffer.cli.testing.CliServer;
import io.coffer.cli.testing.CliServer.Result;
import io.coffer.cli.testing.OssFixtures;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code mb}, {@code rb} and {@code bucket-encryption}, checked through the SDK afterwards. */
class BucketCommandsIT {
  @RegisterExtension static final CliServer coffer = new CliServer();
  static OssFixtures sdk;

  @BeforeAll
  static void fixtures() {
    sdk = new OssFixtures(coffer);
  }

  @AfterAll
  static void close() {
    sdk.close();
  }

  private static void ok(Result r) {
    assertThat(r.exit()).as(r.toString()).isZero();
  }

  private static ServerSideEncryptionByDefault rule(String bucket) {
    return sdk.oss().getBucketEncryption(bucket).getApplyServerSideEncryptionByDefault();
  }

  @Test
  void mb_createsAPrivateStandardBucket_silently() {
    Result r = coffer.run("mb", "oss://mb-plain");
    ok(r);
    assertThat(r.out()).isEmpty();
    BucketInfo info = sdk.oss().getBucketInfo("mb-plain");
    assertThat(info.getCannedACL()).isEqualTo(CannedAccessControlList.Private);
    assertThat(info.getBucket().getStorageClass().toString()).isEqualTo("Standard");
    assertThat(coffer.run("bucket-encryption", "--method", "get", "oss://mb-plain").err())
        .contains("NoSuchServerSideEncryptionRule");
  }

  @Test
  void mb_aclStorageClassAndRedundancy_areSent() {
    ok(coffer.run("mb", "oss://mb-flags", "--acl", "public-read", "--storage-class", "ia", "--redundancy-type", "ZRS"));
    BucketInfo info = sdk.oss().getBucketInfo("mb-flags");
    assertThat(info.getCannedACL()).isEqualTo(CannedAccessControlList.PublicRead);
    assertThat(info.getBucket().getStorageClass().toString()).isEqualTo("IA");
    assertThat(info.getDataRedundancyType().toString()).isEqualTo("ZRS");
  }

  @Test
  void mb_withSse_createsTheBucketWithItsDefaultEncryption() throws Exception {
    ok(coffer.run("mb", "oss://mb-aes", "--sse-algorithm", "AES256"));
    assertThat(rule("mb-aes").getSSEAlgorithm()).isEqualTo("AES256");

    String cmk = sdk.createKey();
    ok(coffer.run("mb", "oss://mb-kms", "--sse-algorithm", "KMS", "--kms-masterkey-id", cmk,
        "--kms-data-encryption", "SM4"));
    ServerSideEncryptionByDefault kms = rule("mb-kms");
    assertThat(kms.getSSEAlgorithm()).isEqualTo("KMS");
    assertThat(kms.getKMSMasterKeyID()).isEqualTo(cmk);
    assertThat(kms.getKMSDataEncryption()).isEqualTo("SM4");

    sdk.put("mb-kms", "o", "data");
    assertThat(sdk.oss().getObjectMetadata("mb-kms", "o").getServerSideEncryptionKeyId()).isEqualTo(cmk);
  }

  @Test
  void mb_badInput_isAUsageError_andCreatesNothing() {
    record Case(List<String> args, String message) {}
    for (Case c : List.of(
        new Case(List.of("oss://mb-bad1", "--acl", "everyone"), "invalid acl: everyone"),
        new Case(List.of("oss://mb-bad2", "--storage-class", "Hot"), "invalid storage class: Hot"),
        new Case(List.of("oss://mb-bad3", "--redundancy-type", "XRS"), "invalid redundancy type"),
        new Case(List.of("oss://mb-bad4", "--sse-algorithm", "AES256", "--kms-masterkey-id", "k"),
            "--kms-masterkey-id must be empty"),
        new Case(List.of("oss://mb-bad5", "--kms-masterkey-id", "k"), "need --sse-algorithm KMS"),
        new Case(List.of("oss://mb-bad6", "--sse-algorithm", "KMS", "--kms-data-encryption", "AES"), "must be SM4"),
        new Case(List.of("oss://mb-bad7/key"), "object not empty"),
        new Case(List.of("oss://"), "miss bucket"),
        new Case(List.of("oss://Mb_Bad8"), "invalid bucket name"),
        new Case(List.of("mb-bad9"), "starts with \"oss://\""))) {
      List<String> args = new java.util.ArrayList<>(List.of("mb"));
      args.addAll(c.args());
      Result r = coffer.run(args.toArray(String[]::new));
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).contains(c.message());
    }
    for (int i = 1; i <= 7; i++) assertThat(sdk.oss().doesBucketExist("mb-bad" + i)).isFalse();
  }

  @Test
  void mb_unknownAlgorithm_isAServiceError_andCreatesNothing() {
    Result r = coffer.run("mb", "oss://mb-badalg", "--sse-algorithm", "ROT13");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("ErrorCode=").contains("RequestId=");
    assertThat(sdk.oss().doesBucketExist("mb-badalg")).isFalse();
  }

  @Test
  void rb_removesAnEmptyBucket_refusesAFullOne_andWithForceEmptiesItFirst() {
    sdk.oss().createBucket("rb-empty");
    Result r = coffer.run("rb", "oss://rb-empty");
    ok(r);
    assertThat(r.out()).isEqualTo("Removed Bucket: rb-empty\n");
    assertThat(sdk.oss().doesBucketExist("rb-empty")).isFalse();

    sdk.oss().createBucket("rb-full");
    sdk.put("rb-full", "a", "1");
    sdk.put("rb-full", "d/b", "2");
    sdk.oss().initiateMultipartUpload(new InitiateMultipartUploadRequest("rb-full", "pending"));
    r = coffer.run("rb", "oss://rb-full");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("ErrorCode=BucketNotEmpty");
    assertThat(sdk.oss().doesObjectExist("rb-full", "a")).isTrue();

    r = coffer.run("rb", "oss://rb-full", "-f");
    ok(r);
    assertThat(r.out()).isEqualTo("Succeed: Total 2 objects, 1 uploadIds. Removed 2 objects, 1 uploadIds.\n"
        + "Removed Bucket: rb-full\n");
    assertThat(sdk.oss().doesBucketExist("rb-full")).isFalse();
  }

  @Test
  void rb_badInput() {
    Result r = coffer.run("rb", "oss://rb-x/key");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("rb takes a bucket");
    r = coffer.run("rb", "oss://rb-missing");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("ErrorCode=NoSuchBucket");
  }

  @Test
  void bucketEncryption_putGetDelete_withOssutilsGetOutput() throws Exception {
    sdk.oss().createBucket("be-main");
    ok(coffer.run("bucket-encryption", "--method", "put", "oss://be-main", "--sse-algorithm", "AES256"));
    Result get = coffer.run("bucket-encryption", "--method", "get", "oss://be-main");
    ok(get);
    assertThat(get.out()).isEqualTo("SSEAlgorithm:AES256\n\n\n");

    ok(coffer.run("bucket-encryption", "--method", "put", "oss://be-main", "--sse-algorithm", "KMS"));
    assertThat(coffer.run("bucket-encryption", "--method", "get", "oss://be-main").out())
        .isEqualTo("SSEAlgorithm:KMS\nKMSMasterKeyID:\nKMSDataEncryption:\n\n\n");

    String cmk = sdk.createKey();
    ok(coffer.run("bucket-encryption", "--method", "PUT", "oss://be-main", "--sse-algorithm", "KMS", "--kms-masterkey-id",
        cmk, "--kms-data-encryption", "SM4"));
    assertThat(coffer.run("bucket-encryption", "--method", "get", "oss://be-main").out())
        .isEqualTo("SSEAlgorithm:KMS\nKMSMasterKeyID:" + cmk + "\nKMSDataEncryption:SM4\n\n\n");

    Result del = coffer.run("bucket-encryption", "--method", "delete", "oss://be-main");
    ok(del);
    assertThat(del.out()).isEmpty();
    Assertions.assertThatThrownBy(() -> sdk.oss().getBucketEncryption("be-main")).isInstanceOf(OSSException.class)
        .hasMessageContaining("encryption");
    Result after = coffer.run("bucket-encryption", "--method", "get", "oss://be-main");
    assertThat(after.exit()).isEqualTo(1);
    assertThat(after.err()).contains("ErrorCode=NoSuchServerSideEncryptionRule");
  }

  @Test
  void bucketEncryption_badInput_changesNothing() {
    sdk.oss().createBucket("be-bad");
    ok(coffer.run("bucket-encryption", "--method", "put", "oss://be-bad", "--sse-algorithm", "SM4"));
    record Case(List<String> args, int exit, String message) {}
    for (Case c : List.of(
        new Case(List.of("oss://be-bad"), 2, "Missing required option: '--method"),
        new Case(List.of("--method", "list", "oss://be-bad"), 2, "put|get|delete"),
        new Case(List.of("--method", "put", "oss://be-bad"), 2, "needs --sse-algorithm"),
        new Case(List.of("--method", "put", "oss://be-bad", "--sse-algorithm", "AES256", "--kms-masterkey-id", "k"), 2,
            "must be empty"),
        new Case(List.of("--method", "get", "oss://be-bad", "--sse-algorithm", "KMS"), 2, "--method put only"),
        new Case(List.of("--method", "get", "oss://be-bad/o"), 2, "takes a bucket"),
        new Case(List.of("--method", "put", "oss://be-bad", "--sse-algorithm", "DES"), 1,
            "ErrorCode=InvalidEncryptionAlgorithmError"),
        new Case(List.of("--method", "get", "oss://be-nosuch"), 1, "ErrorCode=NoSuchBucket"))) {
      List<String> args = new java.util.ArrayList<>(List.of("bucket-encryption"));
      args.addAll(c.args());
      Result r = coffer.run(args.toArray(String[]::new));
      assertThat(r.exit()).as(r.toString()).isEqualTo(c.exit());
      assertThat(r.err()).contains(c.message());
    }
    assertThat(rule("be-bad").getSSEAlgorithm()).isEqualTo("SM4");
  }
}
