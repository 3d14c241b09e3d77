package io.coffer.core.storage;

import io.coffer.core.model.BlobId;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Immutable blobs of bytes, named by random ids. A blob becomes visible only through
 * {@link BlobWriter#commit()}, after its bytes are durable; until then it lives in a temporary area
 * that {@link #clearTemporary()} empties. Implementations are thread-safe.
 */
public interface BlobStore extends AutoCloseable {

  /** Starts a new blob. The caller owns the writer and must close it; closing without commit discards it. */
  BlobWriter create() throws IOException;

  /**
   * Opens {@code length} bytes of a committed blob from {@code offset}. The caller owns and closes
   * the stream.
   *
   * @throws java.nio.file.NoSuchFileException if the blob does not exist
   */
  InputStream open(BlobId id, long offset, long length) throws IOException;

  /** The stored length of a committed blob. */
  long size(BlobId id) throws IOException;

  /** Removes a committed blob; does nothing if it is already gone. */
  void delete(BlobId id) throws IOException;

  /** Visits every committed blob (used by the orphan sweep). */
  void forEach(Consumer<BlobId> visitor) throws IOException;

  /** Removes every uncommitted blob; call only while no writer is open (at start-up). */
  void clearTemporary() throws IOException;

  @Override
  void close();
}
