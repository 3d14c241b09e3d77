package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.BucketInfo;
import com.aliyun.oss.model.CannedAccessControlList;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import io.coffer.server.testing.CofferExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Buckets area in a real browser as seed 001 walks it: Create Bucket with the Server-side
 * Encryption field (KMS with a named CMK and SM4, OSS-Managed), bad names and taken names refused
 * with nothing made, Basic Settings › Server-side Encryption › Configure › Save, and Delete Bucket.
 * Every outcome is read back with the OSS SDK.
 */
class ConsoleBucketsIT {
  @RegisterExtension @Order(1) static final CofferExtension coffer = new CofferExtension();
  @RegisterExtension @Order(2) static final ConsoleBrowser browser = new ConsoleBrowser(coffer);
  static OSS oss;
  static String cmk;

  @BeforeAll
  static void setUp() throws Exception {
    oss = coffer.client();
    cmk = ConsoleFixtures.cmk(coffer, "alias/console-buckets");
  }

  @Test
  void createBucket_withKmsSm4AndANamedCmk_storesThatRule() {
    browser.signInAsRoot().open("#/buckets");
    browser.click("Create Bucket");
    browser.fill("Bucket Name", "console-kms-sm4");
    browser.check("KMS").check("SM4");
    String option = cmk + " (alias/console-buckets)";
    waitForOption("CMK", option);
    browser.choose("CMK", option);
    browser.waitForText("Key spec: Aliyun_AES_256");
    browser.screenshot("create-panel-kms-sm4-cmk");
    browser.click("OK");
    browser.waitForText("Bucket console-kms-sm4 was created.");
    browser.waitForText("KMS (SM4), CMK: " + cmk);
    browser.screenshot("bucket-listed-with-its-rule");

    ServerSideEncryptionByDefault rule = rule("console-kms-sm4");
    assertThat(rule.getSSEAlgorithm()).isEqualTo("KMS");
    assertThat(rule.getKMSMasterKeyID()).isEqualTo(cmk);
    assertThat(rule.getKMSDataEncryption()).isEqualTo("SM4");
  }

  @Test
  void createBucket_ossManaged_withAclAndStorageClass() {
    browser.signInAsRoot().open("#/buckets");
    browser.click("Create Bucket");
    browser.fill("Bucket Name", "console-oss-managed");
    browser.check("Public Read").check("IA").check("OSS-Managed");
    browser.waitForText("Uses keys managed by OSS for encryption.");
    assertThat(browser.all(By.xpath("//label[normalize-space()='CMK']")).get(0).isDisplayed())
        .as("CMK is only for KMS").isFalse();
    browser.screenshot("create-panel-oss-managed");
    browser.click("OK");
    browser.waitForText("Bucket console-oss-managed was created.");
    browser.screenshot("created");

    ServerSideEncryptionByDefault rule = rule("console-oss-managed");
    assertThat(rule.getSSEAlgorithm()).isEqualTo("AES256");
    assertThat(rule.getKMSMasterKeyID()).isNullOrEmpty();
    BucketInfo info = oss.getBucketInfo("console-oss-managed");
    assertThat(info.getBucket().getStorageClass().toString()).isEqualTo("IA");
    assertThat(info.getCannedACL()).isEqualTo(CannedAccessControlList.PublicRead);
  }

