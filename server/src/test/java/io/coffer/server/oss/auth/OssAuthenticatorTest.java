package io.coffer.server.oss.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coffer.core.error.CofferException;
import io.coffer.core.iam.AccessKey;
import io.coffer.core.iam.Principal;
import io.coffer.core.iam.StaticCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The authenticator over the real-SDK requests of oss-api.md §5.6, with a fixed clock. */
class OssAuthenticatorTest {
  private static final Instant SENT = Instant.parse("2026-11-22T21:43:12Z");
  private static final StaticCredentials KEYS = new StaticCredentials(
      new AccessKey(SdkVectors.AK, SdkVectors.SK, "acct-1", true),
      new AccessKey("POSTAK", SdkVectors.ROW7_SECRET, "acct-2", true),
      new AccessKey("OLDAK", "old-secret", "acct-3", false));

  private static OssAuthenticator at(Instant now) {
    return at(now, SdkVectors.REGION);
  }

  private static OssAuthenticator at(Instant now, String region) {
    return new OssAuthenticator(KEYS, Clock.fixed(now, ZoneOffset.UTC), region);
  }

  private static SignedRequest withHeader(SignedRequest r, String name, String value) {
    Map<String, java.util.List<String>> h = new HashMap<>(r.headers());
    if (value == null) {
      h.remove(name);
    } else {
      h.put(name, java.util.List.of(value));
    }
    return new SignedRequest(r.method(), r.bucket(), r.key(), r.query(), h);
  }

  @Test
  void v1Header_sdkRow1_authenticatesAsKeyOwner() {
    SignedRequest r = withHeader(SdkVectors.row1(), "authorization", "OSS AKID:ySPOcqMMvXKK8YV1/3nsru45NQg=");
    assertThat(at(SENT).authenticate(r)).isEqualTo(new Principal("acct-1", "AKID"));
  }

  @Test
  void v1Header_sdkRow2_authenticates() {
    SignedRequest r = withHeader(SdkVectors.row2(), "authorization", "OSS AKID:rWILGlyNcH/Oaky5yRX+kUXJvvU=");
    assertThat(at(SENT).authenticate(r).accessKeyId()).isEqualTo("AKID");
  }

  @Test
  void v1Header_wrongSignature_isSignatureDoesNotMatchWithStringToSign() {
    SignedRequest r = withHeader(SdkVectors.row2(), "authorization", "OSS AKID:AAAAGlyNcH/Oaky5yRX+kUXJvvU=");
    assertThatThrownBy(() -> at(SENT).authenticate(r))
        .isInstanceOfSatisfying(CofferException.SignatureDoesNotMatch.class, e -> {
          assertThat(e.details()).containsEntry("StringToSign", "GET\n\n\nSun, 22 Nov 2026 21:43:11 GMT\n/examplebucket/?acl")
              .containsEntry("SignatureProvided", "AAAAGlyNcH/Oaky5yRX+kUXJvvU=")
              .containsEntry("OSSAccessKeyId", "AKID");
          assertThat(e.details().get("StringToSignBytes")).startsWith("47 45 54 0a");
        });
  }

  @Test
  void v1Header_unknownOrDisabledKey_isInvalidAccessKeyId() {
    SignedRequest unknown = withHeader(SdkVectors.row2(), "authorization", "OSS NOBODY:rWILGlyNcH/Oaky5yRX+kUXJvvU=");
    assertThatThrownBy(() -> at(SENT).authenticate(unknown)).isInstanceOf(CofferException.InvalidAccessKeyId.class);
    SignedRequest disabled = withHeader(SdkVectors.row2(), "authorization", "OSS OLDAK:rWILGlyNcH/Oaky5yRX+kUXJvvU=");
    assertThatThrownBy(() -> at(SENT).authenticate(disabled)).isInstanceOf(CofferException.InvalidAccessKeyId.class);
  }

  @Test
  void v1Header_dateTwentyMinutesOff_isRequestTimeTooSkewed() {
    SignedRequest r = withHeader(SdkVectors.row2(), "authorization", "OSS AKID:rWILGlyNcH/Oaky5yRX+kUXJvvU=");
    assertThatThrownBy(() -> at(SENT.plusSeconds(20 * 60)).authenticate(r))
        .isInstanceOfSatisfying(CofferException.RequestTimeTooSkewed.class, e -> assertThat(e.details())
            .containsEntry("RequestTime", SdkVectors.DATE)
            .containsEntry("ServerTime", "2026-11-22T22:03:12.000Z"));
    assertThat(at(SENT.plusSeconds(14 * 60)).authenticate(r).accessKeyId()).isEqualTo("AKID");
  }

