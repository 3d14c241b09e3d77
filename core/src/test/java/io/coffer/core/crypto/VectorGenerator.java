package io.coffer.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Prints the cases of core/src/test/resources/vectors/sealed-blob.json. Run by hand when the
 * format changes (never by the build); every printed vector is then also checked by
 * {@link IndependentOpener} and, for AES, by Tink.
 */
final class VectorGenerator {
  public static void main(String[] args) throws Exception {
    HexFormat hex = HexFormat.of();
    Object[][] cases = {
        {"aes-empty", CipherSuite.AES_256_GCM, 0},
        {"aes-short", CipherSuite.AES_256_GCM, 33},
        {"aes-two-segments", CipherSuite.AES_256_GCM, 65484 + 1000},
        {"sm4-empty", CipherSuite.SM4_GCM, 0},
        {"sm4-short", CipherSuite.SM4_GCM, 33},
        {"sm4-two-segments", CipherSuite.SM4_GCM, 65500 + 1000},
    };
    for (Object[] c : cases) {
      CipherSuite suite = (CipherSuite) c[1];
      int n = (Integer) c[2];
      byte[] key = KnownAnswerTest.pattern(32, 1);
      byte[] salt = KnownAnswerTest.pattern(suite.keyBytes(), 2);
      byte[] noncePrefix = KnownAnswerTest.pattern(7, 3);
      byte[] context = "coffer-vector".getBytes(StandardCharsets.UTF_8);
      byte[] plaintext = KnownAnswerTest.pattern(n, 4);
      byte[] blob = SealedBlobs.seal(suite, KeyMaterial.copyOf(key), context, plaintext, new ScriptedRandom(salt, noncePrefix));
      String ct = blob.length <= 256 ? hex.formatHex(blob) : "";
      System.out.println(c[0] + " len=" + blob.length + " sha256=" + hex.formatHex(MessageDigest.getInstance("SHA-256").digest(blob))
          + " ct=" + ct);
    }
  }
}
