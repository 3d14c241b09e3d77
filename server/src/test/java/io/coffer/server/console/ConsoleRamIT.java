package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.ram.model.v20150501.GetPolicyRequest;
import com.aliyuncs.ram.model.v20150501.GetPolicyResponse;
import com.aliyuncs.ram.model.v20150501.GetUserRequest;
import com.aliyuncs.ram.model.v20150501.GetUserResponse;
import com.aliyuncs.ram.model.v20150501.ListAccessKeysRequest;
import com.aliyuncs.ram.model.v20150501.ListAccessKeysResponse;
import com.aliyuncs.ram.model.v20150501.ListPoliciesForUserRequest;
import com.aliyuncs.ram.model.v20150501.ListPoliciesForUserResponse;
import io.coffer.server.testing.CofferExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * RAM in the console, in Chromium: users, an access key whose secret is shown once and then signs
 * in, custom policies through the JSON editor (syntax checked as typed, grammar by the server),
 * versions, attaching and detaching, and a delete the server refuses. Outcomes are checked with the
 * RAM SDK.
 */
class ConsoleRamIT {
  @RegisterExtension @Order(1) static final CofferExtension coffer = new CofferExtension();
  @RegisterExtension @Order(2) static final ConsoleBrowser browser = new ConsoleBrowser(coffer);

  private static final String READ_DOC = "{\"Version\": \"1\", \"Statement\": [{\"Effect\": \"Allow\", "
      + "\"Action\": [\"oss:GetObject\"], \"Resource\": [\"acs:oss:*:*:console-bucket/*\"]}]}";

  private static List<ListAccessKeysResponse.AccessKey> keys(String user) throws ClientException {
    ListAccessKeysRequest r = new ListAccessKeysRequest();
    r.setUserName(user);
    return coffer.kms().call(r).getAccessKeys();
  }

  private static GetUserResponse.User user(String name) throws ClientException {
    GetUserRequest r = new GetUserRequest();
    r.setUserName(name);
    return coffer.kms().call(r).getUser();
  }

  private static GetPolicyResponse policy(String name) throws ClientException {
    GetPolicyRequest r = new GetPolicyRequest();
    r.setPolicyType("Custom");
    r.setPolicyName(name);
    return coffer.kms().call(r);
  }

  private static String policyError(String name) {
    try {
      policy(name);
      return "(none)";
    } catch (ClientException e) {
      return e.getErrCode();
    }
  }

  private static List<String> policiesOf(String user) throws ClientException {
    ListPoliciesForUserRequest r = new ListPoliciesForUserRequest();
    r.setUserName(user);
    return coffer.kms().call(r).getPolicies().stream()
        .map((ListPoliciesForUserResponse.Policy p) -> p.getPolicyType() + ":" + p.getPolicyName()).toList();
  }

