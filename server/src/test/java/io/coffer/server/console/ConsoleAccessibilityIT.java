package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import io.coffer.server.testing.CofferExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every console page, with its forms open and real data in it (a KMS-encrypted bucket with objects
 * in folders, a CMK with an alias, an External key, a RAM user with a key and a custom policy, all
 * made with the official SDKs), checked by the axe-core engine against the WCAG 2.0/2.1 level A
 * and AA rules, and its window title checked to name the page. A failure lists each rule broken,
 * where, and how to fix it.
 */
class ConsoleAccessibilityIT {
  @RegisterExtension @Order(1) static final CofferExtension coffer = new CofferExtension();
  @RegisterExtension @Order(2) static final ConsoleBrowser browser = new ConsoleBrowser(coffer);
  static final String BUCKET = "a11y-data";
  static final String USER = "a11y-alice";
  static final String POLICY = "a11y-read-data";
  static String cmk;
  static String external;

  @BeforeAll
  static void setUp() throws Exception {
    cmk = ConsoleFixtures.cmk(coffer, "alias/a11y");
    CreateKeyRequest ext = new CreateKeyRequest();
    ext.setOrigin("EXTERNAL");
    external = coffer.kms().call(ext).getKeyMetadata().getKeyId();

    OSS oss = coffer.client();
    oss.createBucket(BUCKET);
    ServerSideEncryptionConfiguration conf = new ServerSideEncryptionConfiguration();
    conf.setApplyServerSideEncryptionByDefault(new ServerSideEncryptionByDefault().withSSEAlgorithm("KMS")
        .withKMSMasterKeyID(cmk));
    oss.setBucketEncryption(new SetBucketEncryptionRequest(BUCKET, conf));
    for (String key : List.of("top.txt", "docs/readme.txt", "docs/2024/report.txt")) {
      oss.putObject(BUCKET, key, new ByteArrayInputStream(("content of " + key).getBytes(StandardCharsets.UTF_8)));
    }
    ObjectMetadata sm4 = new ObjectMetadata();
    sm4.setServerSideEncryption("KMS");
    sm4.setServerSideDataEncryption("SM4");
    oss.putObject(BUCKET, "docs/sm4.txt", new ByteArrayInputStream(new byte[] {1, 2, 3}), sm4);

    ConsoleFixtures.customPolicy(coffer, POLICY, """
        {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["oss:GetObject"],
          "Resource": ["acs:oss:*:*:a11y-data/*"]}]}""");
    ConsoleFixtures.ramUser(coffer, USER, "Custom:" + POLICY, "System:AliyunKMSReadOnlyAccess");
  }

