package io.coffer.core.storage;

import io.coffer.core.model.BlobId;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One blob being written. Write through {@link #stream()} (do not close that stream yourself), then
 * {@link #commit()}; or {@link #close()} to discard. {@code close()} is idempotent and does nothing
 * after a commit.
 */
public interface BlobWriter extends Closeable {

  /** The id the blob will have once committed (known up front so sealing can bind it). */
  BlobId id();

  /** The stream to write the blob's bytes to; owned by this writer. */
  OutputStream stream();

  /**
   * Makes the blob durable and visible: flush, fsync, rename into place, fsync the directory.
   * Returns its id. Only after this returns may metadata refer to the blob.
   */
  BlobId commit() throws IOException;

  /** Discards the blob unless it was committed. */
  @Override
  void close() throws IOException;
}