  @Test
  void v1Header_withoutDate_isAccessDenied() {
    SignedRequest r = withHeader(withHeader(SdkVectors.row2(), "date", null), "authorization",
        "OSS AKID:rWILGlyNcH/Oaky5yRX+kUXJvvU=");
    assertThatThrownBy(() -> at(SENT).authenticate(r)).isInstanceOf(CofferException.AccessDenied.class);
  }

  @Test
  void v1Presigned_sdkRow3_authenticatesUntilExpires() {
    SignedRequest r = SdkVectors.row3("2Zr7m951hAH6Fa58N+/6Yo3FjoI=");
    assertThat(at(Instant.ofEpochSecond(1_699_999_000L)).authenticate(r).accessKeyId()).isEqualTo("AKID");
    assertThatThrownBy(() -> at(Instant.ofEpochSecond(1_700_000_001L)).authenticate(r))
        .isInstanceOf(CofferException.AccessDenied.class);
  }

  @Test
  void v1Presigned_tamperedSignature_isSignatureDoesNotMatch() {
    SignedRequest r = SdkVectors.row3("3Zr7m951hAH6Fa58N+/6Yo3FjoI=");
    assertThatThrownBy(() -> at(Instant.ofEpochSecond(1_699_999_000L)).authenticate(r))
        .isInstanceOf(CofferException.SignatureDoesNotMatch.class);
  }

  @Test
  void v4Header_sdkRows4And5_authenticate() {
    SignedRequest put = SdkVectors.row4(SdkVectors.authorizationV4(
        "da3e6987f0d4239ecf1301b767c945f069bc9fc30f30a9a9eea3929c1efbff0e"));
    assertThat(at(SENT).authenticate(put)).isEqualTo(new Principal("acct-1", "AKID"));
    SignedRequest list = SdkVectors.row5(SdkVectors.authorizationV4(
        "615e72ada9549f03564e48c314234994f3e71531ea47e81ba3a922f5a10d1db4"));
    assertThat(at(SENT).authenticate(list).accessKeyId()).isEqualTo("AKID");
  }

  @Test
  void v4Header_alteredHeader_isSignatureDoesNotMatch() {
    SignedRequest put = withHeader(SdkVectors.row4(SdkVectors.authorizationV4(
        "da3e6987f0d4239ecf1301b767c945f069bc9fc30f30a9a9eea3929c1efbff0e")), "x-oss-meta-author", "mallory");
    assertThatThrownBy(() -> at(SENT).authenticate(put))
        .isInstanceOfSatisfying(CofferException.SignatureDoesNotMatch.class,
            e -> assertThat(e.details().get("StringToSign")).startsWith("OSS4-HMAC-SHA256\n20261122T214312Z\n"));
  }

  @Test
  void v4Header_otherRegionOrProduct_isInvalidArgument() {
    SignedRequest put = SdkVectors.row4(SdkVectors.authorizationV4(
        "da3e6987f0d4239ecf1301b767c945f069bc9fc30f30a9a9eea3929c1efbff0e"));
    assertThatThrownBy(() -> at(SENT, "cn-shanghai").authenticate(put))
        .isInstanceOf(CofferException.InvalidArgument.class);
    SignedRequest ecs = SdkVectors.row4("OSS4-HMAC-SHA256 Credential=AKID/20261122/cn-hangzhou/ecs/aliyun_v4_request,"
        + "Signature=da3e6987f0d4239ecf1301b767c945f069bc9fc30f30a9a9eea3929c1efbff0e");
    assertThatThrownBy(() -> at(SENT).authenticate(ecs))
        .isInstanceOfSatisfying(CofferException.InvalidArgument.class,
            e -> assertThat(e.getMessage()).isEqualTo("Invalid signing product in Authorization header."));
  }

  @Test
  void v4Presigned_sdkRow6_authenticatesWithinItsWindowOnly() {
    SignedRequest r = SdkVectors.row6("0639469ceb3914b5ed6fe9d79d571006e0ef745002e6b30bfb10b4f0137e157c");
    assertThat(at(SENT.plusSeconds(3000)).authenticate(r).accessKeyId()).isEqualTo("AKID");
    assertThatThrownBy(() -> at(SENT.plusSeconds(3600)).authenticate(r)).isInstanceOf(CofferException.AccessDenied.class);
  }

