package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSSException;
import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.ListKeysRequest;
import io.coffer.server.testing.CofferExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The audit view in Chromium: KMS and RAM calls and a denied OSS request made with the SDKs show
 * up, newest first; the action, decision and caller filters narrow the table; a RAM user, even an
 * administrator, is refused with the reason.
 */
class ConsoleAuditIT {
  @RegisterExtension @Order(1) static final CofferExtension coffer = new CofferExtension();
  @RegisterExtension @Order(2) static final ConsoleBrowser browser = new ConsoleBrowser(coffer);

  private static final int ACTION = 3;
  private static final int CALLER = 2;
  private static final int DECISION = 5;
  private static ConsoleFixtures.Key dave;

  @BeforeAll
  static void traffic() throws Exception {
    coffer.kms().call(new CreateKeyRequest());
    coffer.kms().call(new ListKeysRequest());
    dave = ConsoleFixtures.ramUser(coffer, "audit-dave", "System:AliyunOSSReadOnlyAccess");
    coffer.client().createBucket("audit-bucket");
    assertThatThrownBy(() -> coffer.client(dave.id(), dave.secret()).putObject("audit-bucket", "denied.txt",
        new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(OSSException.class).extracting(e -> ((OSSException) e).getErrorCode()).isEqualTo("AccessDenied");
    // The log is written by a background thread in order: once the last event is in, all are.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!Files.readString(coffer.auditLog()).contains("\"oss:PutObject\"") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  /** The text of column {@code column} (1-based) of every row, once the table shows rows that all pass. */
  private static List<String> column(int column, java.util.function.Predicate<List<WebElement>> ready) {
    return new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
        .until((WebDriver d) -> {
          List<WebElement> rows = d.findElements(By.cssSelector("#audit-events tbody tr"));
          if (rows.isEmpty() || !ready.test(rows)) return null;
          return rows.stream().map(r -> r.findElements(By.tagName("td")).get(column - 1).getText()).toList();
        });
  }

  private static boolean all(List<WebElement> rows, int column, java.util.function.Predicate<String> p) {
    return rows.stream().allMatch(r -> {
      List<WebElement> cells = r.findElements(By.tagName("td"));
      return cells.size() > column - 1 && p.test(cells.get(column - 1).getText());
    });
  }

  @Test
  void root_seesTheCallsAndNarrowsThemByActionDecisionAndCaller() {
    browser.signInAsRoot().open("#/audit");
    List<String> actions = column(ACTION, rows -> rows.size() > 5);
    assertThat(actions).contains("kms:CreateKey", "kms:ListKeys", "ram:CreateUser", "ram:AttachPolicyToUser",
        "ram:CreateAccessKey", "oss:PutObject", "console:SignIn");
    assertThat(actions.indexOf("oss:PutObject")).as("newest first").isLessThan(actions.indexOf("kms:CreateKey"));
    assertThat(browser.waitFor(By.id("audit-count")).getText()).contains("newest first");
    browser.screenshot("all-events");

    browser.fill("Action", "kms:");
    browser.click("Search");
    List<String> kms = column(ACTION, rows -> all(rows, ACTION, a -> a.startsWith("kms:")));
    assertThat(kms).containsExactly("kms:ListKeys", "kms:CreateKey");
    assertThat(browser.driver().getCurrentUrl()).contains("action=kms%3A");
    browser.screenshot("action-kms");

    browser.fill("Action", "");
    browser.choose("Decision", "Deny");
    browser.click("Search");
    List<String> denied = column(ACTION, rows -> all(rows, DECISION, "deny"::equals));
    assertThat(denied).contains("oss:PutObject").doesNotContain("kms:CreateKey");
    browser.screenshot("decision-deny");

    browser.fill("Caller", "audit-dave");
    browser.click("Search");
    List<String> daveDenied = column(ACTION, rows -> all(rows, CALLER, c -> c.startsWith("audit-dave"))
        && all(rows, DECISION, "deny"::equals));
    assertThat(daveDenied).containsExactly("oss:PutObject");
    WebElement row = browser.driver().findElement(By.cssSelector("#audit-events tbody tr"));
    assertThat(row.getText()).contains("AccessDenied").contains("403").contains("acs:oss:*:*:audit-bucket/denied.txt")
        .contains(dave.id());
    browser.screenshot("caller-and-deny");

    browser.click("Reset");
    column(ACTION, rows -> rows.size() > 5);
    assertThat(browser.field("Caller").getAttribute("value")).isEmpty();

    browser.open("#/audit?from=" + Instant.now().plus(Duration.ofDays(1)));
    browser.waitForText("No events match these filters.");
    assertThat(browser.field("From").getAttribute("value")).isNotEmpty();
    browser.screenshot("from-tomorrow");
  }

  @Test
  void aRamUser_isRefusedTheAuditViewWithTheReason() throws Exception {
    ConsoleFixtures.Key admin = ConsoleFixtures.ramUser(coffer, "audit-admin", "System:AdministratorAccess");
    browser.signIn(admin.id(), admin.secret()).open("#/audit");
    String error = browser.error();
    assertThat(error).contains("AccessDenied").contains("Only the account");
    assertThat(browser.all(By.id("audit-events"))).isEmpty();
    browser.screenshot("ram-user-refused");
  }
}
