package io.coffer.server.console;

import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyResponse;
import io.coffer.server.testing.CofferExtension;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Steps the KMS console tests share: reading the key pages, and DescribeKey through the SDK. */
final class ConsoleKmsSteps {
  private ConsoleKmsSteps() {}

  static DescribeKeyResponse.KeyMetadata describe(CofferExtension coffer, String keyId) throws Exception {
    DescribeKeyRequest r = new DescribeKeyRequest();
    r.setKeyId(keyId);
    return coffer.kms().call(r).getKeyMetadata();
  }

  /** Waits until the key page shows this state (the page is rebuilt after every change). */
  static void waitForState(ConsoleBrowser browser, String state) {
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.id("key-state")).getText().equals(state));
  }

  /** The row of the keys table for this key. */
  static WebElement row(ConsoleBrowser browser, String keyId) {
    return browser.waitFor(By.xpath("//table[@id='kms-keys']//tr[td/a[normalize-space()="
        + ConsoleBrowser.xpathString(keyId) + "]]"));
  }
}
