package io.coffer.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known-answer vectors for the sealed-blob format (vectors/sealed-blob.json). Each valid case is
 * produced by the production code with scripted salt and nonce prefix, must match byte for byte,
 * and must open with {@link IndependentOpener} (and, for AES, with Tink). Invalid cases say why
 * they must fail. All failing ids are collected before the test fails.
 */
class KnownAnswerTest {
  static byte[] pattern(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (i * 7 + seed * 13 + (i >> 8));
    return b;
  }

  @Test
  void vectors_matchAndOpenIndependently() throws Exception {
    JsonNode root;
    try (InputStream in = getClass().getResourceAsStream("/vectors/sealed-blob.json")) {
      root = new ObjectMapper().readTree(in);
    }
    HexFormat hex = HexFormat.of();
    List<String> failures = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      String id = c.get("id").asText();
      try {
        CipherSuite suite = CipherSuite.valueOf(c.get("suite").asText());
        byte[] key = pattern(32, 1);
        byte[] salt = pattern(suite.keyBytes(), 2);
        byte[] noncePrefix = pattern(7, 3);
        byte[] context = c.get("context").asText().getBytes(StandardCharsets.UTF_8);
        byte[] plaintext = pattern(c.get("plaintextLength").asInt(), 4);
        byte[] blob = SealedBlobs.seal(suite, KeyMaterial.copyOf(key), context, plaintext,
            new ScriptedRandom(salt, noncePrefix));
        if (c.has("tamper")) {
          JsonNode t = c.get("tamper");
          blob[t.get("offset").asInt()] ^= (byte) t.get("xor").asInt();
        }
        boolean valid = c.get("valid").asBoolean();
        if (valid) {
          if (blob.length != c.get("ciphertextLength").asInt()) failures.add(id + ": length " + blob.length);
          String sha = hex.formatHex(MessageDigest.getInstance("SHA-256").digest(blob));
          if (!sha.equals(c.get("ciphertextSha256").asText())) failures.add(id + ": sha256 " + sha);
          if (c.hasNonNull("ciphertext") && !hex.formatHex(blob).equals(c.get("ciphertext").asText())) {
            failures.add(id + ": ciphertext differs");
          }
          if (!Arrays.equals(IndependentOpener.open(key, context, blob), plaintext)) failures.add(id + ": independent open");
          if (suite == CipherSuite.AES_256_GCM) {
            byte[] prefix = BlobHeader.prefix(suite);
            byte[] aad = Arrays.copyOf(prefix, prefix.length + context.length);
            System.arraycopy(context, 0, aad, prefix.length, context.length);
            AesGcmHkdfStreaming tink = new AesGcmHkdfStreaming(key, "HmacSha256", 32,
                SegmentLayout.CIPHERTEXT_SEGMENT_BYTES, SegmentLayout.PREFIX_BYTES);
            try (InputStream in = tink.newDecryptingStream(
                new ByteArrayInputStream(blob, SegmentLayout.PREFIX_BYTES, blob.length - SegmentLayout.PREFIX_BYTES), aad)) {
              if (!Arrays.equals(in.readAllBytes(), plaintext)) failures.add(id + ": tink open");
            }
          }
        } else {
          try {
            SealedBlobs.openAll(suite, KeyMaterial.copyOf(key), context, blob, plaintext.length);
            failures.add(id + ": opened although " + c.get("why").asText());
          } catch (SealedBlobException expected) {
            // as the vector says
          }
        }
      } catch (Exception e) {
        failures.add(id + ": " + e);
      }
    }
    assertThat(failures).isEmpty();
  }
}
