package io.coffer.server.oss.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Signature V1 against what the real Java SDK computed (oss-api.md §5.6 rows 1, 2, 3 and 7, §5.3). */
class SignatureV1Test {

  @Test
  void stringToSign_putWithMetadataAndSse_matchesSdkRow1() {
    String sts = SignatureV1.stringToSign(SdkVectors.row1(), SdkVectors.DATE);
    assertThat(sts).isEqualTo("PUT\n\ntext/plain\nSun, 22 Nov 2026 21:43:11 GMT\nx-oss-meta-author:alice\n"
        + "x-oss-server-side-encryption:KMS\n/examplebucket/dir/key 1.txt");
    assertThat(SignatureV1.sign(SdkVectors.SK, sts)).isEqualTo("ySPOcqMMvXKK8YV1/3nsru45NQg=");
  }

  @Test
  void stringToSign_bucketAcl_signsSubResourceOnBucketPath_row2() {
    String sts = SignatureV1.stringToSign(SdkVectors.row2(), SdkVectors.DATE);
    assertThat(sts).isEqualTo("GET\n\n\nSun, 22 Nov 2026 21:43:11 GMT\n/examplebucket/?acl");
    assertThat(SignatureV1.sign(SdkVectors.SK, sts)).isEqualTo("rWILGlyNcH/Oaky5yRX+kUXJvvU=");
  }

  @Test
  void stringToSign_presignedGet_usesExpiresAndLeavesAuthParamsOut_row3() {
    String sts = SignatureV1.stringToSign(SdkVectors.row3("x"), "1700000000");
    assertThat(sts).isEqualTo("GET\n\n\n1700000000\n/examplebucket/dir/key 1.txt");
    assertThat(SignatureV1.sign(SdkVectors.SK, sts)).isEqualTo("2Zr7m951hAH6Fa58N+/6Yo3FjoI=");
  }

  @Test
  void stringToSign_presignWithContentHeaders_matchesSdkUnitTest() {
    SignedRequest r = SdkVectors.request("GET", "bucket", "key", null, "Content-MD5", "md5", "Content-Type", "type");
    assertThat(SignatureV1.sign("key", SignatureV1.stringToSign(r, "1422720000"))).isEqualTo("XA8ThdVKdJQ4vlkoggdzCs5s1RY=");
  }

  @Test
  void sign_postPolicy_matchesSdkRow7() {
    String policy = Base64.getEncoder().encodeToString(SdkVectors.ROW7_POLICY.getBytes(StandardCharsets.UTF_8));
    assertThat(SignatureV1.sign(SdkVectors.ROW7_SECRET, policy)).isEqualTo(SdkVectors.ROW7_SIGNATURE);
  }

  @Test
  void stringToSign_unsignedQueryParameters_areLeftOut() {
    SignedRequest r = SdkVectors.request("GET", "b", null, "prefix=a&max-keys=5&continuation-token=t&acl", "Date", "d");
    assertThat(SignatureV1.stringToSign(r, "d")).isEqualTo("GET\n\n\nd\n/b/?acl&continuation-token=t");
  }
}
