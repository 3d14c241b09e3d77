package io.coffer.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Small blobs (most objects by count) must not pay for full-segment buffers: opening or sealing
 * 4 KiB used to allocate and zero two 64 KiB arrays per request. Measured as the bytes the test
 * thread allocates, a count that does not depend on timing.
 */
class SealedBlobBuffersTest {
  private static final byte[] CONTEXT = "ctx:buffers".getBytes(StandardCharsets.US_ASCII);
  private static final int SMALL = 4096;

  private final SecureRandom random = new SecureRandom();
  private com.sun.management.ThreadMXBean threads;

  @BeforeEach
  void setUp() {
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
        && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled());
    threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  }

  /** The fewest bytes one run of {@code op} allocated, over several runs (the first ones load classes). */
  private long allocatedBy(IoAction op) throws IOException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 8; i++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      op.run();
      least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
    }
    return least;
  }

  private interface IoAction {
    void run() throws IOException;
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_smallBlob_allocatesLessThanOneFullSegment(CipherSuite suite) throws IOException {
    KeyMaterial key = KeyMaterial.random(random, 32);
    byte[] plaintext = new byte[SMALL];
    random.nextBytes(plaintext);
    byte[] blob = SealedBlobs.seal(suite, key, CONTEXT, plaintext, random);
    SegmentLayout layout = new SegmentLayout(suite);
    CiphertextSpan span = layout.span(SMALL, 0, SMALL - 1);
    byte[] header = Arrays.copyOf(blob, layout.headerBytes());
    byte[] out = new byte[SMALL];

    long bytes = allocatedBy(() -> {
      try (OpeningInputStream in = new OpeningInputStream(header, new ByteArrayInputStream(blob,
          (int) span.ciphertextOffset(), (int) span.ciphertextLength()), span, blob.length, SMALL, key, CONTEXT)) {
        assertThat(in.readNBytes(out, 0, SMALL)).isEqualTo(SMALL);
      }
    });

    assertThat(out).isEqualTo(plaintext);
    assertThat(bytes).isLessThan(SegmentLayout.PLAINTEXT_SEGMENT_BYTES);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void seal_smallBlob_allocatesLessThanOneFullSegment(CipherSuite suite) throws IOException {
    KeyMaterial key = KeyMaterial.random(random, 32);
    byte[] plaintext = new byte[SMALL];
    random.nextBytes(plaintext);
    OutputStream discard = OutputStream.nullOutputStream();

    long bytes = allocatedBy(() -> {
      try (SealingOutputStream s = new SealingOutputStream(discard, suite, key, CONTEXT, random)) {
        s.write(plaintext);
      }
    });

    assertThat(bytes).isLessThan(SegmentLayout.PLAINTEXT_SEGMENT_BYTES);
  }
}
