package io.coffer.core.crypto;

/**
 * Where things are in a sealed blob of one cipher suite (docs/crypto-format.md):
 *
 * <pre>
 * prefix (12) | tink header (1 + K + 7) | segment 0 | segment 1 | … | segment n-1
 * </pre>
 *
 * Every ciphertext segment is {@link #CIPHERTEXT_SEGMENT_BYTES} long except the last; segment 0
 * shares its span with the prefix and header, so it carries fewer plaintext bytes
 * ({@link #firstSegmentPlaintextBytes()}), and every later one carries exactly 64 KiB. This is
 * Tink's AES-GCM-HKDF streaming layout with {@code firstSegmentOffset} = the prefix length.
 */
public record SegmentLayout(CipherSuite suite) {
  /** 64 KiB of plaintext per segment (after the first): small enough for JCE's GCM to be JIT-compiled. */
  public static final int PLAINTEXT_SEGMENT_BYTES = 64 * 1024;
  public static final int TAG_BYTES = 16;
  public static final int CIPHERTEXT_SEGMENT_BYTES = PLAINTEXT_SEGMENT_BYTES + TAG_BYTES;
  public static final int PREFIX_BYTES = 12;
  public static final int NONCE_PREFIX_BYTES = 7;
  public static final int NONCE_BYTES = 12;

  public SegmentLayout {
    if (suite == null) throw new IllegalArgumentException("suite is required");
  }

  /** Length of Tink's header: its own length byte, the salt, the nonce prefix. */
  public int tinkHeaderBytes() {
    return 1 + suite.keyBytes() + NONCE_PREFIX_BYTES;
  }

  /** Bytes before segment 0: our prefix plus Tink's header. */
  public int headerBytes() {
    return PREFIX_BYTES + tinkHeaderBytes();
  }

  public int firstSegmentPlaintextBytes() {
    return CIPHERTEXT_SEGMENT_BYTES - headerBytes() - TAG_BYTES;
  }

  /** Number of segments for a plaintext of {@code length} bytes (an empty plaintext has one empty segment). */
  public long segmentCount(long length) {
    long first = firstSegmentPlaintextBytes();
    if (length <= first) return 1;
    return 1 + ceilDiv(length - first, PLAINTEXT_SEGMENT_BYTES);
  }

  /** The total blob size for a plaintext of {@code length} bytes. */
  public long ciphertextLength(long length) {
    return headerBytes() + length + segmentCount(length) * TAG_BYTES;
  }

  /** The segment holding plaintext offset {@code p}. */
  public long segmentOf(long p) {
    long first = firstSegmentPlaintextBytes();
    return p < first ? 0 : 1 + (p - first) / PLAINTEXT_SEGMENT_BYTES;
  }

  /** Plaintext offset where segment {@code i} starts. */
  public long plaintextStart(long i) {
    return i == 0 ? 0 : firstSegmentPlaintextBytes() + (i - 1) * PLAINTEXT_SEGMENT_BYTES;
  }

  /** Blob offset where segment {@code i}'s ciphertext starts. */
  public long ciphertextStart(long i) {
    return i == 0 ? headerBytes() : i * (long) CIPHERTEXT_SEGMENT_BYTES;
  }

  /**
   * The segments to read and decrypt for plaintext bytes {@code [first, last]} of a blob holding
   * {@code length} plaintext bytes: a pure function, so every range read decrypts exactly the
   * segments it touches.
   */
  public CiphertextSpan span(long length, long first, long last) {
    if (first < 0 || last < first || last >= length) {
      throw new IllegalArgumentException("range " + first + "-" + last + " outside " + length + " bytes");
    }
    long firstSeg = segmentOf(first);
    long lastSeg = segmentOf(last);
    long lastOfBlob = segmentCount(length) - 1;
    long ctStart = ciphertextStart(firstSeg);
    long ctEnd = lastSeg == lastOfBlob ? ciphertextLength(length) : ciphertextStart(lastSeg + 1);
    return new CiphertextSpan(firstSeg, lastSeg, lastOfBlob, ctStart, ctEnd - ctStart,
        first - plaintextStart(firstSeg), last - first + 1);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
