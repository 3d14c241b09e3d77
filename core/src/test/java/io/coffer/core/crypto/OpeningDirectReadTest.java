package io.coffer.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Readers with buffers of a segment or more (the GET path reads 64 KiB at a time) get whole
 * segments opened straight into their buffer; the bytes, the failure behaviour and the absence of a
 * second segment-sized buffer are what this checks.
 */
class OpeningDirectReadTest {
  private static final byte[] CONTEXT = "ctx:direct".getBytes(StandardCharsets.US_ASCII);
  private static final int SEG = SegmentLayout.PLAINTEXT_SEGMENT_BYTES;

  private final SecureRandom random = new SecureRandom();

  private static OpeningInputStream open(CipherSuite suite, KeyMaterial key, byte[] blob, long n, long first, long last)
      throws IOException {
    SegmentLayout layout = new SegmentLayout(suite);
    CiphertextSpan span = layout.span(n, first, last);
    return new OpeningInputStream(Arrays.copyOf(blob, layout.headerBytes()), new ByteArrayInputStream(blob,
        (int) span.ciphertextOffset(), (int) span.ciphertextLength()), span, blob.length, n, key, CONTEXT);
  }

  /** Reads everything with reads of {@code chunk} bytes. */
  private static byte[] readAll(OpeningInputStream in, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[chunk];
    int r;
    while ((r = in.read(buf, 0, chunk)) > 0) out.write(buf, 0, r);
    return out.toByteArray();
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void read_withSegmentSizedOrLargerBuffers_returnsExactlyTheRange(CipherSuite suite) throws IOException {
    KeyMaterial key = KeyMaterial.random(random, 32);
    int n = 5 * SEG + 1234;
    byte[] p = new byte[n];
    random.nextBytes(p);
    byte[] blob = SealedBlobs.seal(suite, key, CONTEXT, p, random);
    long s0 = new SegmentLayout(suite).firstSegmentPlaintextBytes();
    Random r = new Random(17);
    long[][] ranges = {{0, n - 1}, {1, n - 2}, {s0, n - 1}, {s0, s0 + SEG - 1}, {s0 + 5, s0 + 3 * SEG}, {n - 10, n - 1},
        {r.nextInt(n / 2), n / 2 + r.nextInt(n / 2)}};
    for (long[] range : ranges) {
      byte[] want = Arrays.copyOfRange(p, (int) range[0], (int) range[1] + 1);
      for (int chunk : new int[] {SEG, SEG + 1, 3 * SEG, 1 << 20, 4096}) {
        try (OpeningInputStream in = open(suite, key, blob, n, range[0], range[1])) {
          assertThat(readAll(in, chunk)).as("range %d-%d, reads of %d", range[0], range[1], chunk).isEqualTo(want);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void read_segmentFailingIntoTheCallersBuffer_throwsAndLeavesNoPlaintextThere(CipherSuite suite) throws IOException {
    KeyMaterial key = KeyMaterial.random(random, 32);
    int n = 4 * SEG;
    byte[] p = new byte[n];
    Arrays.fill(p, (byte) 0x5a); // so any leaked plaintext is recognisable
    byte[] blob = SealedBlobs.seal(suite, key, CONTEXT, p, random);
    SegmentLayout layout = new SegmentLayout(suite);
    blob[(int) layout.ciphertextStart(2) + 100] ^= 1;
    byte[] buf = new byte[2 * SEG];
    try (OpeningInputStream in = open(suite, key, blob, n, 0, n - 1)) {
      assertThat(in.read(buf)).isEqualTo((int) layout.firstSegmentPlaintextBytes());
      assertThat(in.read(buf)).isEqualTo(SEG);
      Arrays.fill(buf, (byte) 0);
      assertThatThrownBy(() -> in.read(buf)).isInstanceOf(SealedBlobException.class)
          .hasMessage("segment 2 failed authentication");
      for (byte b : buf) assertThat(b).isZero();
    }
  }

  /** AES only: BouncyCastle's SM4-GCM allocates per segment on its own, which would hide ours. */
  @ParameterizedTest
  @EnumSource(value = CipherSuite.class, names = "AES_256_GCM")
  void read_wholeBlobWithSegmentSizedReads_allocatesNoSecondSegmentBuffer(CipherSuite suite) throws IOException {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    KeyMaterial key = KeyMaterial.random(random, 32);
    int n = 8 * SEG;
    byte[] p = new byte[n];
    random.nextBytes(p);
    byte[] blob = SealedBlobs.seal(suite, key, CONTEXT, p, random);
    byte[] buf = new byte[SEG];
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 6; i++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      try (OpeningInputStream in = open(suite, key, blob, n, 0, n - 1)) {
        while (in.read(buf) > 0) {
          // consume
        }
      }
      least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
    }
    // The ciphertext buffer is one segment; a plaintext buffer would be a second.
    assertThat(least).isLessThan(SegmentLayout.CIPHERTEXT_SEGMENT_BYTES + SEG / 2);
  }
}