  private static void until(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition) {
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition);
  }

  @Test
  void userAndAccessKey_secretShownOnceSignsInAndDeletingAUserWithKeysChangesNothing() throws Exception {
    browser.signInAsRoot().open("#/ram/users");
    browser.waitFor(By.id("ram-users"));
    browser.screenshot("users");
    browser.click("Create User");
    browser.fill("User name", "console-bob").fill("Display name", "Bob").fill("Comments", "made in the console");
    browser.screenshot("create-user-panel");
    browser.click("Create");
    browser.waitFor(By.xpath("//h1[normalize-space()='console-bob']"));
    browser.screenshot("user-page");
    assertThat(user("console-bob").getDisplayName()).isEqualTo("Bob");
    assertThat(user("console-bob").getComments()).isEqualTo("made in the console");

    browser.click("Create AccessKey");
    WebElement box = browser.waitFor(By.cssSelector("div.secret"));
    assertThat(box.getText()).contains("cannot be shown again");
    String id = browser.driver().findElement(By.id("new-access-key-id")).getText();
    String secret = browser.driver().findElement(By.id("new-access-key-secret")).getText();
    assertThat(secret).hasSize(30);
    browser.screenshot("secret-shown-once");
    assertThat(keys("console-bob")).extracting(ListAccessKeysResponse.AccessKey::getAccessKeyId).containsExactly(id);
    assertThat(keys("console-bob").get(0).getStatus()).isEqualTo("Active");

    browser.open("#/ram/users/console-bob");
    browser.waitFor(By.xpath("//table[@id='access-key-list']//code[normalize-space()='" + id + "']"));
    assertThat(browser.all(By.cssSelector("div.secret"))).as("not shown again").isEmpty();
    assertThat(browser.driver().getPageSource()).doesNotContain(secret);
    browser.screenshot("reloaded-no-secret");

    browser.click("Disable");
    browser.waitFor(By.xpath("//table[@id='access-key-list']//span[normalize-space()='Inactive']"));
    assertThat(keys("console-bob").get(0).getStatus()).isEqualTo("Inactive");
    browser.click("Enable");
    browser.waitFor(By.xpath("//table[@id='access-key-list']//span[normalize-space()='Active']"));
    assertThat(keys("console-bob").get(0).getStatus()).isEqualTo("Active");

    browser.click("Delete User");
    browser.screenshot("confirm-delete-user");
    browser.click("Yes, delete user");
    assertThat(browser.error()).contains("DeleteConflict.User.AccessKey").contains("access keys");
    browser.screenshot("delete-refused");
    assertThat(user("console-bob").getUserName()).isEqualTo("console-bob");
    assertThat(keys("console-bob")).hasSize(1);

    browser.click("Sign out");
    browser.waitFor(By.id("sign-in-form"));
    browser.signIn(id, secret);
    assertThat(browser.waitFor(By.id("signed-in-as")).getText()).contains("console-bob");
    browser.open("#/ram/users");
    assertThat(browser.error()).as("no policy allows it yet").contains("NoPermission");
    browser.screenshot("new-key-signed-in");
  }

  @Test
  void customPolicy_invalidJsonRefusedAsTypedAndTheServersGrammarErrorShownCreatingNothing() throws Exception {
    browser.signInAsRoot().open("#/ram/policies");
    browser.waitFor(By.id("ram-policies"));
    browser.click("Create Policy");
    browser.fill("Policy name", "console-read").fill("Description", "read console-bucket");
    browser.fill("Policy document", "{\"Version\": \"1\", \"Statement\": [");
    WebElement document = browser.field("Policy document");
    assertThat(document.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.driver().findElement(By.cssSelector(".json-status")).getText()).startsWith("Not valid JSON");
    WebElement create = browser.driver().findElement(By.xpath("//form[@id='create-policy']//button[normalize-space()='Create']"));
    assertThat(create.isEnabled()).as("Create refuses invalid JSON").isFalse();
    browser.field("Policy name").sendKeys(Keys.ENTER);
    browser.screenshot("invalid-json");
    assertThat(policyError("console-read")).isEqualTo("EntityNotExist.Policy");

    browser.fill("Policy document", READ_DOC.replace("\"Allow\"", "\"Perhaps\""));
    assertThat(document.getAttribute("aria-invalid")).isEqualTo("false");
    browser.click("Create");
    String error = browser.error();
    assertThat(error).contains("MalformedPolicyDocument").contains("Effect").contains("Perhaps");
    browser.screenshot("server-grammar-error");
    assertThat(policyError("console-read")).isEqualTo("EntityNotExist.Policy");

    browser.fill("Policy document", READ_DOC);
    browser.click("Create");
    browser.waitFor(By.xpath("//h1[normalize-space()='console-read']"));
    assertThat(browser.waitFor(By.id("policy-document")).getText()).contains("\"oss:GetObject\"")
        .contains("\n    {");
    browser.screenshot("policy-page");
    assertThat(policy("console-read").getPolicy().getDescription()).isEqualTo("read console-bucket");

    browser.click("New Version");
    browser.fill("Policy document", READ_DOC.replace("oss:GetObject", "oss:ListObjects"));
    assertThat(browser.field("Set as default").isSelected()).isTrue();
    browser.screenshot("new-version");
    browser.click("Create version");
    until(d -> d.findElement(By.id("policy-document")).getText().contains("oss:ListObjects"));
    assertThat(browser.all(By.cssSelector("#policy-versions tbody tr"))).hasSize(2);
    browser.screenshot("version-2-default");
    GetPolicyResponse p = policy("console-read");
    assertThat(p.getDefaultPolicyVersion().getVersionId()).isEqualTo("v2");
    assertThat(p.getDefaultPolicyVersion().getPolicyDocument()).contains("oss:ListObjects");

    browser.open("#/ram/policies");
    browser.choose("Policy type", "Custom");
    until(d -> d.getCurrentUrl().endsWith("type=Custom")
        && d.findElement(By.id("ram-policies")).getText().contains("console-read"));
    assertThat(browser.all(By.cssSelector("#ram-policies tbody tr td:nth-child(2)"))).extracting(WebElement::getText)
        .isNotEmpty().containsOnly("Custom");
    browser.screenshot("custom-only");
  }

  @Test
  void permissions_attachACustomAndASystemPolicyThenDetachOne() throws Exception {
    ConsoleFixtures.customPolicy(coffer, "console-carol-policy", READ_DOC);
    ConsoleFixtures.ramUser(coffer, "console-carol");
    browser.signInAsRoot().open("#/ram/users/console-carol");
    browser.waitFor(By.id("user-policies"));
    browser.click("Add Permissions");
    browser.choose("Policy", "console-carol-policy");
    browser.screenshot("pick-custom");
    browser.click("Attach policy");
    browser.waitFor(By.cssSelector("[data-policy='console-carol-policy']"));
    browser.click("Add Permissions");
    browser.choose("Policy", "AliyunOSSReadOnlyAccess");
    browser.click("Attach policy");
    browser.waitFor(By.cssSelector("[data-policy='AliyunOSSReadOnlyAccess']"));
    browser.screenshot("two-attached");
    assertThat(policiesOf("console-carol")).containsExactly("Custom:console-carol-policy",
        "System:AliyunOSSReadOnlyAccess");

    browser.click("Add Permissions");
    browser.choose("Policy", "AliyunOSSReadOnlyAccess");
    browser.click("Attach policy");
    assertThat(browser.error()).contains("EntityAlreadyExists.User.Policy");
    browser.click("Cancel");

    browser.driver().findElement(By.cssSelector("[data-policy='console-carol-policy'] button")).click();
    browser.click("Yes, detach");
    until(d -> d.findElements(By.cssSelector("[data-policy='console-carol-policy']")).isEmpty());
    browser.screenshot("detached");
    assertThat(policiesOf("console-carol")).containsExactly("System:AliyunOSSReadOnlyAccess");
    assertThat(policy("console-carol-policy").getPolicy().getAttachmentCount()).isZero();
  }
}
