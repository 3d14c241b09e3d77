package io.coffer.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import io.coffer.core.iam.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed parameter accessors actions use. */
class RpcCallTest {

  private static RpcCall call(String... kv) {
    Map<String, String> p = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) p.put(kv[i], kv[i + 1]);
    return new RpcCall(new Principal("acct", "ak"), "RID", "cn-hangzhou", RpcRoutes.KMS, "Test", p);
  }

  private static void assertInvalid(Runnable r, String name) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(CofferException.InvalidParameter.class,
        e -> assertThat(e.parameter()).isEqualTo(name));
  }

  @Test
  void required_absentOrEmpty_isMissingParameterNamingIt() {
    assertThatThrownBy(() -> call().required("KeyId")).isInstanceOfSatisfying(CofferException.MissingParameter.class,
        e -> assertThat(e.parameter()).isEqualTo("KeyId"));
    assertThatThrownBy(() -> call("KeyId", "").required("KeyId")).isInstanceOf(CofferException.MissingParameter.class);
    assertThat(call("KeyId", "k").required("KeyId")).isEqualTo("k");
  }

  @Test
  void required_nameIsCaseSensitive() {
    assertThatThrownBy(() -> call("keyid", "k").required("KeyId")).isInstanceOf(CofferException.MissingParameter.class);
  }

  @Test
  void optional_keepsEmptyValue_defaultVariantDoesNot() {
    assertThat(call("Description", "").optional("Description")).contains("");
    assertThat(call().optional("Description")).isEmpty();
    assertThat(call("Description", "").optional("Description", "d")).isEqualTo("d");
    assertThat(call("Description", "x").optional("Description", "d")).isEqualTo("x");
  }

  @Test
  void optionalInt_rangeAndFormat_checked() {
    assertThat(call().optionalInt("PageSize", 1, 100, 20)).isEqualTo(20);
    assertThat(call("PageSize", "100").optionalInt("PageSize", 1, 100, 20)).isEqualTo(100);
    assertInvalid(() -> call("PageSize", "101").optionalInt("PageSize", 1, 100, 20), "PageSize");
    assertInvalid(() -> call("PageSize", "0").optionalInt("PageSize", 1, 100, 20), "PageSize");
    assertInvalid(() -> call("PageSize", "1.5").optionalInt("PageSize", 1, 100, 20), "PageSize");
    assertInvalid(() -> call("PageSize", "99999999999").optionalInt("PageSize", 1, 100, 20), "PageSize");
    assertInvalid(() -> call("PageSize", "ten").optionalInt("PageSize", 1, 100, 20), "PageSize");
  }

  @Test
  void optionalBoolean_onlyTrueOrFalse() {
    assertThat(call("EnableAutomaticRotation", "true").optionalBoolean("EnableAutomaticRotation")).contains(true);
    assertThat(call("EnableAutomaticRotation", "false").optionalBoolean("EnableAutomaticRotation", true)).isFalse();
    assertThat(call().optionalBoolean("EnableAutomaticRotation", true)).isTrue();
    assertInvalid(() -> call("EnableAutomaticRotation", "TRUE").optionalBoolean("EnableAutomaticRotation"),
        "EnableAutomaticRotation");
    assertInvalid(() -> call("EnableAutomaticRotation", "1").optionalBoolean("EnableAutomaticRotation"),
        "EnableAutomaticRotation");
  }

  @Test
  void optionalOneOf_caseSensitiveChoice() {
    assertThat(call().optionalOneOf("KeySpec", "Aliyun_AES_256", "Aliyun_AES_256", "Aliyun_SM4"))
        .isEqualTo("Aliyun_AES_256");
    assertThat(call("KeySpec", "Aliyun_SM4").optionalOneOf("KeySpec", "Aliyun_AES_256", "Aliyun_AES_256", "Aliyun_SM4"))
        .isEqualTo("Aliyun_SM4");
    assertInvalid(() -> call("KeySpec", "aliyun_sm4").optionalOneOf("KeySpec", "x", "Aliyun_AES_256", "Aliyun_SM4"),
        "KeySpec");
  }

  @Test
  void optionalStringMap_jsonObjectOfStrings_inOrder() {
    Map<String, String> m = call("EncryptionContext", "{\"b\":\"2\",\"a\":\"1\"}").optionalStringMap("EncryptionContext");
    assertThat(m).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
    assertThat(call().optionalStringMap("EncryptionContext")).isEmpty();
    assertThat(call("EncryptionContext", "{}").optionalStringMap("EncryptionContext")).isEmpty();
  }

  @Test
  void optionalStringMap_anythingButAnObjectOfStrings_isInvalid() {
    for (String bad : new String[] {"[\"a\"]", "\"a\"", "{\"a\":1}", "{\"a\":{\"b\":\"c\"}}", "{\"a\":null}",
        "{\"a\":[\"x\"]}", "{\"a\":\"1\",\"a\":\"2\"}", "{\"a\":\"1\"} x", "{not json", "null"}) {
      assertInvalid(() -> call("EncryptionContext", bad).optionalStringMap("EncryptionContext"), "EncryptionContext");
    }
  }

  @Test
  void optionalStringMap_over8192Characters_isInvalid() {
    String at = "{\"k\":\"" + "v".repeat(8192 - 8) + "\"}";
    assertThat(at).hasSize(8192);
    assertThat(call("EncryptionContext", at).optionalStringMap("EncryptionContext")).hasSize(1);
    String over = "{\"k\":\"" + "v".repeat(8192 - 7) + "\"}";
    assertInvalid(() -> call("EncryptionContext", over).optionalStringMap("EncryptionContext"), "EncryptionContext");
  }

  @Test
  void toString_neverShowsParameters() {
    assertThat(call("Plaintext", "top-secret").toString()).doesNotContain("top-secret");
  }
}
