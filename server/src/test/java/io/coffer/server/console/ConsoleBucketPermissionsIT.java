package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import io.coffer.server.testing.CofferExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The Buckets area for RAM users: the console is refused what the OSS and KMS APIs refuse the
 * same user, says why, and changes nothing. A read-only user sees buckets but cannot create one; a
 * user who may configure bucket encryption but holds no kms:List* cannot list the region's keys
 * (the picker says so and still offers alias/acs/oss) and is refused naming a CMK, at creation or
 * in Basic Settings (seeds 000/002).
 */
class ConsoleBucketPermissionsIT {
  @RegisterExtension @Order(1) static final CofferExtension coffer = new CofferExtension();
  @RegisterExtension @Order(2) static final ConsoleBrowser browser = new ConsoleBrowser(coffer);
  static OSS oss;
  static String cmk;
  static ConsoleFixtures.Key reader;
  static ConsoleFixtures.Key configurer;

  @BeforeAll
  static void setUp() throws Exception {
    oss = coffer.client();
    oss.createBucket("perm-visible");
    cmk = coffer.kms().call(new CreateKeyRequest()).getKeyMetadata().getKeyId();
    reader = ConsoleFixtures.ramUser(coffer, "console-reader", "System:AliyunOSSReadOnlyAccess");
    ConsoleFixtures.customPolicy(coffer, "bucket-encryption-no-kms", "{\"Version\":\"1\",\"Statement\":[{"
        + "\"Effect\":\"Allow\",\"Action\":[\"oss:ListBuckets\",\"oss:PutBucket\",\"oss:GetBucketInfo\","
        + "\"oss:GetBucketEncryption\",\"oss:PutBucketEncryption\",\"oss:DeleteBucketEncryption\"],\"Resource\":\"*\"}]}");
    configurer = ConsoleFixtures.ramUser(coffer, "console-configurer", "Custom:bucket-encryption-no-kms");
  }

  @Test
  void readOnlyUser_seesBuckets_butCreateBucketIsRefused_andNothingIsMade() {
    browser.signIn(reader.id(), reader.secret()).open("#/buckets");
    browser.waitFor(By.id("bucket-table"));
    assertThat(browser.driver().findElement(By.id("bucket-table")).getText()).contains("perm-visible");
    browser.screenshot("read-only-list");
    browser.click("Create Bucket");
    browser.fill("Bucket Name", "perm-by-reader");
    browser.click("OK");
    String error = errorIn(".create-bucket > .message-slot");
    browser.screenshot("create-refused");
    assertThat(error).contains("AccessDenied").contains("Request ID");
    assertThat(oss.doesBucketExist("perm-by-reader")).isFalse();
  }

  @Test
  void withoutKmsList_thePickerSaysSo_andNamingACmkIsRefusedByKms_butTheDefaultCmkWorks() {
    browser.signIn(configurer.id(), configurer.secret()).open("#/buckets");
    browser.click("Create Bucket");
    browser.fill("Bucket Name", "perm-named-cmk");
    browser.check("KMS");
    String listing = errorIn(".sse-cmk-errors");
    browser.waitForText("You can still use alias/acs/oss or specify a CMK ID.");
    assertThat(listing).contains("Forbidden.NoPermission");
    browser.choose("CMK", "Specify a CMK ID");
    browser.fill("CMK ID", cmk);
    browser.screenshot("picker-refused-cmk-typed");
    browser.click("OK");
    String error = errorIn(".create-bucket > .message-slot");
    browser.screenshot("named-cmk-refused");
    assertThat(error).contains("AccessDenied").contains("This request is forbidden by kms");
    assertThat(oss.doesBucketExist("perm-named-cmk")).as("a refused rule leaves no bucket").isFalse();

    browser.choose("CMK", "alias/acs/oss");
    browser.click("OK");
    browser.waitForText("Bucket perm-named-cmk was created.");
    browser.screenshot("default-cmk-created");
    ServerSideEncryptionByDefault rule = oss.getBucketEncryption("perm-named-cmk").getApplyServerSideEncryptionByDefault();
    assertThat(rule.getSSEAlgorithm()).isEqualTo("KMS");
    assertThat(rule.getKMSMasterKeyID()).isNullOrEmpty();
  }

  @Test
  void withoutKmsList_configuringANamedCmkInBasicSettings_isRefused_andTheRuleStays() {
    oss.createBucket("perm-configure");
    ServerSideEncryptionConfiguration conf = new ServerSideEncryptionConfiguration();
    conf.setApplyServerSideEncryptionByDefault(new ServerSideEncryptionByDefault("AES256"));
    oss.setBucketEncryption(new SetBucketEncryptionRequest("perm-configure", conf));

    browser.signIn(configurer.id(), configurer.secret()).open("#/buckets/perm-configure?tab=settings");
    browser.click("Configure");
    browser.check("KMS");
    errorIn(".sse-cmk-errors");
    browser.choose("CMK", "Specify a CMK ID");
    browser.fill("CMK ID", cmk);
    browser.click("Save");
    String error = errorIn(".configure-encryption > .message-slot");
    browser.screenshot("configure-named-cmk-refused");
    assertThat(error).contains("AccessDenied").contains("This request is forbidden by kms");
    assertThat(oss.getBucketEncryption("perm-configure").getApplyServerSideEncryptionByDefault().getSSEAlgorithm())
        .isEqualTo("AES256");
    assertThat(new Select(browser.field("CMK")).getFirstSelectedOption().getText()).isEqualTo("Specify a CMK ID");
  }

  static String errorIn(String css) {
    return browser.waitFor(By.cssSelector(css + " [role=alert].error")).getText();
  }
}
