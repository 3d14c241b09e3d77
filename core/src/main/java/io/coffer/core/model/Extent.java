package io.coffer.core.model;

/**
 * One stretch of an object's bytes, held in one blob. An object is its extents in order: one for a
 * PutObject, one per listed part for a multipart object, one per append for an appendable object.
 *
 * @param blob where the bytes are
 * @param length plaintext bytes in this extent
 */
public record Extent(BlobId blob, long length) {
  public Extent {
    if (blob == null || length < 0) throw new IllegalArgumentException("bad extent");
  }
}
