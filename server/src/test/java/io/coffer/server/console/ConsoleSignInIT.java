package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.coffer.server.testing.CofferExtension;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;

/** Signing in and out of the console in a real browser, with the keyboard, and session expiry. */
class ConsoleSignInIT {
  @RegisterExtension @Order(1) static final CofferExtension coffer = new CofferExtension();
  @RegisterExtension @Order(2) static final ConsoleBrowser browser = new ConsoleBrowser(coffer);

  @Test
  void aWrongSecretIsRefusedWithAReason() {
    browser.open("#/buckets").waitFor(By.id("sign-in-form"));
    browser.fill("AccessKey ID", CofferExtension.ACCESS_KEY_ID).fill("AccessKey secret", "wrong");
    browser.screenshot("sign-in-form");
    browser.click("Sign in");
    assertThat(browser.error()).contains("InvalidCredentials").contains("not correct");
    browser.screenshot("refused");
    assertThat(browser.driver().manage().getCookieNamed(ConsoleApi.COOKIE)).isNull();
  }

  @Test
  void rootSignsInWithTheKeyboardAndSignsOut() {
    browser.open("#/buckets").waitFor(By.id("sign-in-form"));
    browser.field("AccessKey ID").sendKeys(CofferExtension.ACCESS_KEY_ID, Keys.TAB, CofferExtension.ACCESS_KEY_SECRET,
        Keys.ENTER);
    String who = browser.waitFor(By.id("signed-in-as")).getText();
    assertThat(who).contains("root");
    Cookie cookie = browser.driver().manage().getCookieNamed(ConsoleApi.COOKIE);
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    assertThat((Object) browser.script("return document.cookie")).isEqualTo("");
    browser.screenshot("signed-in");
    browser.click("Sign out");
    browser.waitFor(By.id("sign-in-form"));
    browser.waitForText("You have signed out.");
    browser.screenshot("signed-out");
  }

  @Test
  void aRamUserSeesItsOwnName() throws Exception {
    ConsoleFixtures.Key k = ConsoleFixtures.ramUser(coffer, "browser-alice", "System:ReadOnlyAccess");
    browser.signIn(k.id(), k.secret());
    assertThat(browser.waitFor(By.id("signed-in-as")).getText()).contains("browser-alice").contains("RAM user");
    browser.screenshot("ram-user");
  }

  @Test
  void anExpiredSessionReturnsToTheSignInFormWithTheReason() {
    browser.signInAsRoot();
    coffer.kmsClock().advance(ConsoleSessions.IDLE.plus(Duration.ofMinutes(1)));
    browser.open("#/buckets");
    browser.waitFor(By.id("sign-in-form"));
    browser.waitForText("Your session has expired");
    browser.screenshot("expired");
  }
}
