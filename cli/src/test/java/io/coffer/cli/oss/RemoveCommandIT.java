package io.coffer.cli.oss;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListMultipartUploadsRequest;
import com.aliyun.oss.model.MultipartUpload;
import com.aliyun.oss.model.OSSObjectSummary;
import io.coffer.cli.testing.CliServer;
import io.coffer.cli.testing.CliServer.Result;
import io.coffer.cli.testing.OssFixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code rm}: one object, a prefix with -r (asking first), multipart uploads with -m/-a, the bucket with -b. */
class RemoveCommandIT {
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

  private static List<String> keys(String bucket) {
    return sdk.oss().listObjects(bucket).getObjectSummaries().stream().map(OSSObjectSummary::getKey).toList();
  }

  private static List<String> uploads(String bucket) {
    return sdk.oss().listMultipartUploads(new ListMultipartUploadsRequest(bucket)).getMultipartUploads().stream()
        .map(MultipartUpload::getKey).toList();
  }

  private static void scene(String bucket, String... keys) {
    sdk.oss().createBucket(bucket);
    for (String k : keys) sdk.put(bucket, k, k);
  }

  private static void upload(String bucket, String key) {
    sdk.oss().initiateMultipartUpload(new InitiateMultipartUploadRequest(bucket, key));
  }

  @Test
  void rm_oneObject_removesOnlyThatKey() {
    scene("rm-one", "a", "a/b", "ab");
    Result r = coffer.run("rm", "oss://rm-one/a");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("Succeed: Total 1 objects. Removed 1 objects.\n");
    assertThat(keys("rm-one")).containsExactly("a/b", "ab");

    r = coffer.run("rm", "oss://rm-one/missing");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("Succeed: Total 0 objects. Removed 0 objects.\n");
    assertThat(keys("rm-one")).containsExactly("a/b", "ab");
  }

  @Test
  void rmRecursive_withoutForceAndNoTerminal_refuses_andRemovesNothing() throws Exception {
    scene("rm-ask", "p/1", "p/2");
    Result r = coffer.run("rm", "oss://rm-ask/p/", "-r");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no terminal to confirm on").contains("remove recursively objects of oss://rm-ask/p/")
        .contains("-f/--force");
    r = coffer.runProcess(60, "rm", "oss://rm-ask/p/", "-r");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("no terminal to confirm on");
    assertThat(keys("rm-ask")).containsExactly("p/1", "p/2");
  }

  @Test
  void rmRecursiveForce_removesThePrefixOnly() {
    scene("rm-tree", "logs/2026/a", "logs/2026/b", "logs/x", "logsheet", "other");
    upload("rm-tree", "logs/pending");
    Result r = coffer.run("rm", "oss://rm-tree/logs/", "-r", "-f");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("Succeed: Total 3 objects. Removed 3 objects.\n");
    assertThat(keys("rm-tree")).containsExactly("logsheet", "other");
    assertThat(uploads("rm-tree")).containsExactly("logs/pending");
  }

  @Test
  void rmMultipart_abortsUploads_exactKeyOrPrefix_andAllTypeBoth() {
    scene("rm-mp", "k", "d/o");
    upload("rm-mp", "k");
    upload("rm-mp", "k");
    upload("rm-mp", "k2");
    upload("rm-mp", "d/u");
    Result r = coffer.run("rm", "oss://rm-mp/k", "-m");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("Succeed: Total 2 uploadIds. Removed 2 uploadIds.\n");
    assertThat(uploads("rm-mp")).containsExactlyInAnyOrder("k2", "d/u");
    assertThat(keys("rm-mp")).containsExactly("d/o", "k");

    r = coffer.run("rm", "oss://rm-mp/d/", "-a", "-r", "-f");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("Succeed: Total 1 objects, 1 uploadIds. Removed 1 objects, 1 uploadIds.\n");
    assertThat(keys("rm-mp")).containsExactly("k");
    assertThat(uploads("rm-mp")).containsExactly("k2");

    r = coffer.run("rm", "oss://rm-mp/k", "-a");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(keys("rm-mp")).isEmpty();
    assertThat(uploads("rm-mp")).containsExactly("k2");
  }

  @Test
  void rmBucket_removesAnEmptyBucket_andWithRecursiveForceItsContentsFirst() {
    scene("rm-b-empty");
    Result r = coffer.run("rm", "oss://rm-b-empty", "-b");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("remove the Bucket: rm-b-empty");
    assertThat(sdk.oss().doesBucketExist("rm-b-empty")).isTrue();
    r = coffer.run("rm", "oss://rm-b-empty", "-b", "-f");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("Removed Bucket: rm-b-empty\n");
    assertThat(sdk.oss().doesBucketExist("rm-b-empty")).isFalse();

    scene("rm-b-full", "x", "y/z");
    upload("rm-b-full", "u");
    r = coffer.run("rm", "oss://rm-b-full", "-b", "-f");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("ErrorCode=BucketNotEmpty");
    r = coffer.run("rm", "oss://rm-b-full", "-a", "-r", "-b", "-f");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("Succeed: Total 2 objects, 1 uploadIds. Removed 2 objects, 1 uploadIds.\n"
        + "Removed Bucket: rm-b-full\n");
    assertThat(sdk.oss().doesBucketExist("rm-b-full")).isFalse();
  }

  @Test
  void rm_badInput_isAUsageError_andRemovesNothing() {
    scene("rm-bad", "o", "d/o");
    record Case(List<String> args, String message) {}
    for (Case c : List.of(
        new Case(List.of("oss://rm-bad"), "miss --bucket option"),
        new Case(List.of("oss://rm-bad/o", "-b"), "object not empty"),
        new Case(List.of("oss://rm-bad", "-b", "-m"), "redundant option: --multipart or --all-type"),
        new Case(List.of("oss://rm-bad/o", "-b", "-a"), "redundant option: --bucket"),
        new Case(List.of("oss://"), "miss bucket"),
        new Case(List.of("rm-bad/o"), "starts with \"oss://\""),
        new Case(List.of("oss://rm-bad/o", "--recursiv"), "Unknown option"),
        new Case(List.of(), "Missing required parameter"))) {
      List<String> args = new ArrayList<>(List.of("rm"));
      args.addAll(c.args());
      Result r = coffer.run(args.toArray(String[]::new));
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).contains(c.message());
    }
    assertThat(keys("rm-bad")).containsExactly("d/o", "o");
    Result r = coffer.run("rm", "oss://rm-nosuch/o");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("ErrorCode=NoSuchBucket");
  }
}
