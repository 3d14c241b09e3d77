package io.coffer.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded properties of the sealed-blob format, for both suites: sizes cluster at 0, 1, the
 * segment edges ±1 and several segments; every range decrypts to the plaintext slice; the blob
 * size is what the layout says; every kind of tampering fails and yields no bytes.
 */
class SealedBlobPropertyTest {
  private static final byte[] CONTEXT = "ctx:bucket/key/blob".getBytes(StandardCharsets.UTF_8);

  static List<Long> sizes(CipherSuite suite) {
    long s0 = new SegmentLayout(suite).firstSegmentPlaintextBytes();
    long s = SegmentLayout.PLAINTEXT_SEGMENT_BYTES;
    long b = SealingOutputStream.INITIAL_BUFFER_BYTES; // where the sealer's buffer grows
    return List.of(0L, 1L, 2L, b - 1, b, b + 1, s0 - 1, s0, s0 + 1, s0 + s - 1, s0 + s, s0 + s + 1, s0 + 3 * s + 17,
        500_000L);
  }

  static Stream<Arguments> suitesAndSizes() {
    List<Arguments> out = new ArrayList<>();
    for (CipherSuite suite : CipherSuite.values()) for (long n : sizes(suite)) out.add(Arguments.of(suite, n));
    return out.stream();
  }

  private static byte[] plaintext(long n, long seed) {
    byte[] p = new byte[(int) n];
    new Random(seed).nextBytes(p);
    return p;
  }

  @ParameterizedTest
  @MethodSource("suitesAndSizes")
  void anyRange_decryptsToThePlaintextSlice(CipherSuite suite, long n) throws Exception {
    KeyMaterial key = KeyMaterial.random(new SecureRandom(), 32);
    byte[] p = plaintext(n, n * 31 + suite.id());
    byte[] blob = SealedBlobs.seal(suite, key, CONTEXT, p, new SecureRandom());
    SegmentLayout layout = new SegmentLayout(suite);
    assertThat((long) blob.length).isEqualTo(layout.ciphertextLength(n));
    assertThat(SealedBlobs.openAll(suite, key, CONTEXT, blob, n)).isEqualTo(p);
    Random r = new Random(n);
    for (int i = 0; i < 25 && n > 0; i++) {
      long a = Math.floorMod(r.nextLong(), n);
      long b = a + Math.floorMod(r.nextLong(), n - a);
      assertThat(SealedBlobs.open(suite, key, CONTEXT, blob, n, a, b))
          .as("range %d-%d of %d", a, b, n).isEqualTo(Arrays.copyOfRange(p, (int) a, (int) b + 1));
    }
    if (n > 0) {
      assertThat(SealedBlobs.open(suite, key, CONTEXT, blob, n, n - 1, n - 1)).containsExactly(p[(int) n - 1]);
      assertThat(SealedBlobs.open(suite, key, CONTEXT, blob, n, 0, 0)).containsExactly(p[0]);
    }
  }