  @Test
  void createBucket_withAnInvalidName_saysWhyAndCreatesNothing() {
    int before = oss.listBuckets().size();
    browser.signInAsRoot().open("#/buckets");
    browser.click("Create Bucket");
    browser.fill("Bucket Name", "Bad_Name");
    browser.click("OK");
    String error = errorIn(".create-bucket");
    browser.screenshot("invalid-name-refused");
    assertThat(error).contains("InvalidBucketName").contains("\"Bad_Name\" is not a valid bucket name")
        .contains("lowercase letters, digits, and hyphens");
    assertThat(browser.field("Bucket Name").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(oss.listBuckets()).hasSize(before);
  }

  @Test
  void createBucket_withATakenName_showsBucketAlreadyExists_andChangesNothing() {
    oss.createBucket("console-taken");
    browser.signInAsRoot().open("#/buckets");
    browser.click("Create Bucket");
    browser.fill("Bucket Name", "console-taken");
    browser.check("Public Read/Write").check("OSS-Managed");
    browser.click("OK");
    String error = errorIn(".create-bucket");
    browser.screenshot("taken-name-refused");
    assertThat(error).contains("BucketAlreadyExists").contains("Request ID");
    assertThat(oss.getBucketAcl("console-taken").getCannedACL()).isEqualTo(CannedAccessControlList.Private);
    assertNoRule("console-taken");
  }

  @Test
  void basicSettings_configureSave_setsTheDefault_andNoneDeletesIt() {
    oss.createBucket("console-configure");
    oss.putObject("console-configure", "before", new ByteArrayInputStream("plain".getBytes(StandardCharsets.UTF_8)));
    browser.signInAsRoot().open("#/buckets");
    browser.clickLink("console-configure");
    browser.click("Basic Settings");
    waitForUrl("#/buckets/console-configure?tab=settings");
    browser.waitFor(By.cssSelector(".bucket-encryption dl.details"));
    assertThat(browser.driver().findElement(By.cssSelector(".bucket-encryption")).getText())
        .contains("Encryption Method").contains("None");
    browser.screenshot("settings-without-rule");

    browser.click("Configure");
    browser.waitForText("do not affect the encryption configurations of the existing objects in the bucket");
    browser.check("KMS");
    waitForOption("CMK", cmk + " (alias/console-buckets)");
    browser.choose("CMK", cmk + " (alias/console-buckets)");
    browser.screenshot("configure-kms-named-cmk");
    browser.click("Save");
    browser.waitForText("The server-side encryption settings were saved.");
    browser.screenshot("saved-kms");
    ServerSideEncryptionByDefault rule = rule("console-configure");
    assertThat(rule.getSSEAlgorithm()).isEqualTo("KMS");
    assertThat(rule.getKMSMasterKeyID()).isEqualTo(cmk);
    assertThat(oss.getObjectMetadata("console-configure", "before").getServerSideEncryption())
        .as("existing objects keep their encryption").isNull();

    // Reopened from its location, the form starts from the saved rule.
    browser.open("#/buckets/console-configure?tab=settings");
    browser.waitForText("CMK");
    browser.click("Configure");
    waitForOption("CMK", cmk + " (alias/console-buckets)");
    assertThat(new org.openqa.selenium.support.ui.Select(browser.field("CMK")).getFirstSelectedOption().getText())
        .isEqualTo(cmk + " (alias/console-buckets)");
    browser.check("None");
    browser.screenshot("configure-none");
    browser.click("Save");
    browser.waitForText("The server-side encryption settings were saved.");
    browser.screenshot("saved-none");
    assertNoRule("console-configure");
  }

  @Test
  void deleteBucket_removesAnEmptyBucket_andRefusesANonEmptyOne() {
    oss.createBucket("console-empty");
    oss.createBucket("console-full");
    oss.putObject("console-full", "keep", new ByteArrayInputStream("keep".getBytes(StandardCharsets.UTF_8)));
    browser.signInAsRoot().open("#/buckets/console-full?tab=settings");
    browser.click("Delete Bucket");
    browser.waitForText("Delete bucket console-full?");
    browser.screenshot("confirm-delete-full");
    browser.click("Delete");
    String error = errorIn(".bucket-delete");
    browser.screenshot("full-bucket-refused");
    assertThat(error).contains("BucketNotEmpty");
    assertThat(oss.doesBucketExist("console-full")).isTrue();
    assertThat(oss.doesObjectExist("console-full", "keep")).isTrue();

    browser.open("#/buckets/console-empty?tab=settings");
    browser.click("Delete Bucket");
    browser.click("Cancel");
    assertThat(oss.doesBucketExist("console-empty")).as("cancel keeps it").isTrue();
    browser.click("Delete Bucket");
    browser.click("Delete");
    waitForUrl("#/buckets");
    browser.waitFor(By.id("bucket-table"));
    browser.screenshot("deleted-back-at-list");
    assertThat(oss.doesBucketExist("console-empty")).isFalse();
    assertThat(browser.driver().findElement(By.id("bucket-table")).getText()).doesNotContain("console-empty")
        .contains("console-full");
  }

  // ---- helpers ----

  static ServerSideEncryptionByDefault rule(String bucket) {
    return oss.getBucketEncryption(bucket).getApplyServerSideEncryptionByDefault();
  }

  static void assertNoRule(String bucket) {
    OSSException e = catchThrowableOfType(OSSException.class, () -> oss.getBucketEncryption(bucket));
    assertThat(e).isNotNull();
    assertThat(e.getErrorCode()).isEqualTo("NoSuchServerSideEncryptionRule");
  }

  /** The text of the error box inside the element {@code css} names. */
  static String errorIn(String css) {
    return browser.waitFor(By.cssSelector(css + " [role=alert].error")).getText();
  }

  static void waitForOption(String label, String text) {
    new WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(15)).until(d -> browser.field(label)
        .findElements(By.xpath("option[normalize-space()=" + ConsoleBrowser.xpathString(text) + "]")).size() == 1);
  }

  static void waitForUrl(String hash) {
    new WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(15))
        .until(d -> d.getCurrentUrl().endsWith("/" + hash));
  }
}
