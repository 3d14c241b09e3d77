package io.coffer.cli.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.OSSObjectSummary;
import io.coffer.cli.testing.CliServer;
import io.coffer.cli.testing.CliServer.Result;
import io.coffer.cli.testing.OssFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** --include/--exclude on recursive cp (upload, download, copy) and rm -r, checked with the SDK and the file system. */
class FilterIT {
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

  private static List<String> keys(String bucket, String prefix) {
    return sdk.oss().listObjects(new ListObjectsRequest(bucket, prefix, null, null, 1000)).getObjectSummaries()
        .stream().map(OSSObjectSummary::getKey).sorted().toList();
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  private static Result cp(String... a) {
    String[] all = new String[a.length + 4];
    all[0] = "cp";
    System.arraycopy(a, 0, all, 1, a.length);
    all[a.length + 1] = "-f";
    all[a.length + 2] = "--checkpoint-dir";
    all[a.length + 3] = coffer.work().resolve("checkpoints").toString();
    return coffer.run(all);
  }

  private static void scene(String bucket, String... keys) {
    sdk.oss().createBucket(bucket);
    for (String k : keys) sdk.put(bucket, k, "content of " + k);
  }

  @Test
  void upload_includeTxtExcludeSecret_sendsExactlyTheMatchingFilesAtAnyDepth() throws Exception {
    Path dir = coffer.work().resolve("tree");
    for (String f : List.of("a.txt", "b.log", "secret.txt", "sub/c.txt", "sub/secret-key.txt", "sub/d.bin",
        "txt.d/e.bin")) {
      Files.createDirectories(dir.resolve(f).getParent());
      Files.writeString(dir.resolve(f), f);
    }
    sdk.oss().createBucket("filter-up");
    Result r = cp("-r", dir.toString(), "oss://filter-up/up", "--include", "*.txt", "--exclude", "secret*");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(keys("filter-up", "")).containsExactly("up/a.txt", "up/sub/c.txt");
    assertThat(sdk.get("filter-up", "up/sub/c.txt")).isEqualTo("sub/c.txt");
    assertThat(r.out()).contains("OK num: 2(upload 2 files)");

    // the order decides: a later --include puts back what an earlier --exclude left out
    r = cp("-r", dir.toString(), "oss://filter-up/again", "--exclude", "*.txt", "--include", "secret*");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(keys("filter-up", "again/")).containsExactly("again/b.log", "again/secret.txt",
        "again/sub/d.bin", "again/sub/secret-key.txt", "again/txt.d/e.bin");
  }

  @Test
  void download_withFilters_writesOnlyTheAcceptedObjects() throws Exception {
    scene("filter-down", "logs/2026-01.log", "logs/2026-02.log", "logs/2025-12.log", "logs/x/2026-03.log",
        "logs/readme.md");
    Path dest = coffer.work().resolve("down");
    Result r = cp("-r", "oss://filter-down/logs/", dest.toString(), "--include", "2026-0[1-3].log",
        "--exclude", "*-02.*");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(files(dest)).containsExactly("2026-01.log", "x/2026-03.log");
    assertThat(Files.readString(dest.resolve("x/2026-03.log"), StandardCharsets.UTF_8))
        .isEqualTo("content of logs/x/2026-03.log");
  }

  @Test
  void serverSideCopy_withExclude_copiesEverythingElse() {
    scene("filter-copy", "src/a.jpg", "src/b.png", "src/tmp/c.jpg", "src/d.tmp");
    Result r = cp("-r", "oss://filter-copy/src/", "oss://filter-copy/dst/", "--exclude", "*.tmp", "--exclude", "?.png");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(keys("filter-copy", "dst/")).containsExactly("dst/a.jpg", "dst/tmp/c.jpg");
  }

  @Test
  void rmRecursive_withExclude_keepsTheExcludedObjects() {
    scene("filter-rm", "data/a.csv", "data/b.keep", "data/sub/c.csv", "data/sub/d.keep", "other/e.csv");
    Result r = coffer.run("rm", "oss://filter-rm/data/", "-r", "-f", "--exclude", "*.keep");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("Succeed: Total 2 objects. Removed 2 objects.\n");
    assertThat(keys("filter-rm", "")).containsExactly("data/b.keep", "data/sub/d.keep", "other/e.csv");

    r = coffer.run("rm", "oss://filter-rm/", "-r", "-f", "--include", "d.*");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(keys("filter-rm", "")).containsExactly("data/b.keep", "other/e.csv");
  }

  @Test
  void filters_withoutRecursive_orNamingADirectory_orMalformed_areUsageErrors_andChangeNothing() throws Exception {
    scene("filter-bad", "k.txt", "dir/k.txt");
    Path f = Files.writeString(coffer.work().resolve("single.txt"), "x");
    Path dest = coffer.work().resolve("bad-down");

    Result r = cp(f.toString(), "oss://filter-bad/new.txt", "--include", "*.txt");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("Error: --include or --exclude only work with --recursive\n");
    r = cp("oss://filter-bad/k.txt", dest.toString(), "--exclude", "*.bin");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--include or --exclude only work with --recursive");
    r = coffer.run("rm", "oss://filter-bad/k.txt", "--exclude", "*.bin");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("Error: --include or --exclude only work with --recursive\n");

    r = coffer.run("rm", "oss://filter-bad/", "-r", "-f", "--include", "dir/*.txt");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("Error: --include or --exclude does not support format containing dir info\n");
    r = cp("-r", "oss://filter-bad/", dest.toString(), "--include", "[a-");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("malformed pattern");
    r = coffer.run("rm", "oss://filter-bad/", "-r", "-f", "--exclude");
    assertThat(r.exit()).isEqualTo(2);

    assertThat(keys("filter-bad", "")).containsExactly("dir/k.txt", "k.txt");
    assertThat(Files.exists(dest)).isFalse();
  }

  @Test
  void help_describesTheFilters() {
    for (String cmd : List.of("cp", "rm")) {
      Result r = coffer.run(cmd, "--help");
      assertThat(r.exit()).isZero();
      assertThat(r.out()).contains("--include=PATTERN").contains("--exclude=PATTERN").contains("later ones win");
    }
  }
}
