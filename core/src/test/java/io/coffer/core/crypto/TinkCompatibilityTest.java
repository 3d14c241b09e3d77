package io.coffer.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our AES-256-GCM blobs are Tink's AES-GCM-HKDF streaming ciphertexts (HKDF-SHA256, 32-byte
 * derived key, 65,552-byte ciphertext segments, first-segment offset = our 12-byte prefix, AAD =
 * prefix ‖ context), byte for byte, in both directions.
 */
class TinkCompatibilityTest {
  private static final byte[] CONTEXT = "coffer-blob:0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

  private static AesGcmHkdfStreaming tink(byte[] dataKey) throws Exception {
    return new AesGcmHkdfStreaming(dataKey, "HmacSha256", 32, SegmentLayout.CIPHERTEXT_SEGMENT_BYTES,
        SegmentLayout.PREFIX_BYTES);
  }

  private static byte[] aad() {
    byte[] prefix = BlobHeader.prefix(CipherSuite.AES_256_GCM);
    byte[] aad = Arrays.copyOf(prefix, prefix.length + CONTEXT.length);
    System.arraycopy(CONTEXT, 0, aad, prefix.length, CONTEXT.length);
    return aad;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65483, 65484, 65485, 65484 + 65536, 65484 + 65537, 300_000})
  void ourCiphertext_tinkDecrypts(int size) throws Exception {
    byte[] dataKey = new byte[32];
    new Random(size).nextBytes(dataKey);
    byte[] plaintext = new byte[size];
    new Random(size + 1).nextBytes(plaintext);
    byte[] blob = SealedBlobs.seal(CipherSuite.AES_256_GCM, KeyMaterial.copyOf(dataKey), CONTEXT, plaintext,
        new SecureRandom());
    assertThat((long) blob.length).isEqualTo(new SegmentLayout(CipherSuite.AES_256_GCM).ciphertextLength(size));
    InputStream tail = new ByteArrayInputStream(blob, SegmentLayout.PREFIX_BYTES, blob.length - SegmentLayout.PREFIX_BYTES);
    try (InputStream in = tink(dataKey).newDecryptingStream(tail, aad())) {
      assertThat(in.readAllBytes()).isEqualTo(plaintext);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 7, 65484, 200_000})
  void tinkCiphertext_weOpen(int size) throws Exception {
    byte[] dataKey = new byte[32];
    new Random(size).nextBytes(dataKey);
    byte[] plaintext = new byte[size];
    new Random(size + 2).nextBytes(plaintext);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(BlobHeader.prefix(CipherSuite.AES_256_GCM));
    try (OutputStream enc = tink(dataKey).newEncryptingStream(out, aad())) {
      enc.write(plaintext);
    }
    byte[] blob = out.toByteArray();
    assertThat(SealedBlobs.openAll(CipherSuite.AES_256_GCM, KeyMaterial.copyOf(dataKey), CONTEXT, blob, size))
        .isEqualTo(plaintext);
  }
}