  @Test
  void noCredentials_isAnonymous() {
    assertThat(at(SENT).authenticate(SdkVectors.request("GET", "b", "k", null)).isAnonymous()).isTrue();
  }

  // ---- PostObject forms ----

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void postV1_sdkRow7_authenticates() {
    Map<String, String> form = Map.of("ossaccesskeyid", "POSTAK", "policy", base64(SdkVectors.ROW7_POLICY),
        "signature", SdkVectors.ROW7_SIGNATURE, "key", "user/eric/a");
    assertThat(at(SENT).authenticatePost(form)).isEqualTo(new Principal("acct-2", "POSTAK"));
  }

  @Test
  void postV1_policyChanged_isSignatureDoesNotMatch() {
    Map<String, String> form = Map.of("ossaccesskeyid", "POSTAK", "policy",
        base64(SdkVectors.ROW7_POLICY.replace("1024", "1025")), "signature", SdkVectors.ROW7_SIGNATURE);
    assertThatThrownBy(() -> at(SENT).authenticatePost(form)).isInstanceOf(CofferException.SignatureDoesNotMatch.class);
  }

  @Test
  void postV1_missingPolicyOrSignature_isInvalidArgument() {
    assertThatThrownBy(() -> at(SENT).authenticatePost(Map.of("ossaccesskeyid", "POSTAK", "signature", "x")))
        .isInstanceOfSatisfying(CofferException.InvalidArgument.class,
            e -> assertThat(e.details()).containsEntry("ArgumentName", "policy"));
    assertThatThrownBy(() -> at(SENT).authenticatePost(Map.of("ossaccesskeyid", "POSTAK", "policy", "e30=")))
        .isInstanceOf(CofferException.InvalidArgument.class);
  }

  @Test
  void postV1_unknownKey_isInvalidAccessKeyId() {
    Map<String, String> form = Map.of("ossaccesskeyid", "NOBODY", "policy", "e30=", "signature", "x");
    assertThatThrownBy(() -> at(SENT).authenticatePost(form)).isInstanceOf(CofferException.InvalidAccessKeyId.class);
  }

  @Test
  void postV4_hexHmacOverPolicyWithSigningKey_authenticates() {
    String policy = base64("{\"expiration\":\"2026-11-23T00:00:00Z\",\"conditions\":[]}");
    // Computed independently of SignatureV4: HMAC-SHA256 chain over "aliyun_v4" + secret.
    String signature = hexHmacChain(SdkVectors.SK, policy);
    Map<String, String> form = new HashMap<>(Map.of("x-oss-signature-version", "OSS4-HMAC-SHA256",
        "x-oss-credential", "AKID/" + SdkVectors.SCOPE, "x-oss-date", SdkVectors.V4_DATE, "policy", policy,
        "x-oss-signature", signature));
    assertThat(at(SENT).authenticatePost(form).accessKeyId()).isEqualTo("AKID");
    form.put("x-oss-signature", signature.replace(signature.charAt(0), signature.charAt(0) == 'a' ? 'b' : 'a'));
    assertThatThrownBy(() -> at(SENT).authenticatePost(form)).isInstanceOf(CofferException.SignatureDoesNotMatch.class);
    form.put("x-oss-credential", "AKID/20261122/cn-beijing/oss/aliyun_v4_request");
    assertThatThrownBy(() -> at(SENT).authenticatePost(form)).isInstanceOf(CofferException.InvalidArgument.class);
  }

  @Test
  void post_withoutSigningFields_isAnonymous() {
    assertThat(at(SENT).authenticatePost(Map.of("key", "k")).isAnonymous()).isTrue();
  }

  private static String hexHmacChain(String secret, String data) {
    try {
      byte[] k = ("aliyun_v4" + secret).getBytes(StandardCharsets.UTF_8);
      for (String step : new String[] {"20261122", "cn-hangzhou", "oss", "aliyun_v4_request", data}) {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(k, "HmacSHA256"));
        k = mac.doFinal(step.getBytes(StandardCharsets.UTF_8));
      }
      return java.util.HexFormat.of().formatHex(k);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
