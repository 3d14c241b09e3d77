package io.coffer.cli.oss;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.cli.testing.CliServer;
import io.coffer.cli.testing.CliServer.Result;
import io.coffer.cli.testing.OssFixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code stat} and {@code set-meta}: seed 004's fields and layout, and encrypting an object in
 * place with {@code set-meta ... --update} (AES256, KMS with the default key and with a CMK).
 */
class StatSetMetaIT {
  @RegisterExtension static final CliServer coffer = new CliServer();
  static OssFixtures sdk;

  /** 62 bytes, like the seed's 01.txt. */
  static final String CONTENT = "Coffer keeps this sixty-two byte line for the stat seed test.\n";
  static final String TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4} \\S+";

  @BeforeAll
  static void bucket() {
    sdk = new OssFixtures(coffer);
    sdk.oss().createBucket("stat-meta");
  }

  @AfterAll
  static void close() {
    sdk.close();
  }

  /** The stat lines by name; asserts every line has seed 004's "%-28s: %s" layout. */
  static Map<String, String> lines(Result r) {
    assertThat(r.exit()).as(r.toString()).isZero();
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : r.out().split("\n")) {
      assertThat(line).as("layout of %s", line).matches("(.{28}|\\S{29,}): .*");
      int sep = line.indexOf(": ", Math.min(28, line.indexOf(':')));
      m.put(line.substring(0, sep).strip(), line.substring(sep + 2));
    }
    return m;
  }

  @Test
  void stat_plainObject_printsSeed004Fields_sortedAndPadded() {
    sdk.put("stat-meta", "01.txt", CONTENT);
    Result r = coffer.run("stat", "oss://stat-meta/01.txt");
    Map<String, String> m = lines(r);
    assertThat(m.keySet()).containsExactly("ACL", "Accept-Ranges", "Content-Length", "Content-Md5", "Content-Type",
        "Etag", "Last-Modified", "Owner", "X-Oss-Hash-Crc64ecma", "X-Oss-Object-Type", "X-Oss-Storage-Class");
    assertThat(m).containsEntry("ACL", "default").containsEntry("Accept-Ranges", "bytes")
        .containsEntry("Content-Length", "62").containsEntry("Content-Type", "text/plain")
        .containsEntry("X-Oss-Object-Type", "Normal").containsEntry("X-Oss-Storage-Class", "Standard");
    assertThat(m.get("Etag")).matches("[0-9A-F]{32}");
    assertThat(m.get("Content-Md5")).matches("[A-Za-z0-9+/]{22}==");
    assertThat(m.get("X-Oss-Hash-Crc64ecma")).matches("\\d+");
    assertThat(m.get("Last-Modified")).matches(TIME);
    assertThat(m.get("Owner")).isNotEmpty();
    assertThat(r.out()).startsWith("ACL                         : default\nAccept-Ranges               : bytes\n");
  }

  @Test
  void setMetaUpdate_aes256_encryptsInPlace_keepingEtagMd5CrcAndContent() throws Exception {
    sdk.put("stat-meta", "aes.txt", CONTENT);
    Map<String, String> before = lines(coffer.run("stat", "oss://stat-meta/aes.txt"));

    Result set = coffer.run("set-meta", "oss://stat-meta/aes.txt", "x-oss-server-side-encryption:AES256", "--update");
    assertThat(set.exit()).as(set.toString()).isZero();

    Result r = coffer.run("stat", "oss://stat-meta/aes.txt");
    Map<String, String> after = lines(r);
    assertThat(after).containsEntry("X-Oss-Server-Side-Encryption", "AES256");
    assertThat(r.out()).contains("\nX-Oss-Server-Side-Encryption: AES256\n");
    for (String same : List.of("ACL", "Accept-Ranges", "Content-Length", "Content-Md5", "Content-Type", "Etag",
        "Owner", "X-Oss-Hash-Crc64ecma", "X-Oss-Object-Type", "X-Oss-Storage-Class")) {
      assertThat(after.get(same)).as(same).isEqualTo(before.get(same));
    }
    Map<String, String> added = new LinkedHashMap<>(after);
    added.keySet().removeAll(before.keySet());
    assertThat(added).containsOnlyKeys("X-Oss-Server-Side-Encryption");
    assertThat(sdk.get("stat-meta", "aes.txt")).isEqualTo(CONTENT);
    assertThat(sdk.oss().getObjectMetadata("stat-meta", "aes.txt").getServerSideEncryption()).isEqualTo("AES256");
  }

  @Test
  void setMetaUpdate_kmsDefaultKey_addsAlgorithmAndKeyIdLines() throws Exception {
    sdk.put("stat-meta", "kms.txt", CONTENT);
    Map<String, String> before = lines(coffer.run("stat", "oss://stat-meta/kms.txt"));
    Result set = coffer.run("set-meta", "oss://stat-meta/kms.txt", "x-oss-server-side-encryption:KMS", "-u");
    assertThat(set.exit()).as(set.toString()).isZero();
    Map<String, String> after = lines(coffer.run("stat", "oss://stat-meta/kms.txt"));
    assertThat(after).containsEntry("X-Oss-Server-Side-Encryption", "KMS");
    assertThat(after.get("X-Oss-Server-Side-Encryption-Key-Id")).isNotBlank();
    assertThat(after.get("Etag")).isEqualTo(before.get("Etag"));
    assertThat(after.get("Content-Md5")).isEqualTo(before.get("Content-Md5"));
    assertThat(after.get("X-Oss-Hash-Crc64ecma")).isEqualTo(before.get("X-Oss-Hash-Crc64ecma"));
    assertThat(sdk.get("stat-meta", "kms.txt")).isEqualTo(CONTENT);
  }

  @Test
  void setMetaUpdate_kmsWithCmk_usesThatKey_thenAes256DropsTheKeyId() throws Exception {
    String cmk = sdk.createKey();
    sdk.put("stat-meta", "cmk.txt", CONTENT);
    Result set = coffer.run("set-meta", "oss://stat-meta/cmk.txt",
        "x-oss-server-side-encryption:KMS#x-oss-server-side-encryption-key-id:" + cmk, "--update");
    assertThat(set.exit()).as(set.toString()).isZero();
    Result r = coffer.run("stat", "oss://stat-meta/cmk.txt");
    assertThat(lines(r)).containsEntry("X-Oss-Server-Side-Encryption", "KMS")
        .containsEntry("X-Oss-Server-Side-Encryption-Key-Id", cmk);
    assertThat(r.out()).contains("\nX-Oss-Server-Side-Encryption-Key-Id: " + cmk + "\n");

    set = coffer.run("set-meta", "oss://stat-meta/cmk.txt", "x-oss-server-side-encryption:AES256", "--update");
    assertThat(set.exit()).as(set.toString()).isZero();
    Map<String, String> m = lines(coffer.run("stat", "oss://stat-meta/cmk.txt"));
    assertThat(m).containsEntry("X-Oss-Server-Side-Encryption", "AES256")
        .doesNotContainKey("X-Oss-Server-Side-Encryption-Key-Id");
    assertThat(sdk.get("stat-meta", "cmk.txt")).isEqualTo(CONTENT);
  }

  @Test
  void setMetaUpdate_keepsOtherHeaders_andDeleteDropsOnlyTheNamedOnes() throws Exception {
    sdk.put("stat-meta", "meta.txt", CONTENT);
    Result r = coffer.run("set-meta", "oss://stat-meta/meta.txt",
        "x-oss-server-side-encryption:AES256#X-Oss-Meta-Author:ann#X-Oss-Meta-Keep:yes#Cache-Control:no-cache", "-u");
    assertThat(r.exit()).as(r.toString()).isZero();
    r = coffer.run("set-meta", "oss://stat-meta/meta.txt", "Content-Type:text/csv", "--update");
    assertThat(r.exit()).as(r.toString()).isZero();
    Map<String, String> m = lines(coffer.run("stat", "oss://stat-meta/meta.txt"));
    assertThat(m).containsEntry("Content-Type", "text/csv").containsEntry("X-Oss-Meta-Author", "ann")
        .containsEntry("X-Oss-Meta-Keep", "yes").containsEntry("Cache-Control", "no-cache")
        .containsEntry("X-Oss-Server-Side-Encryption", "AES256");

    r = coffer.run("set-meta", "oss://stat-meta/meta.txt", "x-oss-meta-author", "--delete");
    assertThat(r.exit()).as(r.toString()).isZero();
    m = lines(coffer.run("stat", "oss://stat-meta/meta.txt"));
    assertThat(m).doesNotContainKey("X-Oss-Meta-Author").containsEntry("X-Oss-Meta-Keep", "yes")
        .containsEntry("Content-Type", "text/csv").containsEntry("X-Oss-Server-Side-Encryption", "AES256");
    assertThat(sdk.get("stat-meta", "meta.txt")).isEqualTo(CONTENT);
  }

  @Test
  void setMetaDelete_encryptionHeader_decryptsInPlace() throws Exception {
    sdk.put("stat-meta", "decrypt.txt", CONTENT);
    assertThat(coffer.run("set-meta", "oss://stat-meta/decrypt.txt", "x-oss-server-side-encryption:KMS", "-u").exit())
        .isZero();
    Result r = coffer.run("set-meta", "oss://stat-meta/decrypt.txt", "x-oss-server-side-encryption", "--delete");
    assertThat(r.exit()).as(r.toString()).isZero();
    Map<String, String> m = lines(coffer.run("stat", "oss://stat-meta/decrypt.txt"));
    assertThat(m).doesNotContainKeys("X-Oss-Server-Side-Encryption", "X-Oss-Server-Side-Encryption-Key-Id");
    assertThat(sdk.get("stat-meta", "decrypt.txt")).isEqualTo(CONTENT);
  }

  @Test
  void setMetaUpdate_nothingToChange_sendsNoCopy() {
    sdk.put("stat-meta", "same.txt", CONTENT);
    String before = lines(coffer.run("stat", "oss://stat-meta/same.txt")).get("Last-Modified");
    sleepPastASecond();
    Result r = coffer.run("set-meta", "oss://stat-meta/same.txt", "Content-Type:text/plain", "--update");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(lines(coffer.run("stat", "oss://stat-meta/same.txt")).get("Last-Modified")).isEqualTo(before);
  }

  @Test
  void setMetaReplace_withForce_replacesEverything_andWithoutATerminalIsRefused() {
    sdk.put("stat-meta", "replace.txt", CONTENT);
    Result set = coffer.run("set-meta", "oss://stat-meta/replace.txt", "X-Oss-Meta-A:1#Content-Type:text/x-a", "-u");
    assertThat(set.exit()).isZero();

    Result refused = coffer.run("set-meta", "oss://stat-meta/replace.txt", "Content-Type:text/x-b");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("no terminal").contains("-f/--force");
    assertThat(lines(coffer.run("stat", "oss://stat-meta/replace.txt"))).containsEntry("Content-Type", "text/x-a")
        .containsEntry("X-Oss-Meta-A", "1");

    Result r = coffer.run("set-meta", "oss://stat-meta/replace.txt", "Content-Type:text/x-b", "-f");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(lines(coffer.run("stat", "oss://stat-meta/replace.txt"))).containsEntry("Content-Type", "text/x-b")
        .doesNotContainKey("X-Oss-Meta-A");
  }

  @Test
  void setMetaRecursive_updatesEveryObjectUnderThePrefix_only() {
    for (String k : List.of("tree/a", "tree/b/c", "treeless")) sdk.put("stat-meta", k, CONTENT);
    Result refused = coffer.run("set-meta", "oss://stat-meta/tree/", "X-Oss-Meta-Tag:t", "-u", "-r");
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("no terminal");
    Result r = coffer.run("set-meta", "oss://stat-meta/tree/", "X-Oss-Meta-Tag:t", "-u", "-r", "-f");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Succeed: Total num: 2, OK num: 2.");
    assertThat(sdk.oss().getObjectMetadata("stat-meta", "tree/a").getUserMetadata()).containsEntry("tag", "t");
    assertThat(sdk.oss().getObjectMetadata("stat-meta", "tree/b/c").getUserMetadata()).containsEntry("tag", "t");
    assertThat(sdk.oss().getObjectMetadata("stat-meta", "treeless").getUserMetadata()).doesNotContainKey("tag");
  }

  @Test
  void setMeta_badInput_isAUsageError_andChangesNothing() {
    sdk.put("stat-meta", "bad.txt", CONTENT);
    String before = coffer.run("stat", "oss://stat-meta/bad.txt").out();
    record Case(String[] args, String message) {}
    List<Case> cases = List.of(
        new Case(new String[] {"oss://stat-meta/bad.txt", "X-Unknown:1", "-u"}, "unsupported header:X-Unknown"),
        new Case(new String[] {"oss://stat-meta/bad.txt", "x-oss-meta-a:1", "-u", "-d"}, "at the same time"),
        new Case(new String[] {"oss://stat-meta/bad.txt", "x-oss-meta-a:1", "--delete"}, "set value:1 to empty"),
        new Case(new String[] {"oss://stat-meta", "x-oss-meta-a:1", "-u"}, "object empty"),
        new Case(new String[] {"stat-meta/bad.txt", "x-oss-meta-a:1", "-u"}, "starts with \"oss://\""),
        new Case(new String[] {"oss://stat-meta/bad.txt", "-u", "--no-such-flag"}, "Unknown option"));
    for (Case c : cases) {
      String[] args = new String[c.args().length + 1];
      args[0] = "set-meta";
      System.arraycopy(c.args(), 0, args, 1, c.args().length);
      Result r = coffer.run(args);
      assertThat(r.exit()).as(r.toString()).isEqualTo(2);
      assertThat(r.err()).contains(c.message());
    }
    assertThat(coffer.run("stat", "oss://stat-meta/bad.txt").out()).isEqualTo(before);
  }

  @Test
  void missingObjectOrBucket_isAServiceError_withCodeAndRequestId() {
    Result r = coffer.run("stat", "oss://stat-meta/no-such-key");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("ErrorCode=NoSuchKey").contains("RequestId=");
    r = coffer.run("set-meta", "oss://stat-meta/no-such-key", "x-oss-server-side-encryption:AES256", "-u");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("NoSuchKey");
    r = coffer.run("stat", "oss://no-such-bucket-x");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("ErrorCode=NoSuchBucket");
    assertThat(sdk.oss().doesBucketExist("no-such-bucket-x")).isFalse();
  }

  @Test
  void statBucket_printsInfoAndTheDefaultEncryptionRule() {
    sdk.oss().createBucket("stat-bucket");
    Result r = coffer.run("bucket-encryption", "--method", "put", "oss://stat-bucket", "--sse-algorithm", "KMS",
        "--kms-masterkey-id", "cmk-1");
    assertThat(r.exit()).as(r.toString()).isZero();
    r = coffer.run("stat", "oss://stat-bucket");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Name                  : stat-bucket\n")
        .contains("Location              : oss-cn-hangzhou\n").contains("ACL                   : private\n")
        .contains("StorageClass          : Standard\n").contains("SSEAlgorithm          : KMS\n")
        .contains("KMSMasterKeyID        : cmk-1\n").doesNotContain("KMSDataEncryption");
    assertThat(r.out()).containsPattern("CreationDate          : " + TIME + "\n");
    assertThat(r.out().lines().map(l -> l.substring(0, 22)).toList()).startsWith("Name                  ",
        "Location              ", "CreationDate          ", "ExtranetEndpoint      ", "IntranetEndpoint      ",
        "ACL                   ", "Owner                 ", "StorageClass          ");
  }

  @Test
  void seed004Flow_asSeparateProcesses() throws Exception {
    sdk.put("stat-meta", "proc.txt", CONTENT);
    Result before = coffer.runProcess(60, "stat", "oss://stat-meta/proc.txt");
    Map<String, String> b = lines(before);
    assertThat(b).doesNotContainKey("X-Oss-Server-Side-Encryption");
    Result set = coffer.runProcess(60, "set-meta", "oss://stat-meta/proc.txt", "x-oss-server-side-encryption:AES256",
        "--update");
    assertThat(set.exit()).as(set.toString()).isZero();
    assertThat(set.out() + set.err()).isEmpty();
    Result after = coffer.runProcess(60, "stat", "oss://stat-meta/proc.txt");
    Map<String, String> a = lines(after);
    assertThat(a).containsEntry("X-Oss-Server-Side-Encryption", "AES256");
    assertThat(a.get("Etag")).isEqualTo(b.get("Etag"));
    assertThat(a.get("Content-Md5")).isEqualTo(b.get("Content-Md5"));
    assertThat(a.get("X-Oss-Hash-Crc64ecma")).isEqualTo(b.get("X-Oss-Hash-Crc64ecma"));
    assertThat(after.err()).isEmpty();
  }

  private static void sleepPastASecond() {
    try {
      Thread.sleep(1100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
