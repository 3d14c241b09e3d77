package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.kms.model.v20160120.CreateAliasRequest;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyResponse;
import com.aliyuncs.kms.model.v20160120.ListAliasesByKeyIdRequest;
import com.aliyuncs.kms.model.v20160120.ListAliasesByKeyIdResponse;
import com.aliyuncs.kms.model.v20160120.ListAliasesRequest;
import com.aliyuncs.kms.model.v20160120.ListKeysRequest;
import io.coffer.server.testing.CofferExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The KMS keys pages in a real browser: Create Key with an alias and automatic rotation, state
 * changes, scheduled deletion, aliases, a refused alias, and editing a key's description. The official KMS SDK checks each outcome.
 */
class ConsoleKmsKeysIT {
  @RegisterExtension @Order(1) static final CofferExtension coffer = new CofferExtension();
  @RegisterExtension @Order(2) static final ConsoleBrowser browser = new ConsoleBrowser(coffer);

  static DescribeKeyResponse.KeyMetadata describe(String keyId) throws Exception {
    return ConsoleKmsSteps.describe(coffer, keyId);
  }

  static List<String> aliases(String keyId) throws Exception {
    ListAliasesByKeyIdRequest r = new ListAliasesByKeyIdRequest();
    r.setKeyId(keyId);
    return coffer.kms().call(r).getAliases().stream().map(ListAliasesByKeyIdResponse.Alias::getAliasName).toList();
  }

  static int keyCount() throws Exception {
    ListKeysRequest r = new ListKeysRequest();
    r.setPageSize(100);
    return coffer.kms().call(r).getTotalCount();
  }

  static int aliasCount() throws Exception {
    ListAliasesRequest r = new ListAliasesRequest();
    r.setPageSize(100);
    return coffer.kms().call(r).getTotalCount();
  }

  static void waitForState(String state) {
    ConsoleKmsSteps.waitForState(browser, state);
  }

  static WebElement row(String keyId) {
    return ConsoleKmsSteps.row(browser, keyId);
  }

