package io.coffer.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Signature V3 against vector C of kms-ram-api.md §1.5. */
class RpcSignatureV3Test {
  private static final List<String> SIGNED = List.of("host", "x-acs-action", "x-acs-content-sha256", "x-acs-date",
      "x-acs-signature-nonce", "x-acs-version");

  private static Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("host", "127.0.0.1:8080");
    h.put("x-acs-action", "GenerateDataKey");
    h.put("x-acs-version", "2016-01-20");
    h.put("x-acs-date", "2024-01-01T00:00:00Z");
    h.put("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d");
    h.put("x-acs-content-sha256", RpcSignatureV3.EMPTY_SHA256);
    h.put("user-agent", "not signed");
    return h;
  }

  @Test
  void canonicalRequest_vectorC_hashesAndSignsAsDocumented() {
    Map<String, String> query = new LinkedHashMap<>();
    RpcEncoding.formDecode("KeyId=alias%2Facs%2Foss&KeySpec=AES_256").forEach(e -> query.put(e.getKey(), e.getValue()));
    String canonical = RpcSignatureV3.canonicalRequest("POST", "/", query, headers(), SIGNED,
        RpcSignatureV3.sha256Hex(new byte[0]));
    assertThat(canonical).isEqualTo("POST\n/\nKeyId=alias%2Facs%2Foss&KeySpec=AES_256\n"
        + "host:127.0.0.1:8080\nx-acs-action:GenerateDataKey\nx-acs-content-sha256:" + RpcSignatureV3.EMPTY_SHA256
        + "\nx-acs-date:2024-01-01T00:00:00Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n"
        + "x-acs-version:2016-01-20\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;"
        + "x-acs-version\n" + RpcSignatureV3.EMPTY_SHA256);
    String sts = RpcSignatureV3.stringToSign(canonical);
    assertThat(sts).isEqualTo("ACS3-HMAC-SHA256\n9f8465a194692fa46a1fc0f3c63ffaf9b8f7d90ad3106c224e5c653123b71ec0");
    String expected = "a11fbcb497e87ec7466ed071244d46587d7046caab2eccd6f899daa37e54ff0a";
    assertThat(RpcSignatureV3.sign("testsecret", sts)).isEqualTo(expected);
    assertThat(RpcSignatureV3.matches("testsecret", sts, expected.toUpperCase())).isTrue();
    assertThat(RpcSignatureV3.matches("testsecret&", sts, expected)).isFalse();
  }

  @Test
  void parse_fieldsInEitherOrder_giveTheSameAuthorization() {
    RpcSignatureV3.Authorization tea = RpcSignatureV3.parse("Credential=ak,SignedHeaders=host;x-acs-date,Signature=ab12");
    RpcSignatureV3.Authorization old = RpcSignatureV3.parse("Credential=ak,Signature=ab12,SignedHeaders=host;x-acs-date");
    assertThat(tea).isEqualTo(old);
    assertThat(tea.accessKeyId()).isEqualTo("ak");
    assertThat(tea.signedHeaders()).containsExactly("host", "x-acs-date");
    assertThat(tea.signature()).isEqualTo("ab12");
  }

  @Test
  void parse_missingField_isNull() {
    assertThat(RpcSignatureV3.parse("Credential=ak,SignedHeaders=host")).isNull();
    assertThat(RpcSignatureV3.parse("Credential=,SignedHeaders=host,Signature=x")).isNull();
    assertThat(RpcSignatureV3.parse("")).isNull();
  }

  @Test
  void sha256Hex_emptyBody_isTheWellKnownHash() {
    assertThat(RpcSignatureV3.sha256Hex(new byte[0])).isEqualTo(RpcSignatureV3.EMPTY_SHA256);
  }
}
