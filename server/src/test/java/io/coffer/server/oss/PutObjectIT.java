package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PutObjectResult;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawSocket;
import io.coffer.server.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PutObject's checks: digests, overwrite protection, bodies of unknown length, header-block sizes. */
class PutObjectIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "puts";
  static OSS v1;
  static OSS v4;
  static RawSocket raw;

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
    raw = RawSocket.of(coffer);
  }

  static OSS oss(String version) {
    return version.equals("v4") ? v4 : v1;
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void putObject_matchingContentMd5_isStored(String version) throws Exception {
    byte[] data = TestData.random(4096, 1);
    ObjectMetadata m = new ObjectMetadata();
    m.setContentMD5(TestData.md5Base64(data));
    oss(version).putObject(BUCKET, "md5-ok-" + version, new ByteArrayInputStream(data), m);
    assertThat(TestData.read(v1, BUCKET, "md5-ok-" + version)).isEqualTo(data);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void putObject_wrongContentMd5_isInvalidDigestAndObjectUnchanged(String version) throws Exception {
    String key = "md5-wrong-" + version;
    byte[] before = TestData.random(100, 2);
    v1.putObject(BUCKET, key, new ByteArrayInputStream(before));
    byte[] attempt = TestData.random(100, 3);
    ObjectMetadata m = new ObjectMetadata();
    m.setContentLength(attempt.length);
    m.setContentMD5(TestData.md5Base64(before));
    assertThatThrownBy(() -> oss(version).putObject(BUCKET, key, new ByteArrayInputStream(attempt), m))
        .isInstanceOfSatisfying(OSSException.class, e -> {
          assertThat(e.getErrorCode()).isEqualTo("InvalidDigest");
          assertThat(e.getMessage()).startsWith("The Content-MD5 you specified was invalid.");
        });
    assertThat(TestData.read(v1, BUCKET, key)).isEqualTo(before);
    assertThat(v1.getObjectMetadata(BUCKET, key).getETag()).isEqualTo(TestData.etag(before));
  }

  @Test
  void putObject_contentMd5NotBase64Of16Bytes_isInvalidDigestAndCreatesNothing() throws Exception {
    for (String bad : new String[] {"not base64!", "AAAA", TestData.md5Base64(new byte[0]) + "AAAA"}) {
      RawSocket.Response r = raw.request("PUT", BUCKET, "md5-malformed").header("Content-MD5", bad).body("abc").send();
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.xmlElement("Code")).isEqualTo("InvalidDigest");
    }
    assertThat(v1.doesObjectExist(BUCKET, "md5-malformed")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void putObject_forbidOverwriteOnExistingKey_isFileAlreadyExistsAndObjectUnchanged(String version) throws Exception {
    String key = "forbid-" + version;
    byte[] before = TestData.random(50, 4);
    v1.putObject(BUCKET, key, new ByteArrayInputStream(before));
    ObjectMetadata m = new ObjectMetadata();
    m.setHeader("x-oss-forbid-overwrite", "true");
    m.setContentType("text/changed");
    assertThatThrownBy(() -> oss(version).putObject(BUCKET, key, new ByteArrayInputStream(new byte[] {9}), m))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("FileAlreadyExists"));
    assertThat(TestData.read(v1, BUCKET, key)).isEqualTo(before);
    assertThat(v1.getObjectMetadata(BUCKET, key).getContentType()).isEqualTo("application/octet-stream");
  }

  @Test
  void putObject_forbidOverwriteOnNewKeyOrFalse_writes() throws Exception {
    ObjectMetadata m = new ObjectMetadata();
    m.setHeader("x-oss-forbid-overwrite", "true");
    v1.putObject(BUCKET, "forbid-new", new ByteArrayInputStream(new byte[] {1}), m);
    ObjectMetadata off = new ObjectMetadata();
    off.setHeader("x-oss-forbid-overwrite", "false");
    v1.putObject(BUCKET, "forbid-new", new ByteArrayInputStream(new byte[] {2}), off);
    assertThat(TestData.read(v1, BUCKET, "forbid-new")).containsExactly(2);
  }

  /** A stream that will not tell its length, so the SDK must send it chunked. */
  static InputStream unknownLength(byte[] data) {
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int available() {
        return 0;
      }

      @Override
      public boolean markSupported() {
        return false;
      }
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void putObject_streamOfUnknownLength_isStoredWithCrcChecked(String version) throws Exception {
    byte[] data = TestData.random(300_001, 5);
    PutObjectResult r = oss(version).putObject(BUCKET, "chunked-" + version, unknownLength(data));
    assertThat(r.getETag()).isEqualTo(TestData.etag(data));
    assertThat(r.getServerCRC()).isEqualTo(TestData.crc64Value(data));
    assertThat(TestData.read(oss(version), BUCKET, "chunked-" + version)).isEqualTo(data);
  }

  @Test
  void putObject_rawChunkedBody_isStoredWhole() throws Exception {
    byte[] data = TestData.random(70_000, 6);
    ByteArrayOutputStream chunked = new ByteArrayOutputStream();
    for (int off = 0; off < data.length; off += 30_000) {
      int n = Math.min(30_000, data.length - off);
      chunked.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      chunked.write(data, off, n);
      chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    RawSocket.Response r = raw.request("PUT", BUCKET, "raw-chunked").header("Transfer-Encoding", "chunked")
        .noContentLength().body(chunked.toByteArray()).send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-oss-hash-crc64ecma")).isEqualTo(TestData.crc64(data));
    assertThat(TestData.read(v1, BUCKET, "raw-chunked")).isEqualTo(data);
  }

  @Test
  void putObject_emptyBody_storesEmptyObjectWithCrcZero() throws Exception {
    PutObjectResult r = v1.putObject(BUCKET, "empty", new ByteArrayInputStream(new byte[0]));
    assertThat(r.getServerCRC()).isZero();
    ObjectMetadata m = v1.getObjectMetadata(BUCKET, "empty");
    assertThat(m.getContentLength()).isZero();
    assertThat(m.getETag()).isEqualTo(TestData.etag(new byte[0]));
    assertThat(TestData.read(v1, BUCKET, "empty")).isEmpty();
  }

  @Test
  void putObject_bodyShorterThanContentLength_isRejectedAndCreatesNothing() throws Exception {
    // Claims 10 bytes, sends 4, then half-closes: the server must not store a short object.
    RawSocket.Request req = raw.request("PUT", BUCKET, "short-body").noContentLength().header("Content-Length", "10")
        .body("abcd").halfClose();
    try {
      assertThat(req.send().status()).isGreaterThanOrEqualTo(400);
    } catch (java.io.IOException closedWithoutAnswer) {
      // also acceptable: there is nobody left to answer
    }
    assertThat(v1.doesObjectExist(BUCKET, "short-body")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void putObject_16KiBOfOrdinaryHeaders_isAccepted(String version) throws Exception {
    ObjectMetadata m = new ObjectMetadata();
    for (int i = 0; i < 16; i++) m.setHeader("X-Coffer-Pad-" + i, "p".repeat(1000));
    oss(version).putObject(BUCKET, "big-headers-" + version, new ByteArrayInputStream(new byte[] {7}), m);
    assertThat(TestData.read(v1, BUCKET, "big-headers-" + version)).containsExactly(7);
  }

  @Test
  void putObject_headerBlockOver64KiB_isRequestHeaderTooLargeXmlAndCreatesNothing() throws Exception {
    RawSocket.Request req = raw.request("PUT", BUCKET, "huge-headers").body("x");
    for (int i = 0; i < 70; i++) req.header("X-Coffer-Pad-" + i, "p".repeat(1000));
    RawSocket.Response r = req.send();
    assertThat(r.status()).isEqualTo(431);
    assertThat(r.header("Content-Type")).startsWith("application/xml");
    assertThat(r.header("x-oss-request-id")).matches("[0-9A-F]{24}");
    assertThat(r.bodyText()).startsWith("<?xml").contains("<Error>");
    assertThat(r.xmlElement("Code")).isEqualTo("RequestHeaderTooLarge");
    assertThat(r.xmlElement("RequestId")).isEqualTo(r.header("x-oss-request-id"));
    assertThat(v1.doesObjectExist(BUCKET, "huge-headers")).isFalse();
  }

  @Test
  void putObject_storageClass_isStoredAndReported() {
    ObjectMetadata m = new ObjectMetadata();
    m.setHeader("x-oss-storage-class", "IA");
    v4.putObject(BUCKET, "ia", new ByteArrayInputStream(new byte[] {1}), m);
    assertThat(v1.getObjectMetadata(BUCKET, "ia").getObjectStorageClass())
        .isEqualTo(com.aliyun.oss.model.StorageClass.IA);
  }

  @Test
  void putObject_unknownStorageClass_isInvalidArgumentAndCreatesNothing() throws Exception {
    RawSocket.Response r = raw.request("PUT", BUCKET, "glacier").header("x-oss-storage-class", "Glacier").body("x").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.xmlElement("Code")).isEqualTo("InvalidArgument");
    assertThat(v1.doesObjectExist(BUCKET, "glacier")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 200_000, 900_000})
  void putObject_refusedBeforeItsBodyIsRead_answersTheErrorAndKeepsTheClientWorking(int bodyBytes) throws Exception {
    // The refusal comes before the body is read: the SDK must still get the error document (not a
    // broken pipe), and its next request must not land on a connection the server dropped.
    for (int i = 0; i < 3; i++) {
      ObjectMetadata m = new ObjectMetadata();
      m.addUserMetadata("big", "v".repeat(9000));
      m.setContentLength(bodyBytes);
      byte[] body = TestData.random(bodyBytes, i);
      assertThatThrownBy(() -> v1.putObject(BUCKET, "refused", new ByteArrayInputStream(body), m))
          .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("InvalidArgument"));
      assertThat(v1.doesObjectExist(BUCKET, "refused")).isFalse();
    }
  }

  @Test
  void putObject_missingBucket_isNoSuchBucket() {
    assertThatThrownBy(() -> v1.putObject("no-such-bucket", "k", new ByteArrayInputStream(new byte[] {1})))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket"));
  }

  @Test
  void putObject_overExistingObject_replacesBytesAndMetadata() throws Exception {
    ObjectMetadata m = new ObjectMetadata();
    m.addUserMetadata("gen", "1");
    m.setContentType("text/one");
    v1.putObject(BUCKET, "replace", new ByteArrayInputStream("one".getBytes(StandardCharsets.UTF_8)), m);
    v4.putObject(BUCKET, "replace", new ByteArrayInputStream("second".getBytes(StandardCharsets.UTF_8)));
    ObjectMetadata after = v1.getObjectMetadata(BUCKET, "replace");
    assertThat(after.getUserMetadata()).isEmpty();
    assertThat(after.getContentType()).isEqualTo("application/octet-stream");
    assertThat(new String(TestData.read(v1, BUCKET, "replace"), StandardCharsets.UTF_8)).isEqualTo("second");
  }
}
