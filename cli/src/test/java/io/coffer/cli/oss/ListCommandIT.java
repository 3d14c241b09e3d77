package io.coffer.cli.oss;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coffer.cli.testing.CliServer;
import io.coffer.cli.testing.CliServer.Result;
import io.coffer.cli.testing.OssFixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ls}: ossutil's bucket and object tables, short and directory modes, uploads, limits, JSON. */
class ListCommandIT {
  @RegisterExtension static final CliServer coffer = new CliServer();
  static OssFixtures sdk;
  static String uploadId;

  static final String TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4} \\S+";

  @BeforeAll
  static void scene() {
    sdk = new OssFixtures(coffer);
    sdk.oss().createBucket("ls-a");
    sdk.oss().createBucket("ls-b");
    for (String k : List.of("a.txt", "dir/b.txt", "dir/sub/c.txt", "dir2/d.txt", "z.txt")) sdk.put("ls-a", k, k);
    uploadId = sdk.oss().initiateMultipartUpload(new InitiateMultipartUploadRequest("ls-a", "dir/pending"))
        .getUploadId();
  }

  @AfterAll
  static void close() {
    sdk.close();
  }

  private static Result ok(String... args) {
    Result r = coffer.run(args);
    assertThat(r.exit()).as(r.toString()).isZero();
    return r;
  }

  @Test
  void ls_withoutUrl_listsBuckets_inOssutilsTable() {
    List<String> lines = ok("ls").out().lines().toList();
    assertThat(lines.get(0)).isEqualTo(String.format("%-30s %20s    %12s    %s", "CreationTime", "Region",
        "StorageClass", "BucketName"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("(?=.{30} )" + TIME
        + " +oss-cn-hangzhou {4} {4}Standard {4}oss://ls-a"));
    assertThat(lines).contains("Bucket Number is: 2");
    assertThat(lines.getLast()).isEqualTo("Bucket Number is: 2");
    assertThat(ok("ls", "oss://", "-s").out()).isEqualTo("oss://ls-a\noss://ls-b\nBucket Number is: 2\n");
    assertThat(ok("ls", "-s", "--limited-num", "1").out()).isEqualTo("oss://ls-a\nBucket Number is: 1\n");
  }

  @Test
  void ls_bucket_printsOssutilsObjectColumns_andTheObjectNumber() {
    Result r = ok("ls", "oss://ls-a");
    List<String> lines = r.out().lines().toList();
    assertThat(lines.getFirst()).isEqualTo(String.format("%-30s%12s  %12s   %-36s  %s", "LastModifiedTime",
        "Size(B)", "StorageClass", "ETAG", "ObjectName"));
    assertThat(lines).hasSize(7);
    assertThat(lines.get(1)).matches(TIME + " +5      Standard   [0-9A-F]{32}      oss://ls-a/a.txt");
    assertThat(lines.get(1).substring(0, 30)).matches(TIME + " *");
    assertThat(lines.get(2)).endsWith("  oss://ls-a/dir/b.txt");
    assertThat(lines.getLast()).isEqualTo("Object Number is: 5");
  }

  @Test
  void ls_shortPrefixDirectoryAndLimit() {
    assertThat(ok("ls", "oss://ls-a/dir/", "-s").out())
        .isEqualTo("oss://ls-a/dir/b.txt\noss://ls-a/dir/sub/c.txt\nObject Number is: 2\n");
    assertThat(ok("ls", "oss://ls-a", "-d").out()).isEqualTo(
        "oss://ls-a/a.txt\noss://ls-a/z.txt\noss://ls-a/dir/\noss://ls-a/dir2/\nObject and Directory Number is: 4\n");
    assertThat(ok("ls", "oss://ls-a/dir/", "--directory").out())
        .isEqualTo("oss://ls-a/dir/b.txt\noss://ls-a/dir/sub/\nObject and Directory Number is: 2\n");
    assertThat(ok("ls", "oss://ls-a", "-s", "--limited-num", "2").out())
        .isEqualTo("oss://ls-a/a.txt\noss://ls-a/dir/b.txt\nObject Number is: 2\n");
    assertThat(ok("ls", "oss://ls-a", "-s", "--marker", "dir/sub/c.txt").out())
        .isEqualTo("oss://ls-a/dir2/d.txt\noss://ls-a/z.txt\nObject Number is: 2\n");
    assertThat(ok("ls", "oss://ls-b").out()).isEqualTo("Object Number is: 0\n");
    assertThat(ok("ls", "oss://ls-a/nothing-here").out()).isEqualTo("Object Number is: 0\n");
  }

  @Test
  void ls_multipartAndAllType_listUnfinishedUploads() {
    Result m = ok("ls", "oss://ls-a", "-m");
    assertThat(m.out().lines().toList()).satisfiesExactly(
        l -> assertThat(l).isEqualTo(String.format("%-30s    %-32s    %s", "InitiatedTime", "UploadID", "ObjectName")),
        l -> assertThat(l).matches(TIME + " +    " + uploadId + " *    oss://ls-a/dir/pending"),
        l -> assertThat(l).isEqualTo("UploadID Number is: 1"));
    Result a = ok("ls", "oss://ls-a/dir/", "-a", "-s");
    assertThat(a.out()).isEqualTo("oss://ls-a/dir/b.txt\noss://ls-a/dir/sub/c.txt\nObject Number is: 2\n"
        + String.format("%-32s    %s%n", "UploadID", "ObjectName")
        + String.format("%-32s    %s%n", uploadId, "oss://ls-a/dir/pending") + "UploadID Number is: 1\n");
    assertThat(ok("ls", "oss://ls-a/z", "-m").out()).isEqualTo("UploadID Number is: 0\n");
  }

  @Test
  void ls_outputJson_isParseable_andCarriesTheSameFacts() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode objs = json.readTree(ok("ls", "oss://ls-a/dir/", "--output", "json").out());
    assertThat(objs.get("objectCount").asLong()).isEqualTo(2);
    assertThat(objs.get("objects")).hasSize(2);
    JsonNode first = objs.get("objects").get(0);
    assertThat(first.get("key").asText()).isEqualTo("dir/b.txt");
    assertThat(first.get("url").asText()).isEqualTo("oss://ls-a/dir/b.txt");
    assertThat(first.get("size").asLong()).isEqualTo(9);
    assertThat(first.get("etag").asText()).matches("[0-9A-F]{32}");
    assertThat(first.get("storageClass").asText()).isEqualTo("Standard");
    assertThat(first.get("lastModified").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

    JsonNode dirs = json.readTree(ok("ls", "oss://ls-a", "-d", "--output", "json").out());
    assertThat(dirs.get("objectAndDirectoryCount").asLong()).isEqualTo(4);
    assertThat(dirs.get("directories").findValuesAsText("prefix")).containsExactly("dir/", "dir2/");

    JsonNode all = json.readTree(ok("ls", "oss://ls-a", "-a", "--output", "json").out());
    assertThat(all.get("uploads").get(0).get("uploadId").asText()).isEqualTo(uploadId);
    assertThat(all.get("uploadCount").asLong()).isEqualTo(1);

    JsonNode buckets = json.readTree(ok("ls", "--output", "json").out());
    assertThat(buckets.get("buckets").findValuesAsText("name")).containsExactly("ls-a", "ls-b");
    assertThat(buckets.get("bucketCount").asLong()).isEqualTo(2);
  }

  @Test
  void ls_pagesPastAThousandObjects() throws Exception {
    sdk.oss().createBucket("ls-many");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> puts = new ArrayList<>();
      for (int i = 0; i < 1003; i++) {
        String key = String.format("k%04d", i);
        puts.add(pool.submit(() -> sdk.put("ls-many", key, "")));
      }
      for (Future<?> f : puts) f.get();
    } finally {
      pool.shutdown();
    }
    Result r = ok("ls", "oss://ls-many", "-s");
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(1004);
    assertThat(lines.get(1000)).isEqualTo("oss://ls-many/k1000");
    assertThat(lines.getLast()).isEqualTo("Object Number is: 1003");
    assertThat(ok("ls", "oss://ls-many", "-s", "--limited-num", "1001").out()).endsWith("Object Number is: 1001\n");

    Result rm = ok("rm", "oss://ls-many", "-r", "-f");
    assertThat(rm.out()).isEqualTo("Succeed: Total 1003 objects. Removed 1003 objects.\n");
    assertThat(sdk.oss().listObjects("ls-many").getObjectSummaries()).isEmpty();
  }

  @Test
  void ls_badInput() {
    record Case(List<String> args, int exit, String message) {}
    for (Case c : List.of(
        new Case(List.of("-d"), 2, "ListBucket does not support option: \"--directory\""),
        new Case(List.of("oss://ls-a", "--output", "xml"), 2, "--output must be text or json"),
        new Case(List.of("oss://ls-a", "--limited-num", "-1"), 2, "--limited-num must be 0 or more"),
        new Case(List.of("oss://ls-a", "--limited-num", "many"), 2, "Invalid value for option '--limited-num'"),
        new Case(List.of("s3://ls-a"), 2, "starts with \"oss://\""),
        new Case(List.of("oss:///key"), 2, "miss bucket"),
        new Case(List.of("oss://ls-a", "oss://ls-b"), 2, "Unmatched argument"),
        new Case(List.of("oss://ls-nosuch"), 1, "ErrorCode=NoSuchBucket"))) {
      List<String> args = new ArrayList<>(List.of("ls"));
      args.addAll(c.args());
      Result r = coffer.run(args.toArray(String[]::new));
      assertThat(r.exit()).as(r.toString()).isEqualTo(c.exit());
      assertThat(r.err()).contains(c.message());
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void ls_asAProcess_printsTheSameTable() throws Exception {
    Result r = coffer.runProcess(60, "ls", "oss://ls-a", "-s");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("oss://ls-a/a.txt\noss://ls-a/dir/b.txt\noss://ls-a/dir/sub/c.txt\n"
        + "oss://ls-a/dir2/d.txt\noss://ls-a/z.txt\nObject Number is: 5\n");
    assertThat(r.err()).isEmpty();
  }
}
