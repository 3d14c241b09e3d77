package io.coffer.core.object;

import io.coffer.core.error.CofferException;
import io.coffer.core.hash.HashingInputStream;
import io.coffer.core.hash.PlaintextDigest;
import io.coffer.core.model.BlobId;
import io.coffer.core.model.ByteRange;
import io.coffer.core.model.Extent;
import io.coffer.core.storage.BlobStore;
import io.coffer.core.storage.BlobWriter;
import java.io.IOException;
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
 * into a new blob) and the read path (the bytes of a range, across extents). This is where sealing
 * into encrypted segments plugs in; today blobs hold the plaintext as is.
 */
public final class ObjectData {
  private static final Logger log = LoggerFactory.getLogger(ObjectData.class);
  private static final int COPY_BUFFER_BYTES = 64 * 1024;

  private final BlobStore blobs;
  private final ReadPins pins = new ReadPins();

  public ObjectData(BlobStore blobs) {
    this.blobs = blobs;
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
    if (expectedLength > maxBytes) throw new CofferException.EntityTooLarge();
    try (BlobWriter w = blobs.create()) {
      HashingInputStream in = new HashingInputStream(plaintext, maxBytes);
      OutputStream out = w.stream();
      byte[] buf = new byte[COPY_BUFFER_BYTES];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
      } catch (HashingInputStream.TooLargeException e) {
        throw new CofferException.EntityTooLarge();
      }
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
    List<Slice> slices = new ArrayList<>();
    long pos = 0;
    for (Extent e : extents) {
      long start = pos;
      long end = pos + e.length(); // exclusive
      pos = end;
      if (end <= range.first() || start > range.last()) continue;
      long from = Math.max(range.first(), start) - start;
      long to = Math.min(range.last() + 1, end) - start;
      slices.add(new Slice(e.blob(), from, to - from));
    }
    return new SliceInputStream(slices.iterator());
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

  private record Slice(BlobId blob, long offset, long length) {}

  private final class SliceInputStream extends InputStream {
    private final Iterator<Slice> slices;
    private InputStream current;
    private boolean closed;

    SliceInputStream(Iterator<Slice> slices) {
      this.slices = slices;
    }

    private boolean advance() throws IOException {
      while (current == null) {
        if (!slices.hasNext()) return false;
        Slice s = slices.next();
        if (s.length() == 0) continue;
        current = blobs.open(s.blob(), s.offset(), s.length());
      }
      return true;
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
      while (advance()) {
        int n = current.read(b, off, len);
        if (n > 0) return n;
        current.close();
        current = null;
      }
      return -1;
    }

    @Override
    public void close() throws IOException {
      if (closed) return;
      closed = true;
      if (current != null) current.close();
    }
  }
}
