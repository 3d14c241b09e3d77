package io.coffer.core.object;

import io.coffer.core.error.CofferException;
import io.coffer.core.hash.HashingInputStream;
import io.coffer.core.hash.PlaintextDigest;
import io.coffer.core.model.BlobId;
import io.coffer.core.model.ByteRange;
import io.coffer.core.model.Extent;
import io.coffer.core.storage.BlobStore;
import io.coffer.core.storage.BlobWriter;
import io.coffer.core.crypto.CiphertextSpan;
import io.coffer.core.crypto.OpeningInputStream;
import io.coffer.core.crypto.SealedBlobException;
import io.coffer.core.crypto.SealingOutputStream;
import io.coffer.core.crypto.SegmentLayout;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves object bytes between streams and blobs: the write path (hash the plaintext while it streams
 * into a new blob, sealing it into AEAD segments when the object is encrypted) and the read path
 * (the plaintext of a range, across extents, opening only the segments the range touches). The
 * plaintext of an encrypted object exists only in memory buffers here; only sealed segments reach
 * the blob store.
 */
public final class ObjectData {
  private static final Logger log = LoggerFactory.getLogger(ObjectData.class);
  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private final BlobStore blobs;
  private final SecureRandom random;
  private final AtomicLong integrityFailures = new AtomicLong();
  private final ReadPins pins = new ReadPins();

  public ObjectData(BlobStore blobs, SecureRandom random) {
    this.blobs = blobs;
    this.random = random;
  }

  /** How many reads found sealed data that did not authenticate, since start. */
  public long integrityFailures() {
    return integrityFailures.get();
  }

