package io.coffer.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.ServerSideEncryptionByDefault;
import com.aliyun.oss.model.ServerSideEncryptionConfiguration;
import com.aliyun.oss.model.SetBucketEncryptionRequest;
import io.coffer.server.testing.CofferExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Objects area in headless Chromium: uploads with a per-object encryption choice (KMS under a
 * CMK picked from the region's keys, a bucket's SM4 default, a multipart upload with its progress
 * bar), browsing, creating and deleting folders, downloading, encrypting in place and deleting.
 * Every outcome is checked with the OSS SDK.
 */
class ConsoleObjectsIT {
  @RegisterExtension @Order(1) static final CofferExtension coffer = new CofferExtension();
  @RegisterExtension @Order(2) static final ConsoleBrowser browser = new ConsoleBrowser(coffer);
  static OSS oss;
  static String cmk;
  static Path files;

  @BeforeAll
  static void setUp() throws Exception {
    oss = coffer.client();
    cmk = ConsoleFixtures.cmk(coffer, "alias/console-objects");
    for (String b : List.of("obj-kms", "obj-sm4", "obj-big", "obj-browse", "obj-down", "obj-copy", "obj-delete", "obj-many",
        "obj-folders", "obj-rmdir")) {
      oss.createBucket(b);
    }
    ServerSideEncryptionByDefault sm4 = new ServerSideEncryptionByDefault().withSSEAlgorithm("SM4");
    ServerSideEncryptionConfiguration conf = new ServerSideEncryptionConfiguration();
    conf.setApplyServerSideEncryptionByDefault(sm4);
    oss.setBucketEncryption(new SetBucketEncryptionRequest("obj-sm4", conf));
    files = Files.createTempDirectory("coffer-upload-files-");
  }

  @AfterAll
  static void tearDown() throws IOException {
    CofferExtension.deleteTree(files);
  }

  static Path file(String name, byte[] content) throws IOException {
    return Files.write(files.resolve(name), content);
  }

  /** The value the details view shows for {@code term}. */
  static String detail(String term) {
    return browser.waitFor(By.xpath("//dl[@id='object-details']/dt[normalize-space()=" + ConsoleBrowser.xpathString(term)
        + "]/following-sibling::dd[1]")).getText();
  }

  static void chooseFile(Path p) {
    browser.field("File").sendKeys(p.toAbsolutePath().toString());
  }

