package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.oss.OSS;
import com.aliyun.oss.model.ListObjectsRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectListing;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawSocket;
import io.coffer.server.testing.TestData;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Object keys OSS allows come back byte for byte through put, get, head, list and delete. */
class ObjectKeysIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "keys";
  static OSS v1;
  static OSS v4;
  static RawSocket raw;

  static final List<String> KEYS = List.of("a%2Fb", "a//b", "%25", "%", "./x", "../x", "a/./b/../c", "?q", "q?x=1&y=%20",
      "#frag", "a+b", "sp ace", " leading space", "trailing space ", "cr\rlf\nkey", "tab\tkey", "中文/ключ/😀",
      "dir/", "a\\b", "~!@$^&*()=[]{};:'\",<>|`", "x/..", "x/.", "..a", "k".repeat(1023), "中".repeat(341));

  @BeforeAll
  static void setUp() {
    v1 = coffer.client();
    v4 = coffer.clientV4();
    v1.createBucket(BUCKET);
    raw = RawSocket.of(coffer);
  }

  static Stream<Arguments> keysAndClients() {
    List<Arguments> out = new ArrayList<>();
    for (String version : List.of("v1", "v4")) {
      for (int i = 0; i < KEYS.size(); i++) out.add(Arguments.of(version, i));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} key #{1}")
  @MethodSource("keysAndClients")
  void key_putGetHeadListDelete_roundTripsUnchanged(String version, int index) throws Exception {
    OSS oss = version.equals("v4") ? v4 : v1;
    String key = version + "/" + KEYS.get(index);
    if (key.getBytes(StandardCharsets.UTF_8).length > 1023) key = KEYS.get(index); // the length cases stand alone
    byte[] data = ("content of " + key).getBytes(StandardCharsets.UTF_8);
    oss.putObject(BUCKET, key, new ByteArrayInputStream(data));

    assertThat(TestData.read(oss, BUCKET, key)).isEqualTo(data);
    assertThat(oss.getObjectMetadata(BUCKET, key).getETag()).isEqualTo(TestData.etag(data));

    // Java's V4 signer signs query values trimmed but sends them as given; Coffer accepts either,
    // so the whole key, trailing blank included, works as a prefix.
    String prefix = key;
    ListObjectsRequest list = new ListObjectsRequest(BUCKET);
    list.setPrefix(prefix);
    list.setEncodingType("url");
    ObjectListing page = oss.listObjects(list);
    assertThat(page.getEncodingType()).isEqualTo("url");
    List<String> listed = new ArrayList<>();
    for (OSSObjectSummary s : page.getObjectSummaries()) listed.add(urlDecoded(s.getKey()));
    assertThat(listed).contains(key);

    ListObjectsV2Request list2 = new ListObjectsV2Request(BUCKET);
    list2.setPrefix(prefix);
    list2.setEncodingType("url");
    List<String> listed2 = new ArrayList<>();
    for (OSSObjectSummary s : oss.listObjectsV2(list2).getObjectSummaries()) listed2.add(urlDecoded(s.getKey()));
    assertThat(listed2).contains(key);

    oss.deleteObject(BUCKET, key);
    assertThat(oss.doesObjectExist(BUCKET, key)).isFalse();
  }

  /**
   * Java leaves url-encoded listing keys encoded (its own tests expect {@code %2F}); every byte
   * outside {@code A-Za-z0-9-_.~} must be escaped, so a literal {@code +} never reaches the decoder.
   */
  static String urlDecoded(String key) {
    assertThat(key).matches("[A-Za-z0-9._~%-]*");
    return java.net.URLDecoder.decode(key, StandardCharsets.UTF_8);
  }

  @Test
  void key_dotAndDotDotSegments_areKeysNotPathSteps() throws Exception {
    // Jetty's decoded path would fold "x/../y" into "y"; Coffer reads the raw path.
    for (String key : List.of("dots/..", "dots/.", "dots/x/../y", "dots/%2e%2e/z")) {
      String rawPath = "/" + BUCKET + "/" + key;
      RawSocket.Response put = raw.request("PUT", BUCKET, key).rawPath(rawPath).body(key).send();
      assertThat(put.status()).as(key).isEqualTo(200);
    }
    ListObjectsRequest list = new ListObjectsRequest(BUCKET);
    list.setPrefix("dots/");
    list.setEncodingType("url");
    List<String> listed = new ArrayList<>();
    for (OSSObjectSummary s : v1.listObjects(list).getObjectSummaries()) listed.add(urlDecoded(s.getKey()));
    assertThat(listed).containsExactlyInAnyOrder("dots/..", "dots/.", "dots/x/../y", "dots/../z");
    assertThat(new String(TestData.read(v1, BUCKET, "dots/x/../y"), StandardCharsets.UTF_8)).isEqualTo("dots/x/../y");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/leading", "\\leading", "//double"})
  void key_leadingSlashOrBackslash_isInvalidObjectName(String key) throws Exception {
    RawSocket.Response r = raw.request("PUT", BUCKET, key).body("x").send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.xmlElement("Code")).isEqualTo("InvalidObjectName");
    assertThat(r.xmlElement("EC")).isEqualTo("0016-00000005");
  }

  @Test
  void key_of1024Bytes_isInvalidObjectNameAndNothingIsStored() throws Exception {
    for (String key : List.of("k".repeat(1024), "中".repeat(341) + "k")) {
      RawSocket.Response r = raw.request("PUT", BUCKET, key).body("x").send();
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.xmlElement("Code")).isEqualTo("InvalidObjectName");
      assertThat(r.xmlElement("Message")).isEqualTo("The Length of Object name must be less than 1024.");
    }
    ListObjectsRequest list = new ListObjectsRequest(BUCKET);
    list.setPrefix("kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk");
    for (OSSObjectSummary s : v1.listObjects(list).getObjectSummaries()) {
      assertThat(s.getKey().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1023);
    }
  }

  @Test
  void key_notUtf8InPath_isRejected() throws Exception {
    RawSocket.Response r = raw.request("PUT", BUCKET, "x").rawPath("/" + BUCKET + "/bad%FFkey").unsigned().body("x")
        .send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.bodyText()).contains("<Error>");
  }

  @Test
  void key_percentEncodedSlashAndLiteralSlash_areDifferentObjects() throws Exception {
    v1.putObject(BUCKET, "p%2Fq", new ByteArrayInputStream(new byte[] {1}));
    v1.putObject(BUCKET, "p/q", new ByteArrayInputStream(new byte[] {2}));
    assertThat(TestData.read(v4, BUCKET, "p%2Fq")).containsExactly(1);
    assertThat(TestData.read(v4, BUCKET, "p/q")).containsExactly(2);
    // The raw path "p%2Fq" decodes once, to "p/q".
    RawSocket.Response r = raw.request("GET", BUCKET, "p/q").rawPath("/" + BUCKET + "/p%2Fq").noContentLength().send();
    assertThat(r.body()).containsExactly(2);
    RawSocket.Response r2 = raw.request("GET", BUCKET, "p%2Fq").rawPath("/" + BUCKET + "/p%252Fq").noContentLength()
        .send();
    assertThat(r2.body()).containsExactly(1);
  }
}
