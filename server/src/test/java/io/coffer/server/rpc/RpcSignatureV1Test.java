package io.coffer.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signature V1 against the vectors of kms-ram-api.md §1.4 and its encoding rules. */
class RpcSignatureV1Test {

  private static Map<String, String> params(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return m;
  }

  /**
   * The KMS "Signature" document prints {@code s/OdVWMTmNGagvWlljdAJ7Itsew=} next to a
   * string-to-sign whose {@code &} separators it forgot to encode; its own signed URL carries
   * {@code 41wk2SSX1GJh7fwnc5eqOfiJPFg=}, the HMAC of the correct string. Both are checked, so the
   * discrepancy stays explained.
   */
  @Test
  void stringToSign_officialVectorA_matchesSignatureOfTheDocumentedUrl() {
    Map<String, String> p = params("Version", "2016-01-20", "Timestamp", "2016-03-28T03:13:08Z", "SignatureVersion", "1.0",
        "SignatureMethod", "HMAC-SHA1", "Format", "json", "Action", "CreateKey", "AccessKeyId", "testid");
    String sts = RpcSignatureV1.stringToSign("GET", p, true);
    assertThat(sts).isEqualTo("GET&%2F&AccessKeyId%3Dtestid%26Action%3DCreateKey%26Format%3Djson%26SignatureMethod"
        + "%3DHMAC-SHA1%26SignatureVersion%3D1.0%26Timestamp%3D2016-03-28T03%253A13%253A08Z%26Version%3D2016-01-20");
    assertThat(RpcSignatureV1.sign("testsecret", sts)).isEqualTo("41wk2SSX1GJh7fwnc5eqOfiJPFg=");
    String misprinted = sts.replace("%26", "&");
    assertThat(RpcSignatureV1.sign("testsecret", misprinted)).isEqualTo("s/OdVWMTmNGagvWlljdAJ7Itsew=");
  }

  @Test
  void stringToSign_vectorB_postWithSlashInValue_matchesSdkSignature() {
    Map<String, String> p = params("AccessKeyId", "testid", "Action", "GenerateDataKey", "Format", "JSON", "KeyId",
        "alias/acs/oss", "SignatureMethod", "HMAC-SHA1", "SignatureNonce", "15215528852396", "SignatureVersion", "1.0",
        "Timestamp", "2024-01-01T00:00:00Z", "Version", "2016-01-20", "Signature", "ignored");
    String sts = RpcSignatureV1.stringToSign("POST", p, true);
    assertThat(sts).isEqualTo("POST&%2F&AccessKeyId%3Dtestid%26Action%3DGenerateDataKey%26Format%3DJSON%26KeyId%3D"
        + "alias%252Facs%252Foss%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D15215528852396%26SignatureVersion"
        + "%3D1.0%26Timestamp%3D2024-01-01T00%253A00%253A00Z%26Version%3D2016-01-20");
    assertThat(RpcSignatureV1.sign("testsecret", sts)).isEqualTo("Iu9oPL5uRsOcsNk0lkxJJ/QJ9e4=");
    assertThat(RpcSignatureV1.verify("testsecret", "POST", p, "Iu9oPL5uRsOcsNk0lkxJJ/QJ9e4=")).isEqualTo(sts);
  }

  @Test
  void verify_emptyValue_acceptsSignatureWithAndWithoutTheEmptyPair() {
    Map<String, String> p = params("AccessKeyId", "testid", "Action", "CreateKey", "Description", "", "Version",
        "2016-01-20");
    String oldSdk = RpcSignatureV1.sign("s", RpcSignatureV1.stringToSign("POST", p, true));
    String tea = RpcSignatureV1.sign("s", RpcSignatureV1.stringToSign("POST", p, false));
    assertThat(oldSdk).isNotEqualTo(tea);
    assertThat(RpcSignatureV1.stringToSign("POST", p, true)).contains("Description%3D%26");
    assertThat(RpcSignatureV1.stringToSign("POST", p, false)).doesNotContain("Description");
    assertThat(RpcSignatureV1.verify("s", "POST", p, oldSdk)).isNotNull();
    assertThat(RpcSignatureV1.verify("s", "POST", p, tea)).isNotNull();
    assertThat(RpcSignatureV1.verify("other", "POST", p, oldSdk)).isNull();
    assertThat(RpcSignatureV1.verify("s", "GET", p, oldSdk)).isNull();
  }

  @Test
  void stringToSign_sortsByCodePoint_upperCaseBeforeLowerCase() {
    String sts = RpcSignatureV1.stringToSign("GET", params("b", "1", "B", "2", "a", "3", "A", "4"), true);
    assertThat(sts).isEqualTo("GET&%2F&A%3D4%26B%3D2%26a%3D3%26b%3D1");
  }

  @Test
  void percentEncode_reservedCharacters_followRfc3986() {
    assertThat(RpcEncoding.percentEncode("a b")).isEqualTo("a%20b");
    assertThat(RpcEncoding.percentEncode("*")).isEqualTo("%2A");
    assertThat(RpcEncoding.percentEncode("~")).isEqualTo("~");
    assertThat(RpcEncoding.percentEncode("-_.")).isEqualTo("-_.");
    assertThat(RpcEncoding.percentEncode("+/=:&")).isEqualTo("%2B%2F%3D%3A%26");
    assertThat(RpcEncoding.percentEncode("é中")).isEqualTo("%C3%A9%E4%B8%AD");
    assertThat(RpcEncoding.percentEncode("😀")).isEqualTo("%F0%9F%98%80");
  }

  @Test
  void signature_teaAndOldSdkSpaceEncodings_canonicalizeAlike() {
    // Tea sends a space as '+', the old SDK as %20: both decode to a space and sign as %20.
    Map<String, String> tea = new LinkedHashMap<>();
    RpcEncoding.formDecode("Description=a+b*c~").forEach(e -> tea.put(e.getKey(), e.getValue()));
    Map<String, String> old = new LinkedHashMap<>();
    RpcEncoding.formDecode("Description=a%20b%2Ac%7E").forEach(e -> old.put(e.getKey(), e.getValue()));
    assertThat(tea).isEqualTo(old).containsEntry("Description", "a b*c~");
    assertThat(RpcSignatureV1.stringToSign("GET", tea, true)).isEqualTo("GET&%2F&Description%3Da%2520b%252Ac~");
  }
}