  /**
   * Runs axe on the page as it is and fails with every rule it breaks; also checks the window's
   * title names the page (its h1), which axe cannot judge.
   */
  static void assertAccessible(String page) {
    String heading = browser.waitFor(By.tagName("h1")).getText();
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).withMessage("the title names " + page)
        .until(d -> d.getTitle().equals(heading + " · Coffer console"));
    browser.screenshot(page);
    List<ConsoleAxe.Violation> found = ConsoleAxe.violations(browser);
    assertThat(found)
        .as(() -> "axe-core " + ConsoleAxe.version() + " found WCAG A/AA violations on " + page + ":\n"
            + found.stream().map(ConsoleAxe.Violation::toString).collect(Collectors.joining("\n")))
        .isEmpty();
  }

  static void waitUntil(String js) {
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(browser.script(js)));
  }

  /** Waits until the CMK list of an encryption form has loaded the test's CMK. */
  static void waitForCmks() {
    waitUntil("return !!document.querySelector('select[name=cmk] option[value=\"" + cmk + "\"]');");
  }

  /** The check can fail: a control without a name and faint text are reported, with where they are. */
  @Test
  void axe_onAPageWithAnUnlabelledInputAndFaintText_reportsBoth() {
    browser.open("#/buckets").waitFor(By.id("sign-in-form"));
    browser.script("""
        const form = document.getElementById('sign-in-form');
        const input = document.createElement('input');
        input.id = 'nameless';
        const faint = document.createElement('p');
        faint.id = 'faint';
        faint.textContent = 'hard to read';
        faint.style.color = '#ccc';
        form.append(input, faint);""");
    List<ConsoleAxe.Violation> found = ConsoleAxe.violations(browser);
    assertThat(found).extracting(ConsoleAxe.Violation::rule).contains("label", "color-contrast");
    assertThat(found.stream().filter(v -> v.rule().equals("label")).findFirst().orElseThrow().targets())
        .anyMatch(t -> t.contains("#nameless"));
  }

  @Test
  void signInPage_hasNoViolations() {
    browser.open("#/buckets").waitFor(By.id("sign-in-form"));
    assertThat(browser.script("return typeof window.axe")).as("axe is injected by the test, never served by the console").isEqualTo("undefined");
    assertAccessible("sign-in");
    browser.fill("AccessKey ID", "LTAI-not-a-key").fill("AccessKey secret", "wrong").click("Sign in");
    assertThat(browser.error()).contains("InvalidCredentials");
    assertAccessible("sign-in-with-error");
  }

  @Test
  void bucketsPage_withCreateBucketPanelOpen_hasNoViolations() {
    browser.signInAsRoot().open("#/buckets").waitFor(By.id("bucket-table"));
    browser.click("Create Bucket").check("KMS");
    waitForCmks();
    assertAccessible("buckets-create-panel-kms");
    browser.fill("Bucket Name", "Not_Valid").click("OK");
    assertThat(browser.error()).contains("InvalidBucketName");
    assertAccessible("buckets-create-panel-error");
  }

  @Test
  void objectsTab_withUploadPanelAndDeleteConfirmation_hasNoViolations() {
    browser.signInAsRoot().open("#/buckets/" + BUCKET + "?prefix=docs/");
    browser.waitFor(By.id("objects-table"));
    browser.waitForText("2024/");
    browser.waitFor(By.id("upload-form"));
    browser.choose("Encryption", "KMS");
    assertAccessible("objects-docs-folder-upload-kms");
    browser.waitFor(By.cssSelector("button[aria-label='Delete readme.txt']")).click();
    browser.waitFor(By.cssSelector("[role=alertdialog]"));
    assertAccessible("objects-delete-confirmation");
    browser.click("Cancel");
    assertThat(browser.driver().switchTo().activeElement().getDomAttribute("aria-label"))
        .as("Cancel hands the focus back to the button that asked").isEqualTo("Delete readme.txt");
  }

  @Test
  void basicSettings_withConfigureOpen_hasNoViolations() {
    browser.signInAsRoot().open("#/buckets/" + BUCKET + "?tab=settings");
    browser.click("Configure");
    browser.waitFor(By.cssSelector("form.configure-encryption"));
    waitForCmks();
    assertAccessible("settings-configure-encryption");
  }

  @Test
  void objectDetails_hasNoViolations() {
    browser.signInAsRoot().open("#/buckets/" + BUCKET + "/object?key=docs/sm4.txt");
    browser.waitFor(By.id("object-details"));
    browser.waitFor(By.id("object-headers"));
    assertAccessible("object-details");
  }

  @Test
  void kmsKeys_withCreateKeyOpen_hasNoViolations() {
    browser.signInAsRoot().open("#/kms?create=1");
    browser.waitFor(By.id("kms-keys"));
    browser.waitFor(By.id("create-key-form"));
    assertAccessible("kms-keys-create-key");
  }

  @Test
  void kmsKey_normal_hasNoViolations() {
    browser.signInAsRoot().open("#/kms/" + cmk);
    browser.waitFor(By.id("key-versions"));
    browser.waitFor(By.id("key-aliases"));
    assertAccessible("kms-key-normal");
  }

  @Test
  void kmsKey_externalWithImportParameters_hasNoViolations() {
    browser.signInAsRoot().open("#/kms/" + external);
    browser.click("Get Import Parameters");
    browser.waitFor(By.id("token-expiry"));
    assertAccessible("kms-key-external-import");
  }

  @Test
  void ramUsers_withCreateUserOpen_hasNoViolations() {
    browser.signInAsRoot().open("#/ram/users").waitFor(By.id("ram-users"));
    browser.click("Create User").waitFor(By.id("create-user"));
    assertAccessible("ram-users-create-user");
  }

  @Test
  void ramUser_withAddPermissionsOpenAndANewSecret_hasNoViolations() {
    browser.signInAsRoot().open("#/ram/users/" + USER);
    browser.waitFor(By.id("access-key-list"));
    browser.waitFor(By.id("user-policies"));
    browser.click("Add Permissions").waitFor(By.id("add-permissions"));
    assertAccessible("ram-user-add-permissions");
    browser.click("Create AccessKey").waitFor(By.id("new-access-key-secret"));
    assertAccessible("ram-user-new-secret-shown");
  }

  @Test
  void ramPolicies_withCreatePolicyOpen_hasNoViolations() {
    browser.signInAsRoot().open("#/ram/policies?create=1");
    browser.waitFor(By.id("ram-policies"));
    browser.waitFor(By.id("create-policy"));
    assertAccessible("ram-policies-create-policy");
  }

  @Test
  void ramPolicy_withNewVersionOpen_hasNoViolations() {
    browser.signInAsRoot().open("#/ram/policies/" + POLICY + "?type=Custom");
    browser.waitFor(By.id("policy-versions"));
    browser.click("New Version").waitFor(By.id("new-version"));
    assertAccessible("ram-policy-new-version");
  }

  @Test
  void auditLog_hasNoViolations() {
    browser.signInAsRoot().open("#/audit");
    browser.waitFor(By.id("audit-events"));
    assertAccessible("audit-log");
  }
}
