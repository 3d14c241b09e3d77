package io.coffer.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Opens the segments of a {@link CiphertextSpan} and yields exactly the plaintext range it
 * describes. Each segment is authenticated whole before any of its bytes is returned; a segment
 * that fails (tampered, truncated, moved, or sealed under another key or context) ends the stream
 * with {@link SealedBlobException}, and whatever of it was written into the reader's buffer is
 * zeroed first. Closing closes the ciphertext stream. Not thread-safe.
 */
public final class OpeningInputStream extends InputStream {
  private final InputStream ciphertext;
  private final BlobHeader header;
  private final SegmentCipher cipher;
  private final CiphertextSpan span;
  private final byte[] sealed;
  /** Holds a segment only part of which the reader takes; allocated when first needed. */
  private byte[] plain;
  private long nextSegment;
  private int pos;
  private int limit;
  private long remaining;
  private boolean closed;

  /**
   * @param headerBytes the blob's first {@code layout.headerBytes()} bytes
   * @param ciphertext the span's bytes, from {@code span.ciphertextOffset()}; owned by this stream
   * @param blobLength the blob's stored length, checked against the plaintext length the span was
   *     computed for so that extra or missing trailing segments are caught too
   */
  public OpeningInputStream(byte[] headerBytes, InputStream ciphertext, CiphertextSpan span, long blobLength,
      long plaintextLength, KeyMaterial dataKey, byte[] context) throws IOException {
    this.ciphertext = ciphertext;
    this.span = span;
    try {
      this.header = BlobHeader.decode(headerBytes);
      if (blobLength != header.layout.ciphertextLength(plaintextLength)) {
        throw new SealedBlobException("sealed blob has " + blobLength + " bytes, expected "
            + header.layout.ciphertextLength(plaintextLength));
      }
      byte[] ikm = dataKey.bytes();
      byte[] blobKey = header.deriveKey(ikm, context);
      try {
        this.cipher = SegmentCipher.create(header.layout.suite(), blobKey);
      } catch (GeneralSecurityException e) {
        throw new IOException("cipher unavailable", e);
      } finally {
        Arrays.fill(ikm, (byte) 0);
        Arrays.fill(blobKey, (byte) 0);
      }
    } catch (IOException | RuntimeException e) {
      ciphertext.close();
      throw e;
    }
    // No segment of the span is longer than the span, so a small object or range never pays for
    // two full-segment buffers (a 4 KiB GET would otherwise allocate and zero 128 KiB).
    this.sealed = new byte[(int) Math.min(SegmentLayout.CIPHERTEXT_SEGMENT_BYTES, span.ciphertextLength())];
    this.nextSegment = span.firstSegment();
    this.remaining = span.plaintextLength();
  }

  /** The suite named by a blob's header (unverified until a segment opens). */
  public static CipherSuite suiteOf(byte[] headerBytes) throws SealedBlobException {
    return BlobHeader.decode(headerBytes).layout.suite();
  }

  private boolean fill() throws IOException {
    while (pos == limit) {
      if (remaining == 0 || nextSegment > span.lastSegment()) return false;
      long i = nextSegment;
      if (plain == null) plain = new byte[sealed.length];
      int opened = openNext(plain, 0);
      int skip = i == span.firstSegment() ? (int) span.skipBytes() : 0;
      pos = skip;
      limit = (int) Math.min(opened, skip + remaining);
    }
    return true;
  }

  /**
   * Reads segment {@code nextSegment}, authenticates it and writes its plaintext to {@code dst},
   * which must have room for the whole segment. On failure the part of {@code dst} it may have
   * written is zeroed before the exception, so no unauthenticated byte stays behind.
   */
  private int openNext(byte[] dst, int dstOff) throws IOException {
    long i = nextSegment;
    boolean last = i == span.lastSegmentOfBlob();
    int expected = ciphertextBytes(i);
    int n = ciphertext.readNBytes(sealed, 0, expected);
    if (n != expected) throw new SealedBlobException("sealed blob truncated in segment " + i);
    try {
      int opened = cipher.open(header.nonce(i, last), sealed, 0, n, dst, dstOff);
      nextSegment++;
      return opened;
    } catch (GeneralSecurityException e) {
      Arrays.fill(dst, dstOff, dstOff + Math.max(0, n - SegmentLayout.TAG_BYTES), (byte) 0);
      throw new SealedBlobException("segment " + i + " failed authentication", e);
    }
  }

  private int ciphertextBytes(long i) {
    return (int) Math.min(SegmentLayout.CIPHERTEXT_SEGMENT_BYTES, segmentCiphertextBytes(i, i == span.lastSegmentOfBlob()));
  }

  /** Ciphertext bytes of segment {@code i}, or an upper bound for the last one (read to the span's end). */
  private long segmentCiphertextBytes(long i, boolean last) {
    long start = header.layout.ciphertextStart(i);
    if (!last) return i == 0 ? SegmentLayout.CIPHERTEXT_SEGMENT_BYTES - header.layout.headerBytes()
        : SegmentLayout.CIPHERTEXT_SEGMENT_BYTES;
    return span.ciphertextOffset() + span.ciphertextLength() - start;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) throw new IOException("stream closed");
    if (len == 0) return 0;
    if (pos == limit && remaining > 0 && nextSegment <= span.lastSegment()) {
      // A segment the reader takes whole, into a buffer that holds it, is opened straight into
      // that buffer: one copy of every byte fewer on a GET (64 KiB reads take whole segments).
      int segmentPlaintext = ciphertextBytes(nextSegment) - SegmentLayout.TAG_BYTES;
      boolean skips = nextSegment == span.firstSegment() && span.skipBytes() > 0;
      if (!skips && segmentPlaintext <= remaining && segmentPlaintext <= len) {
        int opened = openNext(b, off);
        remaining -= opened;
        return opened;
      }
    }
    if (!fill()) return -1;
    int n = Math.min(len, limit - pos);
    System.arraycopy(plain, pos, b, off, n);
    pos += n;
    remaining -= n;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    if (plain != null) Arrays.fill(plain, (byte) 0);
    cipher.destroy();
    ciphertext.close();
  }
}
