package io.coffer.cli.cp;

import static io.coffer.cli.cp.CpTesting.MULTIPART;
import static io.coffer.cli.cp.CpTesting.PART;
import static io.coffer.cli.cp.CpTesting.args;
import static io.coffer.cli.cp.CpTesting.bytes;
import static io.coffer.cli.cp.CpTesting.crc64;
import static io.coffer.cli.cp.CpTesting.file;
import static io.coffer.cli.cp.CpTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ObjectMetadata;
import io.coffer.cli.testing.CliServer;
import io.coffer.core.iam.Principal;
import io.coffer.core.kms.KeyOrigin;
import io.coffer.core.kms.KeySpec;
import io.coffer.core.kms.KmsService;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code coffer cp} against a real server: uploads, downloads and server-side copies, single and
 * in parts, recursive, with SSE through --meta, and what it prints. Object state is checked with
 * the SDK directly.
 */
class CpCommandIT {
  @RegisterExtension static final CliServer coffer = new CliServer();
  static final String BUCKET = "cp-basics";
  static OSS oss;

  @BeforeAll
  static void bucket() {
    oss = CpTesting.sdk(coffer);
    oss.createBucket(BUCKET);
  }

  @AfterAll
  static void close() {
    oss.shutdown();
  }

  private Path checkpoints() {
    return coffer.work().resolve("checkpoints");
  }

  private CliServer.Result cp(String... a) {
    return coffer.run(args(new String[] {"cp"}, args(a, "--checkpoint-dir", checkpoints().toString())));
  }

  @Test
  void upload_smallFile_isOnePutWithContentTypeFromItsName_andPrintsOssutilSummary() throws Exception {
    byte[] content = "hello coffer\n".getBytes(StandardCharsets.UTF_8);
    Path f = file(coffer.work().resolve("small/hello.txt"), content);
    CliServer.Result r = cp(f.toString(), "oss://" + BUCKET + "/docs/");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(read(oss, BUCKET, "docs/hello.txt")).isEqualTo(content);
    ObjectMetadata m = oss.getObjectMetadata(BUCKET, "docs/hello.txt");
    assertThat(m.getObjectType()).isEqualTo("Normal");
    assertThat(m.getContentType()).isEqualTo("text/plain");
    assertThat(r.out()).contains("Succeed: Total num: 1, size: 13. OK num: 1(upload 1 files).")
        .containsPattern("average speed \\d+\\(byte/s\\)").containsPattern("\\d+\\.\\d{6}\\(s\\) elapsed")
        .doesNotContain("\r");
  }

  @Test
  void upload_aboveThreshold_goesInParts_andPrintsPlainProgressLinesWithoutATerminal() throws Exception {
    byte[] content = bytes(1, 10 * PART);
    Path f = file(coffer.work().resolve("big/ten-parts.bin"), content);
    CliServer.Result r = cp(args(MULTIPART, f.toString(), "oss://" + BUCKET + "/big/ten-parts.bin"));
    assertThat(r.exit()).as(r.toString()).isZero();
    ObjectMetadata m = oss.getObjectMetadata(BUCKET, "big/ten-parts.bin");
    assertThat(m.getObjectType()).isEqualTo("Multipart");
    assertThat(m.getETag()).endsWith("-10");
    assertThat(m.getServerCRC()).isEqualTo(crc64(content));
    assertThat(read(oss, BUCKET, "big/ten-parts.bin")).isEqualTo(content);
    // one plain line per tenth of the bytes, never a carriage return, then the summary
    assertThat(r.out().lines().filter(l -> l.startsWith("Progress: ")).toList()).hasSize(10)
        .last().asString().startsWith("Progress: 100%, 2.50 MiB of 2.50 MiB, 0 of 1 files");
    assertThat(r.out()).doesNotContain("\r").contains("Succeed: Total num: 1, size: 2,621,440. OK num: 1(upload 1 files).");
    assertThat(Files.exists(checkpoints())).as("checkpoint removed after success").isFalse();
  }