  /** Waits for the CMK picker (labelled {@code CMK}) to list the option with this text. */
  static void waitForCmkOption(String text) {
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15)).until(d -> browser.field("CMK")
        .findElements(By.xpath("option[normalize-space()=" + ConsoleBrowser.xpathString(text) + "]")).size() == 1);
  }

  static String md5(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("MD5");
    try (in) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  @Test
  void upload_withKmsUnderACmkPickedFromTheList_detailsShowTheMethodKeyAndCrcTheSdkSees() throws Exception {
    Path f = file("report.txt", "quarterly numbers\n".getBytes(StandardCharsets.UTF_8));
    browser.signInAsRoot().open("#/buckets/obj-kms");
    browser.waitFor(By.id("objects-table"));
    browser.waitForText("This bucket has no objects yet.");
    chooseFile(f);
    browser.choose("Encryption", "KMS");
    // The key made with the KMS SDK is offered by the same picker the buckets use.
    waitForCmkOption(cmk + " (alias/console-objects)");
    browser.choose("CMK", cmk + " (alias/console-objects)");
    assertThat(browser.all(By.xpath("//label[normalize-space()='CMK ID']")).get(0).isDisplayed())
        .as("only for Specify a CMK ID").isFalse();
    browser.screenshot("upload-form-kms");
    browser.click("Upload");
    browser.waitForText("Uploaded report.txt");
    browser.waitFor(By.xpath("//table[@id='objects-table']//a[normalize-space()='report.txt']"));
    browser.screenshot("uploaded");

    ObjectMetadata head = oss.getObjectMetadata("obj-kms", "report.txt");
    assertThat(head.getServerSideEncryption()).isEqualTo("KMS");
    assertThat(head.getServerSideEncryptionKeyId()).isEqualTo(cmk);
    assertThat(head.getContentType()).isEqualTo("text/plain");

    browser.clickLink("report.txt");
    assertThat(detail("Encryption method")).isEqualTo("KMS").isEqualTo(head.getServerSideEncryption());
    assertThat(detail("KMS key ID")).isEqualTo(cmk);
    assertThat(detail("Data encryption")).isEqualTo("None");
    assertThat(detail("CRC-64")).isEqualTo(head.getRawMetadata().get("x-oss-hash-crc64ecma"));
    assertThat(detail("ETag")).isEqualTo(head.getETag());
    assertThat(detail("Content-MD5")).isEqualTo(head.getContentMD5());
    assertThat(detail("Size")).contains("(18 bytes)");
    browser.screenshot("details");
  }

  @Test
  void upload_intoABucketWhoseDefaultIsSm4_getsSm4() throws Exception {
    Path f = file("default.bin", new byte[] {1, 2, 3, 4});
    browser.signInAsRoot().open("#/buckets/obj-sm4");
    browser.waitFor(By.id("objects-table"));
    chooseFile(f);
    browser.fill("Object name", "in/default.bin");
    browser.choose("Encryption", "Bucket default");
    browser.click("Upload");
    browser.waitForText("Uploaded in/default.bin");
    browser.waitForText("OSS-Managed (SM4)");
    browser.screenshot("uploaded-sm4");
    assertThat(oss.getObjectMetadata("obj-sm4", "in/default.bin").getServerSideEncryption()).isEqualTo("SM4");
    browser.clickLink("in/default.bin");
    assertThat(detail("Encryption method")).isEqualTo("SM4");
    assertThat(detail("KMS key ID")).isEqualTo("—");
    browser.screenshot("details-sm4");
  }

  @Test
  void upload_ofALargeFile_goesMultipartAndTheProgressBarReaches100() throws Exception {
    byte[] content = new byte[20 * 1024 * 1024 + 12345];
    new Random(7).nextBytes(content);
    Path f = file("large.bin", content);
    browser.signInAsRoot().open("#/buckets/obj-big");
    browser.waitFor(By.id("objects-table"));
    chooseFile(f);
    browser.choose("Encryption", "KMS with SM4 data encryption");
    browser.screenshot("large-chosen");
    browser.click("Upload");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(45))
        .until(d -> d.findElement(By.tagName("body")).getText().contains("Uploaded large.bin"));
    WebElement progress = browser.field("Upload progress");
    assertThat(progress.getDomProperty("value")).isEqualTo("100");
    assertThat(browser.waitFor(By.id("upload-percent")).getText()).isEqualTo("100 %");
    browser.screenshot("large-uploaded");

    ObjectMetadata head = oss.getObjectMetadata("obj-big", "large.bin");
    assertThat(head.getETag()).endsWith("-3");
    assertThat(head.getContentLength()).isEqualTo(content.length);
    assertThat(head.getServerSideEncryption()).isEqualTo("KMS");
    assertThat(head.getServerSideDataEncryption()).isEqualTo("SM4");
    assertThat(md5(oss.getObject("obj-big", "large.bin").getObjectContent()))
        .isEqualTo(md5(new ByteArrayInputStream(content)));
    assertThat(oss.listMultipartUploads(new com.aliyun.oss.model.ListMultipartUploadsRequest("obj-big"))
        .getMultipartUploads()).isEmpty();
  }

  @Test
  void folders_browseByPrefixWithBreadcrumbs() throws Exception {
    for (String k : List.of("docs/2024/a.txt", "docs/b.txt", "top.txt")) {
      oss.putObject("obj-browse", k, new ByteArrayInputStream(k.getBytes(StandardCharsets.UTF_8)));
    }
    browser.signInAsRoot().open("#/buckets/obj-browse");
    browser.waitFor(By.xpath("//table[@id='objects-table']//a[normalize-space()='docs/']"));
    assertThat(rowNames()).containsExactly("docs/", "top.txt");
    browser.screenshot("root");
    browser.clickLink("docs/");
    browser.waitForText("Folder docs/");
    browser.waitFor(By.xpath("//table[@id='objects-table']//a[normalize-space()='2024/']"));
    assertThat(rowNames()).containsExactly("2024/", "b.txt");
    browser.screenshot("docs");
    browser.clickLink("2024/");
    browser.waitForText("Folder docs/2024/");
    browser.waitFor(By.xpath("//table[@id='objects-table']//a[normalize-space()='a.txt']"));
    assertThat(rowNames()).containsExactly("a.txt");
    browser.screenshot("docs-2024");
    browser.clickLink("obj-browse");
    browser.waitFor(By.xpath("//table[@id='objects-table']//a[normalize-space()='top.txt']"));
    assertThat(rowNames()).containsExactly("docs/", "top.txt");
  }

  @Test
  void listing_longerThanAPage_loadsMoreOnRequest() throws Exception {
    for (int i = 0; i < 103; i++) {
      oss.putObject("obj-many", String.format("item-%03d", i), new ByteArrayInputStream(new byte[] {(byte) i}));
    }
    browser.signInAsRoot().open("#/buckets/obj-many");
    browser.waitFor(By.xpath("//table[@id='objects-table']//a[normalize-space()='item-099']"));
    assertThat(rowNames()).hasSize(100).doesNotContain("item-100");
    browser.click("Load more");
    browser.waitFor(By.xpath("//table[@id='objects-table']//a[normalize-space()='item-102']"));
    assertThat(rowNames()).hasSize(103).startsWith("item-000").endsWith("item-102");
    assertThat(browser.all(By.xpath("//button[normalize-space()='Load more']"))).isEmpty();
    browser.screenshot("all-loaded");
  }

  static List<String> rowNames() {
    return browser.all(By.cssSelector("#objects-table tbody td:nth-child(2) a")).stream().map(WebElement::getText).toList();
  }

  @Test
  void download_writesTheObjectsBytesToDisk() throws Exception {
    byte[] content = new byte[300_000];
    new Random(11).nextBytes(content);
    ObjectMetadata m = new ObjectMetadata();
    m.setServerSideEncryption("KMS");
    m.setServerSideEncryptionKeyId(cmk);
    oss.putObject("obj-down", "dir/payload.bin", new ByteArrayInputStream(content), m);
    browser.signInAsRoot().open("#/buckets/obj-down/object?key=dir%2Fpayload.bin");
    assertThat(detail("Encryption method")).isEqualTo("KMS");
    browser.screenshot("details");
    browser.click("Download");
    Path saved = browser.downloads().resolve("payload.bin");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
        .until(d -> Files.exists(saved) && sizeOf(saved) == content.length);
    assertThat(Files.readAllBytes(saved)).isEqualTo(content);
    browser.screenshot("downloaded");
  }

  static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void encryptInPlace_fromNoneToKms_theSdkSeesTheNewEncryptionAndTheSameBytes() throws Exception {
    ObjectMetadata meta = new ObjectMetadata();
    meta.setContentType("text/csv");
    meta.addUserMetadata("team", "finance");
    oss.putObject("obj-copy", "ledger.csv", new ByteArrayInputStream("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)),
        meta);
    ObjectMetadata before = oss.getObjectMetadata("obj-copy", "ledger.csv");
    browser.signInAsRoot().open("#/buckets/obj-copy/object?key=ledger.csv");
    assertThat(detail("Encryption method")).isEqualTo("None");
    browser.screenshot("before");
    browser.choose("Encryption", "KMS");
    waitForCmkOption("Specify a CMK ID");
    browser.choose("CMK", "Specify a CMK ID");
    browser.click("Save");
    assertThat(browser.error()).contains("InvalidArgument").contains("Enter the CMK ID");
    assertThat(browser.field("CMK ID").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(oss.getObjectMetadata("obj-copy", "ledger.csv").getServerSideEncryption()).as("nothing sent").isNull();
    browser.fill("CMK ID", cmk);
    browser.screenshot("cmk-specified");
    browser.click("Save");
    browser.waitForText("Saved: ledger.csv is now stored with encryption KMS under CMK " + cmk);
    assertThat(detail("Encryption method")).isEqualTo("KMS");
    assertThat(detail("KMS key ID")).isEqualTo(cmk);
    browser.screenshot("after");

    ObjectMetadata after = oss.getObjectMetadata("obj-copy", "ledger.csv");
    assertThat(after.getServerSideEncryption()).isEqualTo("KMS");
    assertThat(after.getServerSideEncryptionKeyId()).isEqualTo(cmk);
    assertThat(after.getETag()).isEqualTo(before.getETag());
    assertThat(after.getContentType()).isEqualTo("text/csv");
    assertThat(after.getUserMetadata()).containsEntry("team", "finance");
    assertThat(new String(oss.getObject("obj-copy", "ledger.csv").getObjectContent().readAllBytes(),
        StandardCharsets.UTF_8)).isEqualTo("a,b\n1,2\n");
  }

  @Test
  void delete_asksForConfirmationThenRemovesOnlyThatObject() throws Exception {
    for (String k : List.of("gone.txt", "stays.txt", "also-gone.txt")) {
      oss.putObject("obj-delete", k, new ByteArrayInputStream(k.getBytes(StandardCharsets.UTF_8)));
    }
    browser.signInAsRoot().open("#/buckets/obj-delete");
    browser.waitFor(By.xpath("//button[@aria-label='Delete gone.txt']")).click();
    WebElement confirm = browser.waitFor(By.cssSelector("[role=alertdialog]"));
    assertThat(confirm.getText()).contains("Delete gone.txt?");
    browser.screenshot("confirm");
    browser.click("Cancel");
    assertThat(oss.doesObjectExist("obj-delete", "gone.txt")).as("cancel keeps it").isTrue();
    browser.waitFor(By.xpath("//button[@aria-label='Delete gone.txt']")).click();
    browser.waitFor(By.cssSelector("[role=alertdialog]")).findElement(By.xpath(".//button[normalize-space()='Delete']"))
        .click();
    browser.waitForText("Deleted gone.txt.");
    browser.screenshot("deleted");
    assertThat(oss.doesObjectExist("obj-delete", "gone.txt")).isFalse();
    assertThat(rowNames()).containsExactly("also-gone.txt", "stays.txt");

    browser.clickLink("also-gone.txt");
    detail("Object name");
    browser.click("Delete");
    browser.waitFor(By.cssSelector("[role=alertdialog]")).findElement(By.xpath(".//button[normalize-space()='Delete']"))
        .click();
    browser.waitFor(By.xpath("//table[@id='objects-table']//a[normalize-space()='stays.txt']"));
    assertThat(rowNames()).containsExactly("stays.txt");
    assertThat(oss.doesObjectExist("obj-delete", "also-gone.txt")).isFalse();
    assertThat(oss.doesObjectExist("obj-delete", "stays.txt")).isTrue();
  }

  @Test
  void createFolder_refusesBadNames_thenMakesAnEmptyObjectListedAsAFolder() throws Exception {
    browser.signInAsRoot().open("#/buckets/obj-folders");
    browser.waitForText("This bucket has no objects yet.");
    browser.click("Create Folder");
    browser.fill("Folder name", "a//b");
    browser.click("OK");
    assertThat(browser.error()).contains("InvalidObjectName").contains("\"//\"");
    assertThat(browser.field("Folder name").getAttribute("aria-invalid")).isEqualTo("true");
    browser.screenshot("double-slash-refused");
    browser.fill("Folder name", "/lead");
    browser.click("OK");
    browser.waitForText("must not start with \"/\"");
    browser.script("arguments[0].value = arguments[1]", browser.field("Folder name"), "x".repeat(1023));
    browser.click("OK");
    browser.waitForText("at most 1,023 bytes");
    browser.screenshot("too-long-refused");
    // The page lets a leading backslash through; core's ObjectKey refuses it.
    browser.fill("Folder name", "\\lead");
    browser.click("OK");
    browser.waitForText("The specified object is not valid.");
    assertThat(browser.error()).contains("InvalidObjectName");
    browser.screenshot("server-refused");
    assertThat(oss.listObjects("obj-folders").getObjectSummaries()).as("refusals change nothing").isEmpty();

    browser.fill("Folder name", "reports");
    browser.screenshot("create-folder-form");
    browser.click("OK");
    browser.waitForText("Folder reports/ was created.");
    browser.waitFor(By.xpath("//table[@id='objects-table']//a[normalize-space()='reports/']"));
    assertThat(rowNames()).containsExactly("reports/");
    assertThat(browser.all(By.id("create-folder"))).as("the panel closes").isEmpty();
    browser.screenshot("folder-created");
    assertThat(oss.getObjectMetadata("obj-folders", "reports/").getContentLength()).isZero();

    browser.clickLink("reports/");
    browser.waitForText("Folder reports/");
    browser.waitForText("This folder is empty.");
    browser.click("Create Folder");
    browser.fill("Folder name", "2024/");
    browser.click("OK");
    browser.waitForText("Folder reports/2024/ was created.");
    browser.waitFor(By.xpath("//table[@id='objects-table']//a[normalize-space()='2024/']"));
    assertThat(rowNames()).as("the folder's own object is not a row in it").containsExactly("2024/");
    browser.screenshot("nested-folder-created");
    browser.click("Create Folder");
    browser.fill("Folder name", "2024");
    browser.click("OK");
    assertThat(browser.error()).as("an existing folder is kept").contains("FileAlreadyExists");
    browser.screenshot("existing-folder-refused");
    assertThat(oss.listObjects("obj-folders").getObjectSummaries()).extracting(s -> s.getKey())
        .containsExactly("reports/", "reports/2024/");
  }

  @Test
  void deleteFolder_refusesANonEmptyFolder_andDeletesAnEmptyOne() throws Exception {
    for (String k : List.of("logs/", "logs/today.txt", "empty/")) {
      oss.putObject("obj-rmdir", k, new ByteArrayInputStream(k.endsWith("/") ? new byte[0]
          : k.getBytes(StandardCharsets.UTF_8)));
    }
    browser.signInAsRoot().open("#/buckets/obj-rmdir");
    browser.waitFor(By.xpath("//button[@aria-label='Delete logs/']")).click();
    assertThat(browser.error()).contains("FolderNotEmpty").contains("Delete the objects in it first");
    assertThat(browser.all(By.cssSelector("[role=alertdialog]"))).as("no confirmation for a refusal").isEmpty();
    browser.screenshot("non-empty-refused");
    assertThat(oss.listObjects("obj-rmdir").getObjectSummaries()).extracting(s -> s.getKey())
        .containsExactly("empty/", "logs/", "logs/today.txt");

    browser.waitFor(By.xpath("//button[@aria-label='Delete empty/']")).click();
    WebElement confirm = browser.waitFor(By.cssSelector("[role=alertdialog]"));
    assertThat(confirm.getText()).contains("Delete the empty folder empty/?");
    browser.screenshot("confirm-empty");
    confirm.findElement(By.xpath(".//button[normalize-space()='Delete']")).click();
    browser.waitForText("Deleted the folder empty/.");
    browser.waitFor(By.xpath("//table[@id='objects-table']//a[normalize-space()='logs/']"));
    assertThat(rowNames()).containsExactly("logs/");
    browser.screenshot("empty-deleted");
    assertThat(oss.doesObjectExist("obj-rmdir", "empty/")).isFalse();

    // Emptied in the page, the folder can go too.
    browser.clickLink("logs/");
    browser.waitFor(By.xpath("//button[@aria-label='Delete today.txt']")).click();
    browser.waitFor(By.cssSelector("[role=alertdialog]")).findElement(By.xpath(".//button[normalize-space()='Delete']"))
        .click();
    browser.waitForText("This folder is empty.");
    browser.clickLink("obj-rmdir");
    browser.waitFor(By.xpath("//button[@aria-label='Delete logs/']")).click();
    browser.waitFor(By.cssSelector("[role=alertdialog]")).findElement(By.xpath(".//button[normalize-space()='Delete']"))
        .click();
    browser.waitForText("Deleted the folder logs/.");
    browser.waitForText("This bucket has no objects yet.");
    browser.screenshot("emptied-folder-deleted");
    assertThat(oss.listObjects("obj-rmdir").getObjectSummaries()).isEmpty();
  }
}
