package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyResponse;
import io.coffer.server.testing.CofferExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Objects area decides as the OSS API does, for RAM users in a real browser: without
 * kms:Decrypt on a CMK, downloading an object sealed under it is refused with the reason and
 * nothing reaches the disk, while an SSE-OSS object downloads; a read-only user's upload and
 * delete are refused and change nothing; without kms:List* the upload's CMK picker says why, a
 * typed CMK ID is refused by KMS, and alias/acs/oss still works.
 */
class ConsoleObjectPermissionsIT {
  @RegisterExtension @Order(1) static final CofferExtension coffer = new CofferExtension();
  @RegisterExtension @Order(2) static final ConsoleBrowser browser = new ConsoleBrowser(coffer);
  static final String BUCKET = "guarded";
  static final byte[] CMK_CONTENT = "sealed under the CMK".getBytes(StandardCharsets.UTF_8);
  static final byte[] OSS_CONTENT = "sealed by OSS-managed keys".getBytes(StandardCharsets.UTF_8);
  static OSS oss;
  static String cmk;
  static ConsoleFixtures.Key noDecrypt;
  static ConsoleFixtures.Key reader;
  static ConsoleFixtures.Key noKms;
  static Path files;

  @BeforeAll
  static void setUp() throws Exception {
    oss = coffer.client();
    CreateKeyResponse.KeyMetadata km = coffer.kms().call(new CreateKeyRequest()).getKeyMetadata();
    cmk = km.getKeyId();
    oss.createBucket(BUCKET);
    ObjectMetadata kms = new ObjectMetadata();
    kms.setServerSideEncryption("KMS");
    kms.setServerSideEncryptionKeyId(cmk);
    oss.putObject(BUCKET, "cmk.txt", new ByteArrayInputStream(CMK_CONTENT), kms);
    ObjectMetadata sse = new ObjectMetadata();
    sse.setServerSideEncryption("AES256");
    oss.putObject(BUCKET, "oss.txt", new ByteArrayInputStream(OSS_CONTENT), sse);
    // Everything on this bucket and every KMS action but Decrypt on this one CMK.
    ConsoleFixtures.customPolicy(coffer, "objects-but-not-decrypt", """
        {"Version":"1","Statement":[
          {"Effect":"Allow","Action":"oss:*","Resource":["acs:oss:*:*:guarded","acs:oss:*:*:guarded/*"]},
          {"Effect":"Allow","Action":"kms:*","Resource":"*"},
          {"Effect":"Deny","Action":"kms:Decrypt","Resource":"%s"}]}""".formatted(km.getArn()));
    noDecrypt = ConsoleFixtures.ramUser(coffer, "no-decrypt", "Custom:objects-but-not-decrypt");
    reader = ConsoleFixtures.ramUser(coffer, "oss-reader", "System:AliyunOSSReadOnlyAccess");
    ConsoleFixtures.customPolicy(coffer, "objects-no-kms", """
        {"Version":"1","Statement":[
          {"Effect":"Allow","Action":"oss:*","Resource":["acs:oss:*:*:guarded","acs:oss:*:*:guarded/*"]}]}""");
    noKms = ConsoleFixtures.ramUser(coffer, "objects-no-kms", "Custom:objects-no-kms");
    files = Files.createTempDirectory("coffer-upload-files-");
  }

  @AfterAll
  static void tearDown() throws IOException {
    CofferExtension.deleteTree(files);
  }

  static String detail(String term) {
    return browser.waitFor(By.xpath("//dl[@id='object-details']/dt[normalize-space()=" + ConsoleBrowser.xpathString(term)
        + "]/following-sibling::dd[1]")).getText();
  }

