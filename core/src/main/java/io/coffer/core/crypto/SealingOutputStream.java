package io.coffer.core.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Seals plaintext into a blob of AEAD segments (docs/crypto-format.md). A full segment is held
 * back until more plaintext arrives, so that the segment sealed by {@link #close()} is the one
 * carrying the last-segment flag. Closing writes that last segment and is what makes the blob
 * complete: commit the blob only after {@code close()} returned. {@code close()} is idempotent and
 * does not close the underlying stream (the blob writer owns it). Not thread-safe.
 */
public final class SealingOutputStream extends OutputStream {
  private final OutputStream out;
  private final BlobHeader header;
  private final SegmentCipher cipher;
  /** First size of the segment buffers; they grow to a full segment only if the blob needs it. */
  static final int INITIAL_BUFFER_BYTES = 8 * 1024;

  // Small blobs (most objects by count) should not allocate and zero two full-segment buffers.
  private byte[] plain = new byte[INITIAL_BUFFER_BYTES];
  private byte[] sealed = new byte[0];
  private int filled;
  private long segment;
  private boolean headerWritten;
  private boolean closed;

  /**
   * @param dataKey the object's data key (not retained beyond key derivation)
   * @param context bytes bound into the key derivation (who this blob belongs to)
   */
  public SealingOutputStream(OutputStream out, CipherSuite suite, KeyMaterial dataKey, byte[] context,
      SecureRandom random) throws IOException {
    this.out = out;
    SegmentLayout layout = new SegmentLayout(suite);
    byte[] salt = new byte[suite.keyBytes()];
    byte[] noncePrefix = new byte[SegmentLayout.NONCE_PREFIX_BYTES];
    random.nextBytes(salt);
    random.nextBytes(noncePrefix);
    this.header = new BlobHeader(layout, salt, noncePrefix);
    byte[] ikm = dataKey.bytes();
    byte[] blobKey = header.deriveKey(ikm, context);
    try {
      this.cipher = SegmentCipher.create(suite, blobKey);
    } catch (GeneralSecurityException e) {
      throw new IOException("cipher unavailable", e);
    } finally {
      Arrays.fill(ikm, (byte) 0);
      Arrays.fill(blobKey, (byte) 0);
    }
  }

  private int capacity() {
    return segment == 0 ? header.layout.firstSegmentPlaintextBytes() : SegmentLayout.PLAINTEXT_SEGMENT_BYTES;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) throw new IOException("stream closed");
    while (len > 0) {
      if (filled == capacity()) sealSegment(false);
      int n = Math.min(len, capacity() - filled);
      if (filled + n > plain.length) growToFullSegment();
      System.arraycopy(b, off, plain, filled, n);
      filled += n;
      off += n;
      len -= n;
    }
  }

  private void growToFullSegment() {
    byte[] full = new byte[SegmentLayout.PLAINTEXT_SEGMENT_BYTES];
    System.arraycopy(plain, 0, full, 0, filled);
    Arrays.fill(plain, (byte) 0);
    plain = full;
  }

  private void sealSegment(boolean last) throws IOException {
    if (!headerWritten) {
      out.write(header.encode());
      headerWritten = true;
    }
    if (sealed.length < filled + SegmentLayout.TAG_BYTES) sealed = new byte[plain.length + SegmentLayout.TAG_BYTES];
    try {
      int n = cipher.seal(header.nonce(segment, last), plain, 0, filled, sealed, 0);
      out.write(sealed, 0, n);
    } catch (GeneralSecurityException e) {
      throw new IOException("sealing a segment failed", e);
    }
    segment++;
    filled = 0;
  }

  /** Seals the last segment (flagged as last) and flushes; the underlying stream stays open. */
  @Override
  public void close() throws IOException {
    if (closed) return;
    try {
      sealSegment(true);
      out.flush();
    } finally {
      closed = true;
      Arrays.fill(plain, (byte) 0);
      cipher.destroy();
    }
  }
}
