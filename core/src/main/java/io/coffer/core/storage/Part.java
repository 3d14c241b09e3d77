package io.coffer.core.storage;

import io.coffer.core.model.BlobId;
import java.time.Instant;

/**
 * One uploaded part.
 *
 * @param etag upper-case hex MD5 of the part's plaintext, without quotes
 * @param md5Base64 base64 MD5 of the part (kept so a sequential upload can produce Content-MD5)
 */
public record Part(String uploadId, int partNumber, String etag, String md5Base64, long size, long crc64,
    Instant lastModified, BlobId blob) {
  public Part {
    if (uploadId == null || etag == null || lastModified == null || blob == null || partNumber < 1 || size < 0) {
      throw new IllegalArgumentException("incomplete part");
    }
  }
}