  /**
   * What a blob's key derivation is bound to: its own id, so a blob moved under another extent
   * (another object's, or another part of the same object) does not open.
   */
  static byte[] blobContext(BlobId id) {
    return ("coffer:blob:" + id.value()).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Keeps every blob that metadata names from now on readable until the pin is closed: take it
   * before looking up the record of what you will read, so a concurrent overwrite or delete cannot
   * remove the blobs under the read. Closing is idempotent; the caller owns the pin.
   */
  public Pin pin() {
    return new Pin(pins.pin());
  }

  /** A read in progress; see {@link #pin()}. */
  public final class Pin implements AutoCloseable {
    private final long epoch;
    private boolean closed;

    private Pin(long epoch) {
      this.epoch = epoch;
    }

    /** {@code in}, which releases this pin when it is closed; the caller owns the result. */
    public InputStream releasedBy(InputStream in) {
      return new java.io.FilterInputStream(in) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            Pin.this.close();
          }
        }
      };
    }

    @Override
    public void close() {
      synchronized (this) {
        if (closed) return;
        closed = true;
      }
      deleteNow(pins.unpin(epoch));
    }
  }

  /** A committed blob and what its plaintext hashed to. */
  public record WrittenBlob(BlobId blob, PlaintextDigest digest) {
    public Extent extent() {
      return new Extent(blob, digest.size());
    }
  }

  /**
   * Streams {@code plaintext} into a new durable blob while hashing it.
   *
   * @param expectedLength the declared length, or -1 when unknown (chunked)
   * @param maxBytes the largest body allowed
   * @param expectedMd5 the client's Content-MD5 (16 bytes) or null
   * @throws CofferException.EntityTooLarge if the body exceeds {@code maxBytes}
   * @throws CofferException.InvalidDigest if the body does not match {@code expectedMd5}
   * @throws CofferException.InvalidRequest if the body is shorter or longer than declared
   */
  public WrittenBlob write(InputStream plaintext, long expectedLength, long maxBytes, byte[] expectedMd5) {
    return write(plaintext, expectedLength, maxBytes, expectedMd5, null);
  }

  /**
   * As {@link #write(InputStream, long, long, byte[])}, sealing the blob with {@code seal} when it
   * is not null (the caller keeps ownership of the seal).
   */
  public WrittenBlob write(InputStream plaintext, long expectedLength, long maxBytes, byte[] expectedMd5,
      DataSeal seal) {
    if (expectedLength > maxBytes) throw new CofferException.EntityTooLarge();
    try (BlobWriter w = blobs.create()) {
      HashingInputStream in = new HashingInputStream(plaintext, maxBytes);
      OutputStream out = seal == null ? w.stream()
          : new SealingOutputStream(w.stream(), seal.suite(), seal.key(), blobContext(w.id()), random);
      byte[] buf = new byte[COPY_BUFFER_BYTES];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
      } catch (HashingInputStream.TooLargeException e) {
        throw new CofferException.EntityTooLarge();
      } catch (SealedBlobException e) {
        // Only opening throws this, so the input was another object's sealed data (a copy source)
        // that failed authentication: already logged and counted by the read side; the new blob
        // is dropped uncommitted.
        throw new CofferException.IntegrityViolation("the source data failed its integrity check");
      } finally {
        java.util.Arrays.fill(buf, (byte) 0);
      }
      if (seal != null) out.close(); // seals the last segment; the blob is complete only after this
      PlaintextDigest d = in.digest();
      if (expectedLength >= 0 && d.size() != expectedLength) {
        throw new CofferException.InvalidRequest("The request body is shorter or longer than its Content-Length.");
      }
      if (expectedMd5 != null && !java.security.MessageDigest.isEqual(expectedMd5, d.md5())) {
        throw new CofferException.InvalidDigest();
      }
      return new WrittenBlob(w.commit(), d);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The plaintext of {@code range} of an object made of {@code extents}. The caller owns and closes
   * the stream. Blobs are opened one at a time as the reader reaches them.
   */
  public InputStream read(List<Extent> extents, ByteRange range) {
    return read(extents, range, null, "");
  }

  /**
   * The plaintext of {@code range}, opening sealed blobs with {@code seal} (which the returned
   * stream owns and destroys on close). The first segment is opened before this returns, so a
   * damaged start fails here, before a response is committed; damage further on ends the stream
   * with an IOException. Every authentication failure is logged (never with plaintext) and counted.
   *
   * @param what names the object in log lines
   * @throws CofferException.IntegrityViolation if the first bytes do not authenticate
   */
  public InputStream read(List<Extent> extents, ByteRange range, DataSeal seal, String what) {
    List<Slice> slices = new ArrayList<>();
    long pos = 0;
    for (Extent e : extents) {
      long start = pos;
      long end = pos + e.length(); // exclusive
      pos = end;
      if (end <= range.first() || start > range.last()) continue;
      long from = Math.max(range.first(), start) - start;
      long to = Math.min(range.last() + 1, end) - start;
      slices.add(new Slice(e.blob(), e.length(), from, to - from));
    }
    SliceInputStream in = new SliceInputStream(slices.iterator(), seal, what);
    if (seal == null) return in;
    PushbackInputStream primed = new PushbackInputStream(in, 1);
    try {
      int b = primed.read();
      if (b >= 0) primed.unread(b);
      return primed;
    } catch (IOException e) {
      closeQuietly(primed);
      throw new CofferException.IntegrityViolation("stored data of " + what + " failed its integrity check");
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // already failing
    }
  }

  /**
   * Deletes blobs no longer referenced, once no pinned read can still open them; failures leave
   * orphans for the start-up sweep, never errors.
   */
  public void deleteQuietly(Collection<BlobId> ids) {
    deleteNow(pins.retire(ids));
  }

  private void deleteNow(Collection<BlobId> ids) {
    for (BlobId id : ids) {
      try {
        blobs.delete(id);
      } catch (IOException e) {
        log.warn("could not delete blob {}; the next start-up sweep removes it", id, e);
      }
    }
  }

  /** Plaintext bytes {@code [offset, offset + length)} of an extent of {@code extentLength} bytes. */
  private record Slice(BlobId blob, long extentLength, long offset, long length) {}

  private final class SliceInputStream extends InputStream {
    private final Iterator<Slice> slices;
    private final DataSeal seal;
    private final String what;
    private InputStream current;
    private BlobId currentBlob;
    private boolean closed;

    SliceInputStream(Iterator<Slice> slices, DataSeal seal, String what) {
      this.slices = slices;
      this.seal = seal;
      this.what = what;
    }

    private boolean advance() throws IOException {
      while (current == null) {
        if (!slices.hasNext()) return false;
        Slice s = slices.next();
        if (s.length() == 0) continue;
        currentBlob = s.blob();
        current = seal == null ? blobs.open(s.blob(), s.offset(), s.length()) : openSealed(s);
      }
      return true;
    }

    /**
     * Reads the header and then the span's segments through one open of the blob (a small GET
     * would otherwise pay a second open, read and close for the header alone).
     */
    private InputStream openSealed(Slice s) throws IOException {
      SegmentLayout layout = new SegmentLayout(seal.suite());
      CiphertextSpan span = layout.span(s.extentLength(), s.offset(), s.offset() + s.length() - 1);
      long blobLength = blobs.size(s.blob());
      long end = Math.min(span.ciphertextOffset() + span.ciphertextLength(), blobLength);
      InputStream in = blobs.open(s.blob(), 0, Math.max(end, Math.min(layout.headerBytes(), blobLength)));
      try {
        byte[] header = in.readNBytes(layout.headerBytes());
        // A blob too short to reach the span fails the length check in OpeningInputStream.
        for (long skip = span.ciphertextOffset() - header.length, k; skip > 0; skip -= k) {
          if ((k = in.skip(skip)) <= 0) break;
        }
        return new OpeningInputStream(header, in, span, blobLength, s.extentLength(), seal.key(),
            blobContext(s.blob()));
      } catch (IOException | RuntimeException e) {
        in.close();
        throw e;
      }
    }

    private SealedBlobException failed(BlobId blob, SealedBlobException e) {
      integrityFailures.incrementAndGet();
      log.error("integrity failure reading {} (blob {}): {}", what, blob, e.getMessage());
      return e;
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
      try {
        while (advance()) {
          int n = current.read(b, off, len);
          if (n > 0) return n;
          current.close();
          current = null;
        }
        return -1;
      } catch (SealedBlobException e) {
        throw failed(currentBlob, e);
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) return;
      closed = true;
      try {
        if (current != null) current.close();
      } finally {
        if (seal != null) seal.close();
      }
    }
  }
}