  @Test
  void download_smallAndInParts_writesTheExactBytes() throws Exception {
    byte[] small = bytes(2, 1000);
    byte[] big = bytes(3, 7 * PART + 12345);
    oss.putObject(BUCKET, "dl/small.bin", new ByteArrayInputStream(small));
    oss.putObject(BUCKET, "dl/big.bin", new ByteArrayInputStream(big));
    Path dir = Files.createDirectories(coffer.work().resolve("dl"));

    CliServer.Result r = cp("oss://" + BUCKET + "/dl/small.bin", dir.toString());
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("small.bin"))).isEqualTo(small);

    r = cp(args(MULTIPART, "oss://" + BUCKET + "/dl/big.bin", dir.resolve("renamed.bin").toString()));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("renamed.bin"))).isEqualTo(big);
    assertThat(r.out()).contains("OK num: 1(download 1 objects)");
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("small.bin", "renamed.bin");
    }
  }

  @Test
  void copy_smallAndInParts_keepsContentAndContentType() throws Exception {
    byte[] big = bytes(4, 5 * PART + 1);
    ObjectMetadata meta = new ObjectMetadata();
    meta.setContentType("application/x-test");
    meta.addUserMetadata("origin", "cp-test");
    oss.putObject(BUCKET, "cp/src.bin", new ByteArrayInputStream(big), meta);

    CliServer.Result r = cp("oss://" + BUCKET + "/cp/src.bin", "oss://" + BUCKET + "/cp/copy-small.bin");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(oss.getObjectMetadata(BUCKET, "cp/copy-small.bin").getObjectType()).isEqualTo("Normal");

    r = cp(args(MULTIPART, "oss://" + BUCKET + "/cp/src.bin", "oss://" + BUCKET + "/cp/parts/"));
    assertThat(r.exit()).as(r.toString()).isZero();
    ObjectMetadata m = oss.getObjectMetadata(BUCKET, "cp/parts/src.bin");
    assertThat(m.getObjectType()).isEqualTo("Multipart");
    assertThat(m.getETag()).endsWith("-6");
    assertThat(m.getContentType()).isEqualTo("application/x-test");
    assertThat(m.getUserMetadata()).containsEntry("origin", "cp-test");
    assertThat(read(oss, BUCKET, "cp/parts/src.bin")).isEqualTo(big);
    assertThat(read(oss, BUCKET, "cp/copy-small.bin")).isEqualTo(big);
    assertThat(r.out()).contains("OK num: 1(copy 1 objects)");
  }

  @Test
  void recursive_uploadDownloadAndCopy_ofADirectoryTree_keepRelativeNames() throws Exception {
    Path tree = coffer.work().resolve("tree");
    byte[] a = bytes(5, 100);
    byte[] b = bytes(6, 3 * PART + 7);
    file(tree.resolve("a.txt"), a);
    file(tree.resolve("sub/deeper/b.bin"), b);
    file(tree.resolve("sub/empty"), new byte[0]);

    CliServer.Result r = cp(args(MULTIPART, "-r", "-j", "2", tree.toString(), "oss://" + BUCKET + "/tree"));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Succeed: Total num: 3, size: " + Progress.grouped(100 + 3 * PART + 7)
        + ". OK num: 3(upload 3 files).");
    assertThat(read(oss, BUCKET, "tree/a.txt")).isEqualTo(a);
    assertThat(read(oss, BUCKET, "tree/sub/deeper/b.bin")).isEqualTo(b);
    assertThat(read(oss, BUCKET, "tree/sub/empty")).isEmpty();

    Path back = coffer.work().resolve("tree-back");
    r = cp(args(MULTIPART, "-r", "oss://" + BUCKET + "/tree/", back.toString()));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Files.readAllBytes(back.resolve("a.txt"))).isEqualTo(a);
    assertThat(Files.readAllBytes(back.resolve("sub/deeper/b.bin"))).isEqualTo(b);
    assertThat(Files.size(back.resolve("sub/empty"))).isZero();

    r = cp(args(MULTIPART, "-r", "oss://" + BUCKET + "/tree/sub/", "oss://" + BUCKET + "/tree-copy/"));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(oss.listObjects(BUCKET, "tree-copy/").getObjectSummaries()).extracting(o -> o.getKey())
        .containsExactly("tree-copy/deeper/b.bin", "tree-copy/empty");
    assertThat(read(oss, BUCKET, "tree-copy/deeper/b.bin")).isEqualTo(b);
  }

  @Test
  void recursiveDownload_keyThatWouldLeaveDest_isRefused_theRestIsDownloaded_andTheRunFails() throws Exception {
    oss.putObject(BUCKET, "trav/ok.txt", new ByteArrayInputStream("ok".getBytes(StandardCharsets.UTF_8)));
    oss.putObject(BUCKET, "trav/../../escape.txt", new ByteArrayInputStream("no".getBytes(StandardCharsets.UTF_8)));
    Path dest = coffer.work().resolve("trav/in");
    CliServer.Result r = cp("-r", "oss://" + BUCKET + "/trav/", dest.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("Error: oss://" + BUCKET + "/trav/../../escape.txt cannot be saved under " + dest
        + ": its key is not a relative path inside it\n");
    assertThat(r.out()).contains("FinishWithError: Total num: 2, size: 2. Error num: 1. OK num: 1(download 1 objects)");
    assertThat(Files.readString(dest.resolve("ok.txt"))).isEqualTo("ok");
    assertThat(coffer.work().resolve("escape.txt")).doesNotExist();
    assertThat(dest.resolve("../../escape.txt").normalize()).doesNotExist();
  }

  @Test
  void meta_sseHeadersAsOssutilSpellsThem_encryptUploadsAndCopies() throws Exception {
    KmsService kms = coffer.server().kms();
    String keyId = kms.createKey(new Principal(coffer.server().rootKey().accountId(), CliServer.ACCESS_KEY_ID),
        new KmsService.CreateKeyRequest(KeySpec.Aliyun_AES_256, KeyOrigin.Aliyun_KMS, "", null)).keyId();
    byte[] small = bytes(7, 2000);
    byte[] big = bytes(8, 4 * PART);
    Path s = file(coffer.work().resolve("sse/small.bin"), small);
    Path b = file(coffer.work().resolve("sse/big.bin"), big);
    String kmsMeta = "x-oss-server-side-encryption:KMS#x-oss-server-side-encryption-key-id:" + keyId;

    assertThat(cp(s.toString(), "oss://" + BUCKET + "/sse/aes", "--meta", "x-oss-server-side-encryption:AES256").exit())
        .isZero();
    assertThat(cp(s.toString(), "oss://" + BUCKET + "/sse/sm4", "--meta", "x-oss-server-side-encryption:SM4").exit())
        .isZero();
    assertThat(cp(s.toString(), "oss://" + BUCKET + "/sse/kms", "--meta",
        kmsMeta + "#x-oss-server-side-data-encryption:SM4#Content-Type:text/x-secret").exit()).isZero();
    CliServer.Result r = cp(args(MULTIPART, b.toString(), "oss://" + BUCKET + "/sse/kms-parts", "--meta", kmsMeta));
    assertThat(r.exit()).as(r.toString()).isZero();

    assertThat(oss.getObjectMetadata(BUCKET, "sse/aes").getServerSideEncryption()).isEqualTo("AES256");
    assertThat(oss.getObjectMetadata(BUCKET, "sse/sm4").getServerSideEncryption()).isEqualTo("SM4");
    ObjectMetadata kmsSmall = oss.getObjectMetadata(BUCKET, "sse/kms");
    assertThat(kmsSmall.getServerSideEncryption()).isEqualTo("KMS");
    assertThat(kmsSmall.getServerSideEncryptionKeyId()).isEqualTo(keyId);
    assertThat(kmsSmall.getServerSideDataEncryption()).isEqualTo("SM4");
    assertThat(kmsSmall.getContentType()).isEqualTo("text/x-secret");
    ObjectMetadata kmsBig = oss.getObjectMetadata(BUCKET, "sse/kms-parts");
    assertThat(kmsBig.getObjectType()).isEqualTo("Multipart");
    assertThat(kmsBig.getServerSideEncryption()).isEqualTo("KMS");
    assertThat(kmsBig.getServerSideEncryptionKeyId()).isEqualTo(keyId);
    assertThat(read(oss, BUCKET, "sse/kms-parts")).isEqualTo(big);

    // a copy with only SSE headers encrypts the copy and keeps the source's metadata; multipart too
    r = cp("oss://" + BUCKET + "/sse/kms", "oss://" + BUCKET + "/sse/kms-to-aes", "--meta",
        "x-oss-server-side-encryption:AES256");
    assertThat(r.exit()).as(r.toString()).isZero();
    ObjectMetadata copied = oss.getObjectMetadata(BUCKET, "sse/kms-to-aes");
    assertThat(copied.getServerSideEncryption()).isEqualTo("AES256");
    assertThat(copied.getContentType()).isEqualTo("text/x-secret");
    r = cp(args(MULTIPART, "oss://" + BUCKET + "/sse/kms-parts", "oss://" + BUCKET + "/sse/plain-to-sm4", "--meta",
        "x-oss-server-side-encryption:SM4"));
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(oss.getObjectMetadata(BUCKET, "sse/plain-to-sm4").getServerSideEncryption()).isEqualTo("SM4");
    assertThat(read(oss, BUCKET, "sse/plain-to-sm4")).isEqualTo(big);
  }

  @Test
  void existingDestination_isKeptUnlessConfirmedOrForced_andUpdateSkipsWhatIsNotNewer() throws Exception {
    String url = "oss://" + BUCKET + "/over/x.txt";
    oss.putObject(BUCKET, "over/x.txt", new ByteArrayInputStream("old".getBytes(StandardCharsets.UTF_8)));
    Path f = file(coffer.work().resolve("over/x.txt"), "new".getBytes(StandardCharsets.UTF_8));
    String[] cmd = {"cp", f.toString(), url, "--checkpoint-dir", checkpoints().toString()};

    CliServer.Result r = coffer.runWithInput(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)), cmd);
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("cp: overwrite \"" + url + "\"(y or N)? ").contains("OK num: 1(skip 1 files), Skip size: 3.");
    assertThat(read(oss, BUCKET, "over/x.txt")).asString().isEqualTo("old");

    r = coffer.run(cmd); // no answer at all (end of input) is no
    assertThat(read(oss, BUCKET, "over/x.txt")).asString().isEqualTo("old");

    r = coffer.runWithInput(new ByteArrayInputStream("y\n".getBytes(StandardCharsets.UTF_8)), cmd);
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(read(oss, BUCKET, "over/x.txt")).asString().isEqualTo("new");

    // -u: the object is now newer than the file, so nothing is sent; a newer file is sent without asking
    Files.writeString(f, "newer");
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(3600)));
    r = cp(f.toString(), url, "-u");
    assertThat(r.out()).contains("skip 1 files");
    assertThat(read(oss, BUCKET, "over/x.txt")).asString().isEqualTo("new");
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(3600)));
    r = cp(f.toString(), url, "-u");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(read(oss, BUCKET, "over/x.txt")).asString().isEqualTo("newer");

    r = cp(f.toString(), url, "-f");
    assertThat(r.out()).doesNotContain("overwrite").contains("OK num: 1(upload 1 files)");
  }

  @Test
  void badInput_getsAClearMessage_exitStatus_andChangesNothing() throws Exception {
    Path f = file(coffer.work().resolve("bad/f.txt"), "x".getBytes(StandardCharsets.UTF_8));
    String missing = coffer.work().resolve("bad/missing.txt").toString();

    CliServer.Result r = cp(missing, "oss://" + BUCKET + "/bad/");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("Error: " + missing + ": no such file or directory\n");

    r = cp(f.toString(), "oss://");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("invalid cloud URL oss://: no bucket name");

    r = cp(f.toString(), "oss://Bad_Bucket/x");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("\"Bad_Bucket\" is not a valid bucket name");

    r = cp(f.toString(), coffer.work().resolve("bad/other.txt").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("one of SRC and DEST must be a cloud URL");

    r = cp(f.getParent().toString(), "oss://" + BUCKET + "/bad/");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("is a directory; use -r");

    r = cp(f.toString(), "oss://" + BUCKET + "/bad/", "--meta", "x-unknown:1");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unsupported header \"x-unknown\"");

    r = cp(f.toString(), "oss://" + BUCKET + "/bad/", "--bigfile-threshold", "0", "--part-size", "1000");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--part-size must be between 102400");

    r = cp(f.toString(), "oss://" + BUCKET + "/bad/", "--no-such-flag");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--no-such-flag'");

    assertThat(oss.listObjects(BUCKET, "bad/").getObjectSummaries()).isEmpty();

    r = cp(f.toString(), "oss://no-such-bucket-here/f.txt");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("Error: oss: service returned error: ErrorCode=NoSuchBucket, ErrorMessage=\"")
        .containsPattern("RequestId=[0-9A-F]+");
    assertThat(r.out()).doesNotContain("Succeed");

    r = cp("oss://" + BUCKET + "/bad/none.txt", coffer.work().resolve("bad/none.txt").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("ErrorCode=NoSuchKey");
    assertThat(Files.exists(coffer.work().resolve("bad/none.txt"))).isFalse();

    r = cp("oss://" + BUCKET + "/bad/", coffer.work().resolve("bad").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("is a directory (prefix); use -r");
  }

  @Test
  void emptyFile_withThresholdZero_goesAsOneEmptyPart_andCopiesAndDownloadsEmpty() throws Exception {
    Path f = file(coffer.work().resolve("empty/zero.bin"), new byte[0]);
    CliServer.Result r = cp(f.toString(), "oss://" + BUCKET + "/empty/zero.bin", "--bigfile-threshold", "0");
    assertThat(r.exit()).as(r.toString()).isZero();
    ObjectMetadata m = oss.getObjectMetadata(BUCKET, "empty/zero.bin");
    assertThat(m.getObjectType()).isEqualTo("Multipart");
    assertThat(m.getContentLength()).isZero();
    r = cp("oss://" + BUCKET + "/empty/zero.bin", "oss://" + BUCKET + "/empty/copy.bin", "--bigfile-threshold", "0");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(oss.getObjectMetadata(BUCKET, "empty/copy.bin").getContentLength()).isZero();
    Path back = coffer.work().resolve("empty/back.bin");
    r = cp("oss://" + BUCKET + "/empty/copy.bin", back.toString(), "--bigfile-threshold", "0");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(back).isEmptyFile();
  }

  @Test
  void failure_inTheRealCommand_printsOnlyTheServiceError() throws Exception {
    Path f = file(coffer.work().resolve("proc/f.txt"), "x".getBytes(StandardCharsets.UTF_8));
    CliServer.Result r = coffer.runProcess(60, "cp", f.toString(), "oss://no-such-bucket-here/f.txt");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).matches("Error: oss: service returned error: ErrorCode=NoSuchBucket, ErrorMessage=\"[^\"]+\", "
        + "RequestId=[0-9A-F]+\n");
  }

  @Test
  void help_describesTheOptions() {
    CliServer.Result r = coffer.run("cp", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--bigfile-threshold", "--part-size", "--parallel", "--checkpoint-dir", "--meta",
        "-r, --recursive", "-f, --force", "-u, --update", "-j, --jobs");
  }
}
