package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import io.coffer.server.testing.CofferExtension;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console without a mouse: every key goes to the focused element (Tab, Shift-Tab, arrows,
 * Space, Enter and typing), as a keyboard or switch user works. Signing in and creating a bucket
 * with KMS encryption under a chosen CMK and SM4 must be possible that way, the focused control
 * must show a focus ring, and a refusal must be announced (role=alert) without losing the focus.
 * The outcome is read back with the OSS SDK.
 */
class ConsoleKeyboardIT {
  @RegisterExtension @Order(1) static final CofferExtension coffer = new CofferExtension();
  @RegisterExtension @Order(2) static final ConsoleBrowser browser = new ConsoleBrowser(coffer);
  static final int MAX_TABS = 40;
  static OSS oss;
  static String cmk;

  @BeforeAll
  static void setUp() throws Exception {
    oss = coffer.client();
    cmk = ConsoleFixtures.cmk(coffer, "alias/keyboard");
  }

  static void press(CharSequence... keys) {
    new Actions(browser.driver()).sendKeys(keys).perform();
  }

  static WebElement active() {
    return browser.driver().switchTo().activeElement();
  }

  static void waitUntil(Predicate<WebElement> focused, String what) {
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).withMessage(what).until(d -> focused.test(active()));
  }

  /** Shift-Tab: Shift held down while Tab is pressed (sendKeys of a chord would press them one by one). */
  static void shiftTab() {
    new Actions(browser.driver()).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
  }

  /** Presses Tab until the focused element is the one wanted; fails if it never is. */
  static WebElement tabTo(Predicate<WebElement> wanted, String what) {
    for (int i = 0; i < MAX_TABS; i++) {
      press(Keys.TAB);
      WebElement a = active();
      if (wanted.test(a)) return a;
    }
    throw new AssertionError(what + " cannot be reached with Tab (focus is on " + describe(active()) + ")");
  }

  static Predicate<WebElement> button(String text) {
    return e -> e.getTagName().equals("button") && e.getText().trim().equals(text);
  }

  static Predicate<WebElement> named(String name) {
    return e -> name.equals(e.getDomAttribute("name"));
  }

  static Predicate<WebElement> labelled(String label) {
    return e -> {
      String id = e.getDomAttribute("id");
      return id != null && !browser.all(By.xpath("//label[@for=" + ConsoleBrowser.xpathString(id)
          + " and normalize-space()=" + ConsoleBrowser.xpathString(label) + "]")).isEmpty();
    };
  }

  static String describe(WebElement e) {
    return "<" + e.getTagName() + " id=" + e.getDomAttribute("id") + " name=" + e.getDomAttribute("name") + ">"
        + e.getText();
  }

  /** The focused element matches :focus-visible and draws an outline of at least 2px. */
  static void assertFocusRing(String what) {
    Object ring = browser.script("""
        const e = document.activeElement;
        const s = getComputedStyle(e);
        return e.matches(':focus-visible') && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;""");
    assertThat(ring).as("a visible focus ring on " + what + " (" + describe(active()) + ")").isEqualTo(true);
  }

  static boolean checked(WebElement radio) {
    return Boolean.TRUE.equals(browser.script("return arguments[0].checked;", radio));
  }

  static void signInWithKeys() {
    browser.open("#/buckets").waitFor(By.id("sign-in-form"));
    waitUntil(labelled("AccessKey ID"), "the sign-in form focuses the AccessKey ID");
    press(CofferExtension.ACCESS_KEY_ID, Keys.TAB);
    assertThat(labelled("AccessKey secret").test(active())).as("Tab goes to the secret").isTrue();
    press(CofferExtension.ACCESS_KEY_SECRET, Keys.ENTER);
    browser.waitFor(By.id("signed-in-as"));
    browser.waitFor(By.id("bucket-table"));
  }

  @Test
  void createBucketWithKms_keyboardOnly_storesTheRuleChosen() {
    signInWithKeys();
    assertThat(browser.driver().getTitle()).isEqualTo("Buckets · Coffer console");
    tabTo(button("Create Bucket"), "Create Bucket");
    assertFocusRing("the Create Bucket button");
    press(Keys.ENTER);
    waitUntil(labelled("Bucket Name"), "the panel focuses Bucket Name");
    browser.screenshot("create-panel-opened-by-keyboard");

    // A bad name is refused in the page: the alert is announced and the focus stays on the name.
    press("Bad_Name", Keys.ENTER);
    assertThat(browser.error()).contains("InvalidBucketName");
    assertThat(labelled("Bucket Name").test(active())).as("focus back on the name").isTrue();
    assertThat(active().getDomAttribute("aria-invalid")).isEqualTo("true");
    assertThat(oss.doesBucketExist("bad-name")).isFalse();
    browser.screenshot("bad-name-refused");
    press(Keys.END);
    for (int i = 0; i < "Bad_Name".length(); i++) press(Keys.BACK_SPACE);
    press("kbd-kms");
    assertThat(active().getDomProperty("value")).isEqualTo("kbd-kms");

    // Server-side Encryption: Encryption Method by arrows (None -> OSS-Managed -> KMS).
    WebElement method = tabTo(named("sse-method"), "the Encryption Method radios");
    assertThat(method.getDomAttribute("value")).isEqualTo("None");
    assertFocusRing("the Encryption Method radio");
    press(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
    assertThat(active().getDomAttribute("value")).isEqualTo("KMS");
    assertThat(checked(active())).isTrue();
    browser.waitFor(By.name("cmk"));

    WebElement algorithm = tabTo(named("sse-algorithm"), "the Encryption Algorithm radios");
    assertThat(algorithm.getDomAttribute("value")).isEqualTo("AES256");
    press(Keys.ARROW_RIGHT);
    assertThat(active().getDomAttribute("value")).isEqualTo("SM4");

    WebElement select = tabTo(named("cmk"), "the CMK select");
    assertFocusRing("the CMK select");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
        .until(d -> !d.findElements(By.cssSelector("select[name=cmk] option[value='" + cmk + "']")).isEmpty());
    for (int i = 0; i < 10 && !cmk.equals(select.getDomProperty("value")); i++) press(Keys.ARROW_DOWN);
    assertThat(select.getDomProperty("value")).as("the CMK picked with arrow keys").isEqualTo(cmk);
    browser.waitForText("Key spec: Aliyun_AES_256");

    // Shift-Tab goes back to the algorithm, still SM4; Tab returns to the select.
    shiftTab();
    assertThat(named("sse-algorithm").test(active())).as("Shift-Tab from the CMK select").isTrue();
    assertThat(active().getDomAttribute("value")).isEqualTo("SM4");
    press(Keys.TAB);
    assertThat(named("cmk").test(active())).as("Tab from the algorithm").isTrue();
    browser.screenshot("kms-sm4-cmk-chosen-by-keyboard");

    tabTo(button("OK"), "OK");
    assertFocusRing("the OK button");
    press(Keys.SPACE);
    browser.waitForText("Bucket kbd-kms was created.");
    waitUntil(button("Create Bucket"), "the closed panel hands the focus to Create Bucket");
    browser.screenshot("created");

    ServerSideEncryptionByDefault rule = oss.getBucketEncryption("kbd-kms").getApplyServerSideEncryptionByDefault();
    assertThat(rule.getSSEAlgorithm()).isEqualTo("KMS");
    assertThat(rule.getKMSMasterKeyID()).isEqualTo(cmk);
    assertThat(rule.getKMSDataEncryption()).isEqualTo("SM4");
  }

  @Test
  void createBucket_nameTakenRefusedByTheServer_announcesItAndKeepsTheFocus() {
    oss.createBucket("kbd-taken");
    signInWithKeys();
    tabTo(button("Create Bucket"), "Create Bucket");
    press(Keys.SPACE);
    waitUntil(labelled("Bucket Name"), "the panel focuses Bucket Name");
    press("kbd-taken");
    tabTo(button("OK"), "OK");
    press(Keys.ENTER);
    String alert = browser.error();
    assertThat(alert).contains("BucketAlreadyExists");
    browser.screenshot("taken-refused");
    // The button was disabled while the request ran; the focus must come back to it, not the page.
    waitUntil(button("OK"), "the focus returns to OK after the refusal");
    assertFocusRing("the OK button after the refusal");
    tabTo(button("Cancel"), "Cancel");
    press(Keys.ENTER);
    assertThat(browser.all(By.id("create-bucket"))).isEmpty();
    assertThat(button("Create Bucket").test(active())).as("the closed panel hands the focus back to Create Bucket, "
        + "not to the page (it is on " + describe(active()) + ")").isTrue();
  }

  @Test
  void basicSettingsConfigure_keyboardOnly_savesTheDefaultEncryption() {
    oss.createBucket("kbd-settings");
    signInWithKeys();
    browser.open("#/buckets/kbd-settings").waitFor(By.id("objects-table"));
    WebElement objectsTab = tabTo(e -> "tab".equals(e.getDomAttribute("role")), "the tabs");
    assertThat(objectsTab.getText()).isEqualTo("Objects");
    assertFocusRing("the Objects tab");
    // Arrows move between tabs and show the one reached; only the selected tab takes Tab.
    press(Keys.ARROW_RIGHT);
    assertThat(active().getText()).isEqualTo("Basic Settings");
    assertThat(active().getDomAttribute("aria-selected")).isEqualTo("true");
    assertThat(objectsTab.getDomAttribute("tabindex")).isEqualTo("-1");
    browser.waitFor(By.id("sse-title"));
    browser.screenshot("basic-settings-by-arrow-key");

    tabTo(button("Configure"), "Configure");
    press(Keys.ENTER);
    waitUntil(named("sse-method"), "Configure focuses the Encryption Method");
    assertThat(active().getDomAttribute("value")).isEqualTo("None");
    press(Keys.ARROW_RIGHT);
    assertThat(active().getDomAttribute("value")).isEqualTo("OSS");
    WebElement algorithm = tabTo(named("sse-algorithm"), "the Encryption Algorithm radios");
    assertThat(algorithm.getDomAttribute("value")).isEqualTo("AES256");
    tabTo(button("Save"), "Save");
    browser.screenshot("configure-oss-managed-by-keyboard");
    press(Keys.ENTER);
    browser.waitForText("The server-side encryption settings were saved.");
    waitUntil(button("Configure"), "the saved form hands the focus to Configure");
    browser.screenshot("saved");

    ServerSideEncryptionByDefault rule = oss.getBucketEncryption("kbd-settings").getApplyServerSideEncryptionByDefault();
    assertThat(rule.getSSEAlgorithm()).isEqualTo("AES256");
    assertThat(rule.getKMSMasterKeyID()).isNull();
  }
}
