package io.coffer.core.crypto;

import java.io.ByteArrayOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Runs the real seal and open paths over real segments before the server takes traffic, so that
 * the JIT compiles the AES-GCM intrinsics: a cold GCM path runs tens of times slower
 * (reference/performance-limits.md, finding 2). Doubles as a self-test: a round trip that does
 * not give back its input stops start-up.
 */
public final class CryptoWarmup {
  private static final int BLOB_BYTES = 1024 * 1024;

  private CryptoWarmup() {}

  /**
   * @param aesMebibytes how much AES-GCM to seal and open (the hot path)
   * @param maxMillis stop early after this long; the self-test part always runs once per suite
   */
  public static void run(SecureRandom random, int aesMebibytes, long maxMillis) {
    long deadline = System.nanoTime() + maxMillis * 1_000_000;
    byte[] plaintext = new byte[BLOB_BYTES];
    random.nextBytes(plaintext);
    roundTrip(CipherSuite.SM4_GCM, plaintext, 128 * 1024, random);
    // At least once whatever the budget: the AES round trip is the self-test of the hot path.
    for (int i = 0; i == 0 || i < aesMebibytes; i++) {
      roundTrip(CipherSuite.AES_256_GCM, plaintext, BLOB_BYTES, random);
      if (System.nanoTime() > deadline) break;
    }
  }

  private static void roundTrip(CipherSuite suite, byte[] plaintext, int length, SecureRandom random) {
    try (KeyMaterial key = KeyMaterial.random(random, 32)) {
      byte[] context = "coffer:warm-up".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      ByteArrayOutputStream out = new ByteArrayOutputStream(length + 4096);
      try (SealingOutputStream s = new SealingOutputStream(out, suite, key, context, random)) {
        s.write(plaintext, 0, length);
      }
      byte[] blob = out.toByteArray();
      SegmentLayout layout = new SegmentLayout(suite);
      CiphertextSpan span = layout.span(length, 0, length - 1);
      byte[] back;
      try (InputStream in = new OpeningInputStream(Arrays.copyOf(blob, layout.headerBytes()),
          new ByteArrayInputStream(blob, (int) span.ciphertextOffset(), (int) span.ciphertextLength()), span, blob.length,
          length, key, context)) {
        back = in.readAllBytes();
      }
      if (back.length != length || !Arrays.equals(back, 0, length, plaintext, 0, length)) {
        throw new IllegalStateException("crypto self-test failed for " + suite);
      }
    } catch (IOException e) {
      throw new IllegalStateException("crypto self-test failed for " + suite, e);
    }
  }
}
