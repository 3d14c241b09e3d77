package io.coffer.server.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import io.coffer.core.iam.AccessKey;
import io.coffer.core.iam.Principal;
import io.coffer.core.iam.StaticCredentials;
import io.coffer.server.testing.RpcRawRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks of each signature version, in order, with a fixed clock. */
class RpcAuthenticatorTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final String HOST = "127.0.0.1:8080";
  private static final AccessKey KEY = new AccessKey("LTAIactive", "active-secret", "acct1", true);
  private static final AccessKey INACTIVE = new AccessKey("LTAIinactive", "inactive-secret", "acct1", false);

  private final RpcAuthenticator auth = new RpcAuthenticator(new StaticCredentials(KEY, INACTIVE),
      Clock.fixed(NOW, ZoneOffset.UTC), new SignatureNonces(100));

  private static RpcRawRequest v1() {
    return RpcRawRequest.v1("DescribeRegions").key(KEY.id(), KEY.secret()).at(NOW);
  }

  private static RpcRawRequest v3() {
    return RpcRawRequest.v3("DescribeRegions").key(KEY.id(), KEY.secret()).at(NOW);
  }

  private Principal authenticate(RpcRawRequest r) {
    return auth.authenticate(r.prepare(HOST).parsed());
  }

  private void assertRefused(RpcRawRequest r, RpcError expected) {
    assertRefused(r.prepare(HOST).parsed(), expected);
  }

  private void assertRefused(RpcRequest r, RpcError expected) {
    assertThatThrownBy(() -> auth.authenticate(r))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.error()).isEqualTo(expected));
  }

  /** Rebuilds a prepared request with one parameter changed, keeping its signature. */
  private static RpcRequest withParam(RpcRawRequest.Prepared p, String name, String value) {
    Map<String, String> q = new LinkedHashMap<>(p.parsed().query());
    if (value == null) q.remove(name); else q.put(name, value);
    StringBuilder s = new StringBuilder();
    q.forEach((k, v) -> s.append(s.isEmpty() ? "" : "&").append(RpcEncoding.percentEncode(k)).append('=')
        .append(RpcEncoding.percentEncode(v)));
    return RpcRequest.of(p.method(), s.toString(), p.headers(), p.body());
  }

  @Test
  void v1_validSignature_givesTheKeysPrincipal() {
    assertThat(authenticate(v1().param("Description", "a b*~é"))).isEqualTo(KEY.principal());
  }

  @Test
  void v1_formBody_isSignedLikeTheQuery() {
    assertThat(authenticate(v1().param("KeyId", "alias/x").inForm())).isEqualTo(KEY.principal());
  }

  @Test
  void v1_wrongSecret_isSignatureDoesNotMatchWithServerStringToSign() {
    assertThatThrownBy(() -> authenticate(v1().key(KEY.id(), "wrong")))
        .isInstanceOfSatisfying(RpcException.class, e -> {
          assertThat(e.error()).isEqualTo(RpcError.SIGNATURE_DOES_NOT_MATCH);
          assertThat(e.getMessage()).startsWith(
              "Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3D");
        });
  }

  @Test
  void v1_tamperedParameter_isSignatureDoesNotMatch() {
    assertRefused(withParam(v1().param("KeyId", "a").prepare(HOST), "KeyId", "b"), RpcError.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void v1_missingSignature_isIncompleteSignature() {
    assertRefused(v1().unsigned(), RpcError.INCOMPLETE_SIGNATURE);
  }

  @Test
  void v1_unknownOrInactiveKey_isRefusedByName() {
    assertRefused(v1().key("LTAInobody", "x"), RpcError.INVALID_ACCESS_KEY_ID_NOT_FOUND);
    assertRefused(v1().key(INACTIVE.id(), INACTIVE.secret()), RpcError.INVALID_ACCESS_KEY_ID_INACTIVE);
  }

  @Test
  void v1_timestampOutsideFifteenMinutes_isExpired_insideIsAccepted() {
    assertRefused(v1().at(NOW.minus(Duration.ofMinutes(16))), RpcError.INVALID_TIMESTAMP_EXPIRED);
    assertRefused(v1().at(NOW.plus(Duration.ofMinutes(16))), RpcError.INVALID_TIMESTAMP_EXPIRED);
    assertThat(authenticate(v1().at(NOW.minus(Duration.ofMinutes(14))))).isEqualTo(KEY.principal());
    assertThat(authenticate(v1().at(NOW.plus(Duration.ofMinutes(14))))).isEqualTo(KEY.principal());
  }

  @Test
  void v1_malformedTimestamp_isFormatError() {
    assertRefused(withParam(v1().prepare(HOST), "Timestamp", "2026-11-23 10:00:00"), RpcError.INVALID_TIMESTAMP_FORMAT);
  }

  @Test
  void v1_replayedNonce_isRefused_evenAfterAFailedAttemptDidNotSpendIt() {
    assertRefused(v1().nonce("n-1").key(KEY.id(), "wrong"), RpcError.SIGNATURE_DOES_NOT_MATCH);
    RpcRequest once = v1().nonce("n-1").prepare(HOST).parsed();
    assertThat(auth.authenticate(once)).isEqualTo(KEY.principal());
    assertRefused(once, RpcError.SIGNATURE_NONCE_USED);
  }

  @Test
  void v1_otherSignatureMethodOrVersion_isRefused() {
    assertRefused(withParam(v1().prepare(HOST), "SignatureMethod", "HMAC-SHA256"), RpcError.INVALID_SIGNATURE_METHOD);
    assertRefused(withParam(v1().prepare(HOST), "SignatureVersion", "2.0"), RpcError.INCOMPLETE_SIGNATURE);
  }

  @Test
  void v1_actionOnlyInUnsignedHeader_isMissingParameter() {
    RpcRawRequest.Prepared p = v1().prepare(HOST);
    Map<String, String> h = new LinkedHashMap<>(p.headers());
    h.put("x-acs-action", "DescribeRegions");
    RpcRequest noAction = withParam(new RpcRawRequest.Prepared(p.method(), p.query(), p.body(), h), "Action", null);
    assertThat(noAction.action()).isEqualTo("DescribeRegions");
    assertThatThrownBy(() -> auth.authenticate(noAction)).isInstanceOfSatisfying(CofferException.MissingParameter.class,
        e -> assertThat(e.parameter()).isEqualTo("Action"));
  }

  @Test
  void v3_validSignature_queryOrForm_givesThePrincipal() {
    assertThat(authenticate(v3().param("KeyId", "alias/acs/oss").param("Text", "a b*~"))).isEqualTo(KEY.principal());
    assertThat(authenticate(v3().param("KeyId", "k").inForm())).isEqualTo(KEY.principal());
  }

  @Test
  void v3_wrongSecretOrTamperedQuery_isSignatureDoesNotMatch() {
    assertRefused(v3().key(KEY.id(), "wrong"), RpcError.SIGNATURE_DOES_NOT_MATCH);
    assertRefused(withParam(v3().param("KeyId", "a").prepare(HOST), "KeyId", "b"), RpcError.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void v3_contentHashNotOfTheBody_isRefused() {
    assertRefused(v3().param("KeyId", "k").inForm().contentSha256(RpcSignatureV3.EMPTY_SHA256),
        RpcError.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void v3_requiredHeaderNotSigned_isIncompleteSignature() {
    RpcRawRequest.Prepared p = v3().prepare(HOST);
    Map<String, String> h = new LinkedHashMap<>(p.headers());
    h.put("authorization", h.get("authorization").replace("x-acs-signature-nonce;", ""));
    assertRefused(new RpcRawRequest.Prepared(p.method(), p.query(), p.body(), h).parsed(), RpcError.INCOMPLETE_SIGNATURE);
  }

  @Test
  void v3_otherAlgorithmOrBrokenAuthorization_isRefused() {
    RpcRawRequest.Prepared p = v3().prepare(HOST);
    Map<String, String> h = new LinkedHashMap<>(p.headers());
    h.put("authorization", h.get("authorization").replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3"));
    assertRefused(new RpcRawRequest.Prepared(p.method(), p.query(), p.body(), h).parsed(),
        RpcError.INVALID_SIGNATURE_METHOD);
    h.put("authorization", "ACS3-HMAC-SHA256 Credential=" + KEY.id());
    assertRefused(new RpcRawRequest.Prepared(p.method(), p.query(), p.body(), h).parsed(), RpcError.INCOMPLETE_SIGNATURE);
  }

  @Test
  void v3_replayedNonceAndOldDate_areRefused() {
    RpcRequest once = v3().nonce("v3-n").prepare(HOST).parsed();
    assertThat(auth.authenticate(once)).isEqualTo(KEY.principal());
    assertRefused(once, RpcError.SIGNATURE_NONCE_USED);
    assertRefused(v3().at(NOW.minus(Duration.ofMinutes(20))), RpcError.INVALID_TIMESTAMP_EXPIRED);
  }
}
