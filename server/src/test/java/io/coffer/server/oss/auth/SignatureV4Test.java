package io.coffer.server.oss.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Signature V4 against what the real Java SDK computed (oss-api.md §5.6 rows 4, 5 and 6). */
class SignatureV4Test {
  private static final byte[] KEY = SignatureV4.signingKey(SdkVectors.SK, "20261122", SdkVectors.REGION, "oss");

  @Test
  void canonicalRequest_putWithMetadataAndSse_matchesSdkRow4() throws Exception {
    String canonical = SignatureV4.canonicalRequest(SdkVectors.row4("ignored"), Set.of(), null);
    assertThat(canonical).isEqualTo("PUT\n/examplebucket/dir/key%201.txt\n\ncontent-type:text/plain\n"
        + "x-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20261122T214312Z\nx-oss-meta-author:alice\n"
        + "x-oss-server-side-encryption:KMS\n\n\nUNSIGNED-PAYLOAD");
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(canonical.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("3958bc6e69a36302a38ebc987be933b85cc0938440b2c268c432198034e3340c");
    String sts = SignatureV4.stringToSign(SdkVectors.V4_DATE, SdkVectors.SCOPE, canonical);
    assertThat(SignatureV4.sign(KEY, sts)).isEqualTo("da3e6987f0d4239ecf1301b767c945f069bc9fc30f30a9a9eea3929c1efbff0e");
  }

  @Test
  void canonicalRequest_listWithEncodedPrefix_sortsAndEncodesQuery_row5() {
    String canonical = SignatureV4.canonicalRequest(SdkVectors.row5("ignored"), Set.of(), null);
    assertThat(canonical.split("\n")[2]).isEqualTo("list-type=2&max-keys=10&prefix=dir%2F");
    assertThat(canonical.split("\n")[1]).isEqualTo("/examplebucket/");
    String sts = SignatureV4.stringToSign(SdkVectors.V4_DATE, SdkVectors.SCOPE, canonical);
    assertThat(SignatureV4.sign(KEY, sts)).isEqualTo("615e72ada9549f03564e48c314234994f3e71531ea47e81ba3a922f5a10d1db4");
  }

  @Test
  void canonicalRequest_presignedGet_leavesSignatureOutOfQuery_row6() {
    String canonical = SignatureV4.canonicalRequest(SdkVectors.row6("abc"), Set.of(), "x-oss-signature");
    assertThat(canonical).doesNotContain("x-oss-signature=").contains("x-oss-signature-version=OSS4-HMAC-SHA256");
    String sts = SignatureV4.stringToSign(SdkVectors.V4_DATE, SdkVectors.SCOPE, canonical);
    assertThat(SignatureV4.sign(KEY, sts)).isEqualTo("0639469ceb3914b5ed6fe9d79d571006e0ef745002e6b30bfb10b4f0137e157c");
  }

  @Test
  void canonicalRequest_additionalHeaders_areSignedAndListed() {
    SignedRequest r = SdkVectors.request("GET", "b", "k", null, "x-oss-date", SdkVectors.V4_DATE, "Host", "h:1",
        "Range", "bytes=0-1");
    String canonical = SignatureV4.canonicalRequest(r, Set.of("range", "host"), null);
    assertThat(canonical).isEqualTo("GET\n/b/k\n\nhost:h:1\nrange:bytes=0-1\nx-oss-date:20261122T214312Z\n\n"
        + "host;range\nUNSIGNED-PAYLOAD");
  }

  @Test
  void uriEncode_keepsUnreservedAndEncodesEverythingElseUpperCase() {
    assertThat(SignatureV4.uriEncode("a b/c~d*é+", false)).isEqualTo("a%20b/c~d%2A%C3%A9%2B");
    assertThat(SignatureV4.uriEncode("a/b", true)).isEqualTo("a%2Fb");
  }
}
