package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.InconsistentException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.AppendObjectRequest;
import com.aliyun.oss.model.AppendObjectResult;
import com.aliyun.oss.model.ObjectMetadata;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawSocket;
import io.coffer.server.testing.TestData;
import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AppendObject: creation, growth with CRC checked by the SDK, and every refusal leaving the object as it was. */
class AppendObjectIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "appends";
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

  static AppendObjectResult append(OSS oss, String key, long position, Long initCrc, byte[] data, ObjectMetadata m) {
    AppendObjectRequest a = m == null ? new AppendObjectRequest(BUCKET, key, new ByteArrayInputStream(data))
        : new AppendObjectRequest(BUCKET, key, new ByteArrayInputStream(data), m);
    a.setPosition(position);
    if (initCrc != null) a.setInitCRC(initCrc);
    return oss.appendObject(a);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void appendObject_sequenceFromZero_growsObjectWithSdkCheckedCrc(String version) throws Exception {
    OSS oss = oss(version);
    String key = "log-" + version;
    byte[] all = new byte[0];
    Long crc = 0L;
    String previousEtag = null;
    for (int size : new int[] {1000, 65536, 1, 70_001}) {
      byte[] piece = TestData.random(size, size);
      AppendObjectResult r = append(oss, key, all.length, crc, piece, null);
      all = RangeIT.concat(all, piece);
      assertThat(r.getNextPosition()).isEqualTo(all.length);
      assertThat(r.getServerCRC()).isEqualTo(TestData.crc64Value(all));
      assertThat(r.getObjectCRC()).isEqualTo(TestData.crc64(all));
      ObjectMetadata head = v1.getObjectMetadata(BUCKET, key);
      assertThat(head.getETag()).isNotEqualTo(previousEtag).matches("[0-9A-F]{32}");
      previousEtag = head.getETag();
      crc = r.getServerCRC();
    }
    assertThat(TestData.read(oss, BUCKET, key)).isEqualTo(all);
    ObjectMetadata m = v1.getObjectMetadata(BUCKET, key);
    assertThat(m.getObjectType()).isEqualTo("Appendable");
    assertThat(m.getContentLength()).isEqualTo(all.length);
    assertThat(m.getServerCRC()).isEqualTo(TestData.crc64Value(all));
    assertThat(m.getContentMD5()).as("appendable objects have no Content-MD5").isNull();
  }

  @Test
  void appendObject_sdkWithWrongInitCrc_detectsTheMismatch() {
    // Shows that the SDK really compares our CRC header: a wrong starting CRC must fail client-side.
    append(v1, "crc-check", 0, 0L, TestData.random(10, 1), null);
    assertThatThrownBy(() -> append(v1, "crc-check", 10, 12345L, TestData.random(10, 2), null))
        .isInstanceOf(InconsistentException.class);
  }

  @Test
  void appendObject_firstAppendMetadata_isKeptAndLaterMetadataIgnored() throws Exception {
    ObjectMetadata first = new ObjectMetadata();
    first.setContentType("text/log");
    first.addUserMetadata("stream", "a");
    append(v1, "meta", 0, null, new byte[] {1}, first);
    ObjectMetadata later = new ObjectMetadata();
    later.setContentType("text/other");
    later.addUserMetadata("stream", "b");
    append(v4, "meta", 1, null, new byte[] {2}, later);
    ObjectMetadata m = v1.getObjectMetadata(BUCKET, "meta");
    assertThat(m.getContentType()).isEqualTo("text/log");
    assertThat(m.getUserMetadata()).containsOnly(Map.entry("stream", "a"));
    assertThat(TestData.read(v1, BUCKET, "meta")).containsExactly(1, 2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void appendObject_wrongPosition_isPositionNotEqualToLengthWithNextPosition(String version) throws Exception {
    String key = "pos-" + version;
    byte[] data = TestData.random(100, 3);
    append(v1, key, 0, null, data, null);
    for (long wrong : new long[] {0, 99, 101, 5000}) {
      assertThatThrownBy(() -> append(oss(version), key, wrong, null, new byte[] {9}, null)).as("position " + wrong)
          .isInstanceOfSatisfying(OSSException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo("PositionNotEqualToLength");
            assertThat(e.getMessage()).startsWith("Position is not equal to file length");
          });
    }
    RawSocket.Response r = raw.request("POST", BUCKET, key).query("append&position=7").body("x").send();
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.xmlElement("Code")).isEqualTo("PositionNotEqualToLength");
    assertThat(r.header("x-oss-next-append-position")).isEqualTo("100");
    assertThat(TestData.read(v1, BUCKET, key)).isEqualTo(data);
    assertThat(v1.getObjectMetadata(BUCKET, key).getServerCRC()).isEqualTo(TestData.crc64Value(data));
  }

  @Test
  void appendObject_nonZeroPositionOnMissingObject_isPositionNotEqualToLengthZero() throws Exception {
    RawSocket.Response r = raw.request("POST", BUCKET, "never").query("append&position=3").body("abc").send();
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.header("x-oss-next-append-position")).isEqualTo("0");
    assertThat(v1.doesObjectExist(BUCKET, "never")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void appendObject_ontoNormalObject_isObjectNotAppendableAndUnchanged(String version) throws Exception {
    String key = "normal-" + version;
    byte[] data = TestData.random(20, 4);
    v1.putObject(BUCKET, key, new ByteArrayInputStream(data));
    for (long position : new long[] {0, 20}) {
      assertThatThrownBy(() -> append(oss(version), key, position, null, new byte[] {1}, null))
          .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("ObjectNotAppendable"));
    }
    RawSocket.Response r = raw.request("POST", BUCKET, key).query("append&position=20").body("x").send();
    assertThat(r.status()).isEqualTo(409);
    assertThat(r.xmlElement("Code")).isEqualTo("ObjectNotAppendable");
    assertThat(TestData.read(v1, BUCKET, key)).isEqualTo(data);
    assertThat(v1.getObjectMetadata(BUCKET, key).getObjectType()).isEqualTo("Normal");
  }

  @Test
  void appendObject_withoutPosition_isMissingArgumentAndCreatesNothing() throws Exception {
    for (String query : new String[] {"append", "append&position="}) {
      RawSocket.Response r = raw.request("POST", BUCKET, "no-position").query(query).body("abc").send();
      assertThat(r.status()).as(query).isEqualTo(400);
      assertThat(r.xmlElement("Code")).isEqualTo("MissingArgument");
      assertThat(r.xmlElement("Message")).isEqualTo("Missing Some Required Arguments.");
    }
    assertThat(v1.doesObjectExist(BUCKET, "no-position")).isFalse();
  }

  @Test
  void appendObject_unparseablePosition_isInvalidArgumentAndCreatesNothing() throws Exception {
    for (String position : new String[] {"abc", "-1", "1.5", "99999999999999999999"}) {
      RawSocket.Response r = raw.request("POST", BUCKET, "bad-position").query("append&position=" + position).body("abc")
          .send();
      assertThat(r.status()).as(position).isEqualTo(400);
      assertThat(r.xmlElement("Code")).isEqualTo("InvalidArgument");
    }
    assertThat(v1.doesObjectExist(BUCKET, "bad-position")).isFalse();
  }

  @Test
  void appendObject_response_carriesNextPositionCrcAndEtag() throws Exception {
    RawSocket.Response r = raw.request("POST", BUCKET, "raw-append").query("append&position=0").body("hello").send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("x-oss-next-append-position")).isEqualTo("5");
    assertThat(r.header("x-oss-hash-crc64ecma")).isEqualTo("11177612005948864433");
    assertThat(r.header("ETag")).matches("\"[0-9A-F]{32}\"");
  }

  @Test
  void appendObject_wrongContentMd5_isInvalidDigestAndUnchanged() throws Exception {
    append(v1, "md5", 0, null, new byte[] {1, 2, 3}, null);
    RawSocket.Response r = raw.request("POST", BUCKET, "md5").query("append&position=3").body("abc")
        .header("Content-MD5", TestData.md5Base64(new byte[] {0})).send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.xmlElement("Code")).isEqualTo("InvalidDigest");
    assertThat(TestData.read(v1, BUCKET, "md5")).containsExactly(1, 2, 3);
  }

  @Test
  void putObject_overAppendableObject_makesItNormal() throws Exception {
    append(v1, "to-normal", 0, null, new byte[] {1}, null);
    v1.putObject(BUCKET, "to-normal", new ByteArrayInputStream(new byte[] {5, 6}));
    ObjectMetadata m = v1.getObjectMetadata(BUCKET, "to-normal");
    assertThat(m.getObjectType()).isEqualTo("Normal");
    assertThat(TestData.read(v1, BUCKET, "to-normal")).containsExactly(5, 6);
    assertThatThrownBy(() -> append(v1, "to-normal", 2, null, new byte[] {7}, null))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("ObjectNotAppendable"));
  }
}