  @Test
  void createKey_withAliasAndRotation_isListed_andTheSdkAgrees() throws Exception {
    browser.signInAsRoot().open("#/kms");
    browser.waitForText("KMS keys");
    browser.screenshot("keys-list");
    browser.click("Create Key");
    browser.choose("Key Spec", "Aliyun_SM4");
    browser.fill("Description", "console made key");
    browser.fill("Alias", "alias/console-app");
    assertThat(browser.field("Coffer KMS").isSelected()).isTrue();
    assertThat(browser.field("Rotation Period (days)").isEnabled()).as("until rotation is on").isFalse();
    browser.check("Automatic Rotation");
    browser.fill("Rotation Period (days)", "30");
    browser.screenshot("create-form");
    browser.click("Create");
    String keyId = browser.waitFor(By.id("created-key")).getText();
    String row = row(keyId).getText();
    assertThat(row).contains("alias/console-app").contains("Enabled").contains("Aliyun_SM4").contains("Coffer KMS")
        .contains("Every 30 days");
    browser.screenshot("created");

    DescribeKeyResponse.KeyMetadata m = describe(keyId);
    assertThat(m.getKeySpec()).isEqualTo("Aliyun_SM4");
    assertThat(m.getKeyState()).isEqualTo("Enabled");
    assertThat(m.getOrigin()).isEqualTo("Aliyun_KMS");
    assertThat(m.getDescription()).isEqualTo("console made key");
    assertThat(m.getAutomaticRotation()).isEqualTo("Enabled");
    assertThat(m.getRotationInterval()).isEqualTo(Duration.ofDays(30).toSeconds() + "s");
    assertThat(aliases(keyId)).containsExactly("alias/console-app");

    browser.clickLink(keyId);
    waitForState("Enabled");
    browser.waitForText("Every 30 days");
    assertThat(browser.waitFor(By.id("key-versions")).getText()).contains(m.getPrimaryKeyVersion());
    browser.screenshot("key-details");
    browser.click("Rotate Now");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElements(By.cssSelector("#key-versions tbody tr")).size() == 2);
    assertThat(describe(keyId).getPrimaryKeyVersion()).isNotEqualTo(m.getPrimaryKeyVersion());
    browser.field("Automatic Rotation").click();
    browser.click("Save");
    browser.waitForText("Rotation policy saved.");
    assertThat(describe(keyId).getAutomaticRotation()).isEqualTo("Disabled");
    browser.screenshot("rotated-and-rotation-off");
  }

  @Test
  void disableEnable_andScheduleThenCancelDeletion_changeTheKeyState() throws Exception {
    String keyId = coffer.kms().call(new CreateKeyRequest()).getKeyMetadata().getKeyId();
    browser.signInAsRoot().open("#/kms");
    browser.clickLink(keyId);
    waitForState("Enabled");
    browser.screenshot("enabled");
    browser.click("Disable");
    waitForState("Disabled");
    assertThat(describe(keyId).getKeyState()).isEqualTo("Disabled");
    browser.screenshot("disabled");
    browser.click("Enable");
    waitForState("Enabled");
    assertThat(describe(keyId).getKeyState()).isEqualTo("Enabled");

    browser.click("Schedule Deletion");
    browser.fill("Pending window (days)", "5");
    browser.click("Confirm");
    assertThat(browser.error()).contains("InvalidParameter").contains("7 to 366");
    assertThat(describe(keyId).getKeyState()).isEqualTo("Enabled");
    browser.fill("Pending window (days)", "7");
    browser.screenshot("schedule-deletion");
    Instant before = coffer.kmsClock().instant();
    browser.click("Confirm");
    waitForState("PendingDeletion");
    DescribeKeyResponse.KeyMetadata m = describe(keyId);
    assertThat(m.getKeyState()).isEqualTo("PendingDeletion");
    assertThat(Instant.parse(m.getDeleteDate())).isBetween(before.plus(Duration.ofDays(7)).minusSeconds(1),
        before.plus(Duration.ofDays(7)).plusSeconds(60));
    assertThat(browser.waitFor(By.id("delete-date")).getText()).isNotEmpty();
    browser.screenshot("pending-deletion");
    browser.click("Cancel Deletion");
    waitForState("Enabled");
    assertThat(describe(keyId).getKeyState()).isEqualTo("Enabled");
    browser.screenshot("deletion-cancelled");
  }

  @Test
  void aliases_areAddedAndDeletedOnTheKeyPage() throws Exception {
    String keyId = coffer.kms().call(new CreateKeyRequest()).getKeyMetadata().getKeyId();
    browser.signInAsRoot().open("#/kms/" + keyId);
    waitForState("Enabled");
    browser.fill("New alias", "alias/page-added");
    browser.click("Add Alias");
    browser.waitForText("Alias alias/page-added added.");
    assertThat(browser.waitFor(By.id("key-aliases")).getText()).contains("alias/page-added");
    assertThat(aliases(keyId)).containsExactly("alias/page-added");
    browser.screenshot("alias-added");

    browser.fill("New alias", "alias/page-added");
    browser.click("Add Alias");
    assertThat(browser.error()).contains("AliasAlreadyExists");
    assertThat(aliases(keyId)).containsExactly("alias/page-added");
    browser.screenshot("alias-taken");

    browser.waitFor(By.xpath("//table[@id='key-aliases']//tr[td[normalize-space()='alias/page-added']]"
        + "//button[normalize-space()='Delete']")).click();
    browser.screenshot("confirm-alias-deletion");
    browser.click("Confirm");
    browser.waitForText("Alias alias/page-added deleted.");
    assertThat(aliases(keyId)).isEmpty();
    assertThat(browser.waitFor(By.id("key-aliases")).getText()).contains("This key has no aliases.");
    browser.screenshot("alias-deleted");
  }

  @Test
  void createKey_withAnInvalidOrTakenAlias_showsTheErrorAndCreatesNothing() throws Exception {
    String other = coffer.kms().call(new CreateKeyRequest()).getKeyMetadata().getKeyId();
    CreateAliasRequest a = new CreateAliasRequest();
    a.setAliasName("alias/taken");
    a.setKeyId(other);
    coffer.kms().call(a);
    int keys = keyCount();
    int aliases = aliasCount();
    browser.signInAsRoot().open("#/kms");
    browser.click("Create Key");
    browser.fill("Alias", "my-key");
    browser.click("Create");
    assertThat(browser.error()).contains("InvalidParameter").contains("alias/");
    assertThat(browser.field("Alias").getAttribute("aria-invalid")).isEqualTo("true");
    browser.screenshot("invalid-alias");

    browser.fill("Alias", "alias/acs/mine");
    browser.click("Create");
    browser.waitForText("AliasName");
    assertThat(browser.error()).contains("InvalidParameter");
    browser.screenshot("reserved-alias");

    browser.fill("Alias", "alias/taken");
    browser.click("Create");
    browser.waitForText("AliasAlreadyExists");
    browser.screenshot("taken-alias");
    assertThat(keyCount()).isEqualTo(keys);
    assertThat(aliasCount()).isEqualTo(aliases);
    assertThat(browser.all(By.id("created-key"))).isEmpty();
  }

  @Test
  void editDescription_savesIt_andAnOversizeOneIsRefusedByKmsAndChangesNothing() throws Exception {
    CreateKeyRequest create = new CreateKeyRequest();
    create.setDescription("first words");
    String keyId = coffer.kms().call(create).getKeyMetadata().getKeyId();
    browser.signInAsRoot().open("#/kms/" + keyId);
    waitForState("Enabled");
    assertThat(browser.waitFor(By.id("key-description")).getText()).isEqualTo("first words");
    browser.click("Edit");
    assertThat(browser.field("Description").getDomProperty("value")).isEqualTo("first words");
    browser.fill("Description", "thrown away");
    browser.click("Cancel");
    assertThat(browser.waitFor(By.id("key-description")).getText()).isEqualTo("first words");
    assertThat(describe(keyId).getDescription()).isEqualTo("first words");

    browser.click("Edit");
    browser.fill("Description", "payments, owned by team blue");
    browser.screenshot("edit-description");
    browser.click("Save");
    browser.waitForText("Description saved.");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.id("key-description")).getText().equals("payments, owned by team blue"));
    browser.screenshot("description-saved");
    assertThat(describe(keyId).getDescription()).isEqualTo("payments, owned by team blue");

    browser.click("Edit");
    // 8,193 characters: typing them would be slow, and the page must pass them on for KMS to judge.
    browser.script("arguments[0].value = arguments[1]", browser.field("Description"), "d".repeat(8193));
    browser.click("Save");
    String error = browser.waitFor(By.cssSelector("#edit-description [role=alert].error")).getText();
    assertThat(error).contains("InvalidParameter").contains("Description");
    browser.screenshot("oversize-refused");
    assertThat(describe(keyId).getDescription()).isEqualTo("payments, owned by team blue");
    assertThat(browser.field("Description").getDomProperty("value")).as("the form stays for a fix").hasSize(8193);
  }
}
