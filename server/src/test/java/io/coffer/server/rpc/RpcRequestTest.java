package io.coffer.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter decoding (§1.3): query ∪ form body, form-decoding, empty values, Action/Version fallback. */
class RpcRequestTest {
  private static final byte[] NONE = new byte[0];
  private static final Map<String, String> FORM = Map.of("content-type", "application/x-www-form-urlencoded; charset=UTF-8");

  @Test
  void formDecode_plusAndPercent20_bothMeanSpace() {
    RpcRequest r = RpcRequest.of("GET", "Description=a+b%20c&Plus=%2B", Map.of(), NONE);
    assertThat(r.param("Description")).isEqualTo("a b c");
    assertThat(r.param("Plus")).isEqualTo("+");
  }

  @Test
  void formDecode_emptyValues_areKept() {
    RpcRequest r = RpcRequest.of("GET", "Description=&Flag&Name=x", Map.of(), NONE);
    assertThat(r.params()).containsEntry("Description", "").containsEntry("Flag", "").containsEntry("Name", "x");
  }

  @Test
  void formDecode_utf8Escapes_decodeToText() {
    assertThat(RpcRequest.of("GET", "D=%E4%B8%AD%C3%A9", Map.of(), NONE).param("D")).isEqualTo("中é");
  }

  @Test
  void formDecode_brokenEscapeOrNonUtf8_isInvalidParameter() {
    assertThatThrownBy(() -> RpcRequest.of("GET", "D=%E4%B8", Map.of(), NONE))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.error()).isEqualTo(RpcError.INVALID_PARAMETER));
    assertThatThrownBy(() -> RpcRequest.of("GET", "D=%zz", Map.of(), NONE)).isInstanceOf(RpcException.class);
  }

  @Test
  void formBody_parametersJoinTheQuery_queryWinsOnRepeat() {
    byte[] body = "KeyId=from-body&Description=hello+world&Action=Other".getBytes(StandardCharsets.UTF_8);
    RpcRequest r = RpcRequest.of("POST", "Action=DescribeKey&Version=2016-01-20", FORM, body);
    assertThat(r.params()).containsEntry("KeyId", "from-body").containsEntry("Description", "hello world")
        .containsEntry("Action", "DescribeKey");
    assertThat(r.query()).doesNotContainKey("KeyId");
    assertThat(r.form()).containsEntry("KeyId", "from-body");
    assertThat(r.body()).isEqualTo(body);
  }

  @Test
  void nonFormBody_isNotReadAsParameters() {
    RpcRequest r = RpcRequest.of("POST", null, Map.of("content-type", "application/json"),
        "KeyId=x".getBytes(StandardCharsets.UTF_8));
    assertThat(r.params()).isEmpty();
  }

  @Test
  void actionAndVersion_fromParameters_elseFromAcsHeaders() {
    Map<String, String> h = Map.of("x-acs-action", "HeaderAction", "x-acs-version", "2015-05-01");
    RpcRequest params = RpcRequest.of("POST", "Action=DescribeRegions&Version=2016-01-20", h, NONE);
    assertThat(params.action()).isEqualTo("DescribeRegions");
    assertThat(params.version()).isEqualTo("2016-01-20");
    assertThat(params.actionFromHeader()).isFalse();
    RpcRequest headers = RpcRequest.of("POST", "KeyId=k", h, NONE);
    assertThat(headers.action()).isEqualTo("HeaderAction");
    assertThat(headers.version()).isEqualTo("2015-05-01");
    assertThat(headers.actionFromHeader()).isTrue();
    assertThat(headers.versionFromHeader()).isTrue();
  }

  @Test
  void parameterNames_areCaseSensitive() {
    RpcRequest r = RpcRequest.of("GET", "keyid=a&KeyId=b", Map.of(), NONE);
    assertThat(r.param("KeyId")).isEqualTo("b");
    assertThat(r.param("keyid")).isEqualTo("a");
  }

  @Test
  void toString_neverShowsParameters() {
    RpcRequest r = RpcRequest.of("GET", "Plaintext=top-secret&Action=Encrypt", Map.of(), NONE);
    assertThat(r.toString()).contains("Encrypt").doesNotContain("top-secret");
  }
}
