package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyuncs.kms.model.v20160120.CreateKeyRequest;
import com.aliyuncs.kms.model.v20160120.DecryptRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyResponse;
import com.aliyuncs.kms.model.v20160120.EncryptRequest;
import io.coffer.server.testing.CofferExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Bring your own key in a real browser, as seed 001's operator does it in the KMS console: an
 * External key, the wrapping public key and import token from the page, material wrapped locally
 * with RSAES_OAEP_SHA_256 (as the KMS guide's openssl steps do), typed in or uploaded as a file,
 * then refused re-imports and a deletion of the material. The official KMS SDK checks each outcome.
 */
class ConsoleKmsImportIT {
  @RegisterExtension @Order(1) static final CofferExtension coffer = new CofferExtension();
  @RegisterExtension @Order(2) static final ConsoleBrowser browser = new ConsoleBrowser(coffer);
  static final SecureRandom RANDOM = new SecureRandom();
  @TempDir Path tmp;

  /** RSAES_OAEP_SHA_256 with the public key from the page: OAEP SHA-256 with MGF1 SHA-256 spelled out. */
  static String wrap(String publicKeyBase64, byte[] material) throws Exception {
    return Base64.getEncoder().encodeToString(wrapRaw(publicKeyBase64, material));
  }

  static byte[] wrapRaw(String publicKeyBase64, byte[] material) throws Exception {
    PublicKey pub = KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
    Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
    c.init(Cipher.ENCRYPT_MODE, pub,
        new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    return c.doFinal(material);
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  static String value(String label) {
    return browser.field(label).getDomProperty("value");
  }

  /** Gets import parameters in the page and returns the public key it shows. */
  static String getImportParameters() {
    browser.choose("Wrapping Algorithm", "RSAES_OAEP_SHA_256");
    browser.click("Get Import Parameters");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
        .until(d -> !value("Public key (Base64)").isEmpty());
    String token = value("Import token");
    assertThat(token).isNotEmpty();
    assertThat(value("Token")).as("step 2 is pre-filled").isEqualTo(token);
    assertThat(browser.waitFor(By.id("token-expiry")).getText()).isNotEmpty();
    return value("Public key (Base64)");
  }

  static String encrypt(String keyId, String text) throws Exception {
    EncryptRequest e = new EncryptRequest();
    e.setKeyId(keyId);
    e.setPlaintext(text);
    return coffer.kms().call(e).getCiphertextBlob();
  }

  static String decrypt(String blob) throws Exception {
    DecryptRequest d = new DecryptRequest();
    d.setCiphertextBlob(blob);
    return coffer.kms().call(d).getPlaintext();
  }

  @Test
  void externalKey_importedFromThePage_isEnabled_andRefusesOtherMaterialAndBadTokens() throws Exception {
    browser.signInAsRoot().open("#/kms");
    browser.click("Create Key");
    browser.fill("Description", "bring your own key");
    browser.check("External (BYOK)");
    assertThat(browser.field("Automatic Rotation").isEnabled()).as("imported material cannot rotate").isFalse();
    assertThat(browser.field("Rotation Period (days)").isEnabled()).isFalse();
    browser.screenshot("create-external-key");
    browser.click("Create");
    String keyId = browser.waitFor(By.id("created-key")).getText();
    assertThat(ConsoleKmsSteps.row(browser, keyId).getText()).contains("PendingImport").contains("External");
    DescribeKeyResponse.KeyMetadata created = ConsoleKmsSteps.describe(coffer, keyId);
    assertThat(created.getOrigin()).isEqualTo("EXTERNAL");
    assertThat(created.getKeyState()).isEqualTo("PendingImport");
    browser.screenshot("pending-import");

    browser.clickLink(keyId);
    ConsoleKmsSteps.waitForState(browser, "PendingImport");
    String publicKey = getImportParameters();
    browser.screenshot("import-parameters");
    browser.driver().findElement(By.linkText("Download public key")).click();
    Path downloaded = browser.downloads().resolve("publickey_" + keyId + ".txt");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> Files.isRegularFile(downloaded));
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> publicKey.equals(read(downloaded)));

    byte[] material = random(32);
    browser.fill("Encrypted key material (Base64)", wrap(publicKey, material));
    browser.check("On date");
    LocalDate expiryDay = LocalDate.now(ZoneOffset.UTC).plusDays(30);
    browser.script("arguments[0].value = arguments[1];", browser.field("Expiry date"), expiryDay.toString());
    browser.screenshot("material-entered");
    browser.click("Import");
    ConsoleKmsSteps.waitForState(browser, "Enabled");
    browser.waitForText("Key material imported.");
    String shownExpiry = browser.waitFor(By.id("material-expiry")).getText();
    assertThat(shownExpiry).isNotEqualTo("Never").isNotEqualTo("No key material");
    browser.screenshot("imported");

    DescribeKeyResponse.KeyMetadata m = ConsoleKmsSteps.describe(coffer, keyId);
    assertThat(m.getKeyState()).isEqualTo("Enabled");
    Instant expires = Instant.parse(m.getMaterialExpireTime());
    Instant day = expiryDay.atStartOfDay(ZoneOffset.UTC).toInstant();
    assertThat(expires).as("the start of the chosen day in the browser's zone")
        .isBetween(day.minus(Duration.ofHours(14)), day.plus(Duration.ofHours(14)));
    String blob = encrypt(keyId, "sealed by imported material");
    assertThat(decrypt(blob)).isEqualTo("sealed by imported material");

    browser.fill("Encrypted key material (Base64)", wrap(publicKey, random(32)));
    browser.click("Import");
    assertThat(browser.error()).contains("InvalidKeyMaterial");
    browser.screenshot("other-material-refused");
    assertThat(ConsoleKmsSteps.describe(coffer, keyId).getMaterialExpireTime()).isEqualTo(m.getMaterialExpireTime());
    assertThat(decrypt(blob)).isEqualTo("sealed by imported material");

    browser.fill("Encrypted key material (Base64)", wrap(publicKey, material));
    browser.fill("Token", "bm90LWEtdG9rZW4=");
    browser.click("Import");
    browser.waitForText("InvalidImportToken");
    browser.screenshot("garbage-token-refused");
    assertThat(ConsoleKmsSteps.describe(coffer, keyId).getKeyState()).isEqualTo("Enabled");

    browser.click("Delete Key Material");
    browser.screenshot("confirm-delete-material");
    browser.click("Confirm");
    ConsoleKmsSteps.waitForState(browser, "PendingImport");
    assertThat(browser.waitFor(By.id("material-expiry")).getText()).isEqualTo("No key material");
    assertThat(ConsoleKmsSteps.describe(coffer, keyId).getKeyState()).isEqualTo("PendingImport");
    browser.screenshot("material-deleted");
  }

  @Test
  void wrappedMaterial_uploadedAsAFile_isBase64edByThePage_andNeverExpires() throws Exception {
    CreateKeyRequest r = new CreateKeyRequest();
    r.setOrigin("EXTERNAL");
    String keyId = coffer.kms().call(r).getKeyMetadata().getKeyId();
    browser.signInAsRoot().open("#/kms/" + keyId);
    ConsoleKmsSteps.waitForState(browser, "PendingImport");
    String publicKey = getImportParameters();

    Path shortFile = tmp.resolve("short-material.bin");
    Files.write(shortFile, wrapRaw(publicKey, random(16)));
    browser.field("Encrypted key material file").sendKeys(shortFile.toAbsolutePath().toString());
    browser.waitForText("Read 256 bytes from short-material.bin");
    browser.click("Import");
    assertThat(browser.error()).contains("InvalidKeyMaterial");
    browser.screenshot("wrong-length-refused");
    assertThat(ConsoleKmsSteps.describe(coffer, keyId).getKeyState()).isEqualTo("PendingImport");

    byte[] wrapped = wrapRaw(publicKey, random(32));
    Path file = tmp.resolve("EncryptedKeyMaterial.bin");
    Files.write(file, wrapped);
    browser.field("Encrypted key material file").sendKeys(file.toAbsolutePath().toString());
    String expected = Base64.getEncoder().encodeToString(wrapped);
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
        .until(d -> expected.equals(value("Encrypted key material (Base64)")));
    assertThat(browser.field("Never").isSelected()).isTrue();
    browser.screenshot("file-chosen");
    browser.click("Import");
    ConsoleKmsSteps.waitForState(browser, "Enabled");
    assertThat(browser.waitFor(By.id("material-expiry")).getText()).isEqualTo("Never");
    browser.screenshot("imported-from-file");

    DescribeKeyResponse.KeyMetadata m = ConsoleKmsSteps.describe(coffer, keyId);
    assertThat(m.getKeyState()).isEqualTo("Enabled");
    assertThat(m.getMaterialExpireTime()).isEmpty();
    assertThat(decrypt(encrypt(keyId, "from a file"))).isEqualTo("from a file");
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return null;
    }
  }
}
