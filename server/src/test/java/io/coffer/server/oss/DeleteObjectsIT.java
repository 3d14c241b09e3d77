package io.coffer.server.oss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.model.DeleteObjectsRequest;
import com.aliyun.oss.model.DeleteObjectsResult;
import io.coffer.server.testing.CofferExtension;
import io.coffer.server.testing.RawSocket;
import io.coffer.server.testing.TestData;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DeleteObject and DeleteMultipleObjects, including every refused batch deleting nothing. */
class DeleteObjectsIT {
  @RegisterExtension static final CofferExtension coffer = new CofferExtension();
  static final String BUCKET = "deletes";
  static final List<String> SPECIAL = List.of("a&b", "<tag>\"'", "sp ace", "中文/ключ", "x%2Fy", "+plus", "q?#frag",
      "tab\tkey", "cr\rlf\nkey", "a//b/../c", "%25");
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

  static void put(String... keys) {
    for (String k : keys) v1.putObject(BUCKET, k, new ByteArrayInputStream(k.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  static void assertExist(String... keys) {
    for (String k : keys) assertThat(v1.doesObjectExist(BUCKET, k)).as(k).isTrue();
  }

  static void assertGone(String... keys) {
    for (String k : keys) assertThat(v1.doesObjectExist(BUCKET, k)).as(k).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void deleteObject_existingThenMissing_isNoErrorBothTimes(String version) {
    put("single-" + version);
    oss(version).deleteObject(BUCKET, "single-" + version);
    assertGone("single-" + version);
    oss(version).deleteObject(BUCKET, "single-" + version);
  }

  @Test
  void deleteObject_missingKey_is204() throws Exception {
    RawSocket.Response r = raw.request("DELETE", BUCKET, "never-existed").noContentLength().send();
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void deleteObject_missingBucket_isNoSuchBucket() {
    assertThatThrownBy(() -> v1.deleteObject("no-such-bucket", "k"))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void deleteObjects_verbose_listsEveryKeyExistingOrNot(String version) {
    put("v/" + version + "/1", "v/" + version + "/2", "v/" + version + "/keep");
    List<String> keys = List.of("v/" + version + "/1", "v/" + version + "/2", "v/" + version + "/missing");
    DeleteObjectsResult r = oss(version).deleteObjects(new DeleteObjectsRequest(BUCKET).withKeys(keys).withQuiet(false));
    assertThat(r.getDeletedObjects()).containsExactlyInAnyOrderElementsOf(keys);
    assertGone(keys.toArray(String[]::new));
    assertExist("v/" + version + "/keep");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void deleteObjects_quiet_deletesAndListsNothing(String version) {
    put("q/" + version + "/1", "q/" + version + "/2");
    DeleteObjectsResult r = oss(version).deleteObjects(new DeleteObjectsRequest(BUCKET)
        .withKeys(List.of("q/" + version + "/1", "q/" + version + "/2")).withQuiet(true));
    assertThat(r.getDeletedObjects()).isEmpty();
    assertGone("q/" + version + "/1", "q/" + version + "/2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "v4"})
  void deleteObjects_specialKeysWithUrlEncoding_roundTrip(String version) {
    List<String> keys = new ArrayList<>();
    for (String k : SPECIAL) keys.add(version + "/" + k);
    put(keys.toArray(String[]::new));
    DeleteObjectsResult r = oss(version).deleteObjects(new DeleteObjectsRequest(BUCKET).withKeys(keys).withQuiet(false)
        .withEncodingType("url"));
    // Java hands the encoded keys over as they came, and tells which encoding they are in.
    assertThat(r.getEncodingType()).isEqualTo("url");
    List<String> decoded = new ArrayList<>();
    for (String k : r.getDeletedObjects()) {
      assertThat(k).matches("[A-Za-z0-9._~%-]+");
      decoded.add(java.net.URLDecoder.decode(k, java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(decoded).containsExactlyInAnyOrderElementsOf(keys);
    assertGone(keys.toArray(String[]::new));
  }

  @Test
  void deleteObjects_xmlSpecialKeysWithoutEncoding_roundTrip() {
    List<String> keys = List.of("plain/a&b", "plain/<tag>\"'", "plain/中文", "plain/x%2Fy");
    put(keys.toArray(String[]::new));
    DeleteObjectsResult r = v1.deleteObjects(new DeleteObjectsRequest(BUCKET).withKeys(keys).withQuiet(false));
    assertThat(r.getDeletedObjects()).containsExactlyInAnyOrderElementsOf(keys);
    assertGone(keys.toArray(String[]::new));
  }

  static String body(boolean quiet, String... keys) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete><Quiet>" + quiet + "</Quiet>");
    for (String k : keys) sb.append("<Object><Key>").append(k).append("</Key></Object>");
    return sb.append("</Delete>").toString();
  }

  @Test
  void deleteObjects_encodingTypeAsQueryOrHeader_encodesKeysInTheAnswer() throws Exception {
    put("enc/a b/c", "enc/d+e");
    byte[] xml = body(false, "enc/a b/c").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    RawSocket.Response q = raw.request("POST", BUCKET, null).query("delete&encoding-type=url").body(xml).contentMd5()
        .send();
    assertThat(q.status()).isEqualTo(200);
    assertThat(q.xmlElement("EncodingType")).isEqualTo("url");
    assertThat(q.xmlElement("Key")).isEqualTo("enc%2Fa%20b%2Fc");

    byte[] xml2 = body(false, "enc/d+e").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    RawSocket.Response h = raw.request("POST", BUCKET, null).query("delete").header("encoding-type", "url").body(xml2)
        .contentMd5().send();
    assertThat(h.status()).isEqualTo(200);
    assertThat(h.xmlElement("Key")).isEqualTo("enc%2Fd%2Be");
    assertGone("enc/a b/c", "enc/d+e");
  }

  @Test
  void deleteObjects_withEncodingType_takesRequestKeysLiterally() throws Exception {
    // encoding-type shapes the answer only; "%41" names the key "%41", not "A".
    put("lit/%41", "lit/A");
    RawSocket.Response r = raw.request("POST", BUCKET, null).query("delete&encoding-type=url")
        .body(body(false, "lit/%41")).contentMd5().send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.xmlElement("Key")).isEqualTo("lit%2F%2541");
    assertGone("lit/%41");
    assertExist("lit/A");
  }

  @Test
  void deleteObjects_quietRaw_isEmpty200() throws Exception {
    put("quiet-raw");
    RawSocket.Response r = raw.request("POST", BUCKET, null).query("delete").body(body(true, "quiet-raw")).contentMd5()
        .send();
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertGone("quiet-raw");
  }

  @Test
  void deleteObjects_missingContentMd5_isInvalidDigestAndDeletesNothing() throws Exception {
    put("md5/missing");
    RawSocket.Response r = raw.request("POST", BUCKET, null).query("delete").body(body(false, "md5/missing")).send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.xmlElement("Code")).isEqualTo("InvalidDigest");
    assertExist("md5/missing");
  }

  @Test
  void deleteObjects_wrongContentMd5_isInvalidDigestAndDeletesNothing() throws Exception {
    put("md5/wrong");
    for (String md5 : List.of(TestData.md5Base64(new byte[] {1}), "garbage", "")) {
      RawSocket.Response r = raw.request("POST", BUCKET, null).query("delete").body(body(false, "md5/wrong"))
          .header("Content-MD5", md5).send();
      assertThat(r.status()).as(md5).isEqualTo(400);
      assertThat(r.xmlElement("Code")).isEqualTo("InvalidDigest");
    }
    assertExist("md5/wrong");
  }

  @Test
  void deleteObjects_malformedXml_isMalformedXmlAndDeletesNothing() throws Exception {
    put("xml/victim");
    List<String> bad = List.of(
        "not xml at all",
        "<Delete><Object><Key>xml/victim</Key></Object>",
        "<Delete><Object><Key>xml/victim</Key></Object></Delete><Delete/>",
        "<Remove><Object><Key>xml/victim</Key></Object></Remove>",
        "<Delete><Quiet>false</Quiet></Delete>",
        "<Delete><Object><Name>xml/victim</Name></Object></Delete>",
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x \"xml/victim\">]><Delete><Object><Key>&x;</Key></Object></Delete>");
    for (String xml : bad) {
      RawSocket.Response r = raw.request("POST", BUCKET, null).query("delete").body(xml).contentMd5().send();
      assertThat(r.status()).as(xml).isEqualTo(400);
      assertThat(r.xmlElement("Code")).as(xml).isEqualTo("MalformedXML");
    }
    RawSocket.Response empty = raw.request("POST", BUCKET, null).query("delete").body(new byte[0]).contentMd5().send();
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.xmlElement("Code")).isEqualTo("MalformedXML");
    assertExist("xml/victim");
  }

  @Test
  void deleteObjects_moreThan1000Keys_isRefusedAndDeletesNothing() throws Exception {
    put("many/0");
    String[] keys = new String[1001];
    for (int i = 0; i < keys.length; i++) keys[i] = "many/" + i;
    RawSocket.Response r = raw.request("POST", BUCKET, null).query("delete").body(body(false, keys)).contentMd5().send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.xmlElement("Code")).isEqualTo("MalformedXML");
    assertExist("many/0");
  }

  @Test
  void deleteObjects_invalidKeyInBatch_isRefusedAndDeletesNothing() throws Exception {
    put("batch/ok");
    RawSocket.Response r = raw.request("POST", BUCKET, null).query("delete").body(body(false, "batch/ok", "/leading"))
        .contentMd5().send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.xmlElement("Code")).isEqualTo("InvalidObjectName");
    assertExist("batch/ok");
  }

  @Test
  void deleteObjects_unknownEncodingType_isInvalidArgumentAndDeletesNothing() throws Exception {
    put("enc/bad");
    RawSocket.Response r = raw.request("POST", BUCKET, null).query("delete&encoding-type=base64").body(body(false, "enc/bad"))
        .contentMd5().send();
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.xmlElement("Code")).isEqualTo("InvalidArgument");
    assertExist("enc/bad");
  }

  @Test
  void deleteObjects_missingBucket_isNoSuchBucket() {
    assertThatThrownBy(() -> v1.deleteObjects(new DeleteObjectsRequest("no-such-bucket").withKeys(List.of("k"))))
        .isInstanceOfSatisfying(OSSException.class, e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket"));
  }
}