  static List<String> downloaded() throws IOException {
    try (Stream<Path> s = Files.list(browser.downloads())) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void download_withoutKmsDecryptOnTheCmk_isRefusedWithTheReason_whileAnSseOssObjectDownloads() throws Exception {
    browser.signIn(noDecrypt.id(), noDecrypt.secret());
    browser.open("#/buckets/guarded/object?key=cmk.txt");
    assertThat(detail("Encryption method")).isEqualTo("KMS");
    assertThat(detail("KMS key ID")).isEqualTo(cmk);
    browser.click("Download");
    String error = browser.error();
    assertThat(error).contains("AccessDenied").contains("forbidden by kms");
    browser.screenshot("download-refused");
    assertThat(Files.readString(coffer.auditLog())).contains("\"action\":\"oss:GetObject\"")
        .contains("\"resource\":\"acs:oss:*:*:guarded/cmk.txt\"").contains("\"decision\":\"deny\"");

    browser.open("#/buckets/guarded/object?key=oss.txt");
    assertThat(detail("Encryption method")).isEqualTo("AES256");
    browser.click("Download");
    Path saved = browser.downloads().resolve("oss.txt");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
        .until(d -> Files.exists(saved) && saved.toFile().length() == OSS_CONTENT.length);
    assertThat(Files.readAllBytes(saved)).isEqualTo(OSS_CONTENT);
    browser.screenshot("sse-oss-downloaded");
    // The allowed download has landed, so a refused one that had started would be on disk by now.
    assertThat(downloaded()).containsExactly("oss.txt");
  }

  @Test
  void uploadAndDelete_byAReadOnlyUser_areRefusedAndChangeNothing() throws Exception {
    Path f = Files.write(files.resolve("intruder.txt"), "should not land".getBytes(StandardCharsets.UTF_8));
    browser.signIn(reader.id(), reader.secret());
    browser.open("#/buckets/guarded");
    browser.waitFor(By.xpath("//table[@id='objects-table']//a[normalize-space()='oss.txt']"));
    browser.field("File").sendKeys(f.toAbsolutePath().toString());
    browser.click("Upload");
    assertThat(browser.error()).contains("AccessDenied").contains("oss:PutObject").contains("guarded/intruder.txt");
    browser.waitForText("Upload failed");
    browser.screenshot("upload-refused");
    assertThat(oss.doesObjectExist(BUCKET, "intruder.txt")).isFalse();

    browser.waitFor(By.xpath("//button[@aria-label='Delete oss.txt']")).click();
    browser.waitFor(By.cssSelector("[role=alertdialog]")).findElement(By.xpath(".//button[normalize-space()='Delete']"))
        .click();
    browser.waitForText("You are not authorized to perform oss:DeleteObject on acs:oss:*:");
    browser.screenshot("delete-refused");
    assertThat(oss.doesObjectExist(BUCKET, "oss.txt")).isTrue();
    // Other tests of this class may add their own objects; this user's attempts added none.
    assertThat(oss.listObjects(BUCKET).getObjectSummaries()).extracting(s -> s.getKey())
        .contains("cmk.txt", "oss.txt").doesNotContain("intruder.txt");
  }

  @Test
  void upload_withoutKmsList_thePickerSaysSo_aTypedCmkIsRefusedByKms_butTheDefaultCmkWorks() throws Exception {
    Path f = Files.write(files.resolve("picked.txt"), "under the default CMK".getBytes(StandardCharsets.UTF_8));
    browser.signIn(noKms.id(), noKms.secret());
    browser.open("#/buckets/guarded");
    browser.waitFor(By.xpath("//table[@id='objects-table']//a[normalize-space()='oss.txt']"));
    browser.field("File").sendKeys(f.toAbsolutePath().toString());
    browser.choose("Encryption", "KMS");
    assertThat(browser.waitFor(By.cssSelector(".sse-cmk-errors [role=alert].error")).getText())
        .contains("Forbidden.NoPermission");
    browser.waitForText("You can still use alias/acs/oss or specify a CMK ID.");
    browser.choose("CMK", "Specify a CMK ID");
    browser.fill("CMK ID", cmk);
    browser.screenshot("picker-refused-cmk-typed");
    browser.click("Upload");
    browser.waitForText("Upload failed");
    assertThat(browser.waitFor(By.cssSelector("#upload-form > .message-slot [role=alert].error")).getText())
        .contains("AccessDenied").contains("This request is forbidden by kms");
    browser.screenshot("typed-cmk-refused");
    assertThat(oss.doesObjectExist(BUCKET, "picked.txt")).isFalse();

    browser.choose("CMK", "alias/acs/oss");
    browser.click("Upload");
    browser.waitForText("Uploaded picked.txt");
    browser.screenshot("default-cmk-uploaded");
    ObjectMetadata head = oss.getObjectMetadata(BUCKET, "picked.txt");
    assertThat(head.getServerSideEncryption()).isEqualTo("KMS");
    assertThat(head.getServerSideEncryptionKeyId()).isNotEqualTo(cmk).isNotEmpty();
  }
}
