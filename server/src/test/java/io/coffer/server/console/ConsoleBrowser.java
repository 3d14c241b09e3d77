package io.coffer.server.console;

import io.coffer.server.testing.CofferExtension;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the console in Debian's headless Chromium through Debian's ChromeDriver, both named by
 * path so Selenium Manager never runs (it would download a driver). One browser per test class,
 * cookies cleared before each test. Every step a test names is saved as a screenshot under
 * {@code target/console-screenshots/<class>/<test>/}, and a failing test gets a last one.
 *
 * <p>Register as a static extension after the {@link CofferExtension} it browses.
 */
public final class ConsoleBrowser implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
    AfterEachCallback {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final CofferExtension coffer;
  private ChromeDriverService service;
  private ChromeDriver driver;
  private Path profile;
  private Path downloads;
  private Path shots;
  private int shot;

  public ConsoleBrowser(CofferExtension coffer) {
    this.coffer = coffer;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("The console tests need Debian's chromium and chromium-driver (" + CHROMIUM
          + ", " + CHROMEDRIVER + "); `./coffer test` installs them.");
    }
    profile = Files.createTempDirectory("coffer-chromium-");
    downloads = Files.createTempDirectory("coffer-downloads-");
    service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // The flags this machine's probe found necessary: without the background-networking ones,
    // Chromium keeps trying hosts the closed network refuses.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile);
    options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    driver = new ChromeDriver(service, options);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (driver != null) driver.quit();
    if (service != null) service.stop();
    if (profile != null) CofferExtension.deleteTree(profile);
    if (downloads != null) CofferExtension.deleteTree(downloads);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    shots = Path.of("target", "console-screenshots", context.getRequiredTestClass().getSimpleName(),
        context.getRequiredTestMethod().getName());
    // A test's screenshots are those of its last run only.
    if (Files.exists(shots)) CofferExtension.deleteTree(shots);
    Files.createDirectories(shots);
    shot = 0;
    driver.get(base() + "/health");
    driver.manage().deleteAllCookies();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) screenshot("failure");
  }

  public WebDriver driver() {
    return driver;
  }

  public String base() {
    return "http://127.0.0.1:" + coffer.server().consolePort();
  }

  /** Where downloads land. */
  public Path downloads() {
    return downloads;
  }

  /** Loads the console at {@code hash} (e.g. {@code #/buckets}), reloading the page. */
  public ConsoleBrowser open(String hash) {
    String url = base() + "/" + hash;
    if (url.equals(driver.getCurrentUrl())) driver.navigate().refresh();
    else driver.get(url);
    return this;
  }

  /** Signs in at the sign-in form and waits for the console. */
  public ConsoleBrowser signIn(String accessKeyId, String secret) {
    open("#/buckets");
    waitFor(By.id("sign-in-form"));
    fill("AccessKey ID", accessKeyId);
    fill("AccessKey secret", secret);
    click("Sign in");
    waitFor(By.id("signed-in-as"));
    return this;
  }

  public ConsoleBrowser signInAsRoot() {
    return signIn(CofferExtension.ACCESS_KEY_ID, CofferExtension.ACCESS_KEY_SECRET);
  }

  /** The control a {@code <label>} with exactly this text names. */
  public WebElement field(String label) {
    WebElement l = waitFor(By.xpath("//label[normalize-space()=" + xpathString(label) + "]"));
    return driver.findElement(By.id(l.getAttribute("for")));
  }

  public ConsoleBrowser fill(String label, String value) {
    WebElement f = field(label);
    f.clear();
    f.sendKeys(value);
    return this;
  }

  /** Picks the option with this visible text in the select the label names. */
  public ConsoleBrowser choose(String label, String option) {
    new Select(field(label)).selectByVisibleText(option);
    return this;
  }

  /** Clicks the radio button or checkbox whose label has this text. */
  public ConsoleBrowser check(String label) {
    WebElement f = field(label);
    if (!f.isSelected()) f.click();
    return this;
  }

  /** Clicks the enabled button with this text (the first, or the one inside {@code scope}). */
  public ConsoleBrowser click(String buttonText) {
    By b = By.xpath("//button[normalize-space()=" + xpathString(buttonText) + " and not(@disabled)]");
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(b)).click();
    return this;
  }

  public ConsoleBrowser clickLink(String text) {
    By b = By.xpath("//a[normalize-space()=" + xpathString(text) + "]");
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.elementToBeClickable(b)).click();
    return this;
  }

  public WebElement waitFor(By by) {
    return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Waits until the page shows {@code text} somewhere in the main view. */
  public ConsoleBrowser waitForText(String text) {
    new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.tagName("body")).getText().contains(text));
    return this;
  }

  /** The text of the error box that appears next (waits for one). */
  public String error() {
    return waitFor(By.cssSelector("[role=alert].error")).getText();
  }

  public List<WebElement> all(By by) {
    return driver.findElements(by);
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Saves a screenshot named {@code name} (numbered in order) as a test artifact. */
  public Path screenshot(String name) {
    try {
      shot++;
      File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
      Path to = shots.resolve(String.format("%02d-%s.png", shot, name.replaceAll("[^A-Za-z0-9_-]", "-")));
      Files.copy(f.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
      return to;
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("screenshot " + name + " failed", e);
    }
  }

  static String xpathString(String s) {
    if (!s.contains("'")) return "'" + s + "'";
    return "concat('" + s.replace("'", "', \"'\", '") + "')";
  }
}