  @ParameterizedTest
  @MethodSource("suitesAndSizes")
  void span_coversExactlyTheOverlappingSegments(CipherSuite suite, long n) {
    if (n == 0) return;
    SegmentLayout layout = new SegmentLayout(suite);
    Random r = new Random(n + 7);
    for (int i = 0; i < 50; i++) {
      long a = Math.floorMod(r.nextLong(), n);
      long b = a + Math.floorMod(r.nextLong(), n - a);
      CiphertextSpan span = layout.span(n, a, b);
      assertThat(layout.plaintextStart(span.firstSegment())).isLessThanOrEqualTo(a);
      assertThat(layout.plaintextStart(span.firstSegment() + 1)).isGreaterThan(a);
      assertThat(layout.plaintextStart(span.lastSegment())).isLessThanOrEqualTo(b);
      assertThat(span.lastSegment() == span.lastSegmentOfBlob() || layout.plaintextStart(span.lastSegment() + 1) > b).isTrue();
      assertThat(span.plaintextLength()).isEqualTo(b - a + 1);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void everyFlippedBit_isDetected(CipherSuite suite) throws Exception {
    KeyMaterial key = KeyMaterial.random(new SecureRandom(), 32);
    SegmentLayout layout = new SegmentLayout(suite);
    long n = layout.firstSegmentPlaintextBytes() + 2 * SegmentLayout.PLAINTEXT_SEGMENT_BYTES + 100;
    byte[] p = plaintext(n, 5);
    byte[] blob = SealedBlobs.seal(suite, key, CONTEXT, p, new SecureRandom());
    Random r = new Random(11);
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < layout.headerBytes(); i++) positions.add(i); // every header byte
    for (int i = 0; i < 60; i++) positions.add(r.nextInt(blob.length));
    positions.add(blob.length - 1); // the last tag byte
    for (int pos : positions) {
      byte[] bad = blob.clone();
      bad[pos] ^= (byte) (1 << r.nextInt(8));
      assertThatThrownBy(() -> SealedBlobs.openAll(suite, key, CONTEXT, bad, n)).as("flip at %d", pos)
          .isInstanceOf(SealedBlobException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void droppedDuplicatedReorderedOrTruncatedSegments_areDetected(CipherSuite suite) throws Exception {
    KeyMaterial key = KeyMaterial.random(new SecureRandom(), 32);
    SegmentLayout layout = new SegmentLayout(suite);
    int seg = SegmentLayout.CIPHERTEXT_SEGMENT_BYTES;
    long n = layout.firstSegmentPlaintextBytes() + 3L * SegmentLayout.PLAINTEXT_SEGMENT_BYTES; // segments 0..3, all full
    byte[] p = plaintext(n, 9);
    byte[] blob = SealedBlobs.seal(suite, key, CONTEXT, p, new SecureRandom());
    assertThat(blob.length).isEqualTo(4 * seg);
    byte[][] s = new byte[4][];
    for (int i = 0; i < 4; i++) s[i] = Arrays.copyOfRange(blob, i * seg, (i + 1) * seg);

    byte[] dropped = concat(s[0], s[1], s[3]);
    byte[] duplicated = concat(s[0], s[1], s[1], s[2], s[3]);
    byte[] swapped = concat(s[0], s[2], s[1], s[3]);
    byte[] truncated = concat(s[0], s[1], s[2]);
    byte[] appended = concat(s[0], s[1], s[2], s[3], s[3]);
    for (byte[] bad : List.of(dropped, duplicated, swapped, truncated, appended)) {
      assertThatThrownBy(() -> SealedBlobs.openAll(suite, key, CONTEXT, bad, n)).isInstanceOf(SealedBlobException.class);
    }
    // Even if the recorded length agreed with a truncated blob, the missing last-segment flag gives it away.
    long shorter = n - SegmentLayout.PLAINTEXT_SEGMENT_BYTES;
    assertThatThrownBy(() -> SealedBlobs.openAll(suite, key, CONTEXT, truncated, shorter))
        .isInstanceOf(SealedBlobException.class);
    // Swapped segments fail for a range read inside them too, not only for whole reads.
    assertThatThrownBy(() -> SealedBlobs.open(suite, key, CONTEXT, swapped, n, layout.plaintextStart(1),
        layout.plaintextStart(1) + 10)).isInstanceOf(SealedBlobException.class);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void wrongKeyOrContext_isDetected(CipherSuite suite) throws Exception {
    KeyMaterial key = KeyMaterial.random(new SecureRandom(), 32);
    byte[] p = plaintext(1000, 3);
    byte[] blob = SealedBlobs.seal(suite, key, CONTEXT, p, new SecureRandom());
    assertThatThrownBy(() -> SealedBlobs.openAll(suite, KeyMaterial.random(new SecureRandom(), 32), CONTEXT, blob, 1000))
        .isInstanceOf(SealedBlobException.class);
    assertThatThrownBy(() -> SealedBlobs.openAll(suite, key, "other".getBytes(StandardCharsets.UTF_8), blob, 1000))
        .isInstanceOf(SealedBlobException.class);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void twoSealsOfTheSamePlaintext_differ(CipherSuite suite) throws Exception {
    KeyMaterial key = KeyMaterial.random(new SecureRandom(), 32);
    byte[] p = plaintext(5000, 4);
    byte[] a = SealedBlobs.seal(suite, key, CONTEXT, p, new SecureRandom());
    byte[] b = SealedBlobs.seal(suite, key, CONTEXT, p, new SecureRandom());
    assertThat(a).isNotEqualTo(b); // fresh salt and nonce prefix per blob: no (key, nonce) reuse
  }

  private static byte[] concat(byte[]... parts) {
    int len = 0;
    for (byte[] x : parts) len += x.length;
    byte[] out = new byte[len];
    int off = 0;
    for (byte[] x : parts) {
      System.arraycopy(x, 0, out, off, x.length);
      off += x.length;
    }
    return out;
  }
}
