package io.coffer.core.model;

import java.time.Instant;
import java.util.List;

/**
 * One object's committed metadata. ETag, Content-MD5 and CRC-64 describe the plaintext, whatever
 * the blobs hold.
 *
 * @param etag upper-case hex, without quotes ({@code MD5} or {@code MD5-of-part-ETags-N})
 * @param contentMd5 base64 MD5 of the whole plaintext, or null where OSS does not return one
 * @param crc64 CRC-64/XZ of the whole plaintext (unsigned, stored in a long)
 * @param extents where the bytes are, in order; their lengths add up to {@code size}
 * @param encryption how the blobs are sealed, or null for plaintext blobs
 */
public record ObjectRecord(BucketName bucket, ObjectKey key, ObjectType type, long size, String etag,
    String contentMd5, long crc64, Instant lastModified, ContentHeaders headers, StorageClass storageClass,
    ObjectAcl acl, List<Extent> extents, EncryptionInfo encryption) {

  /** An unencrypted object. */
  public ObjectRecord(BucketName bucket, ObjectKey key, ObjectType type, long size, String etag, String contentMd5,
      long crc64, Instant lastModified, ContentHeaders headers, StorageClass storageClass, ObjectAcl acl,
      List<Extent> extents) {
    this(bucket, key, type, size, etag, contentMd5, crc64, lastModified, headers, storageClass, acl, extents, null);
  }

  public ObjectRecord {
    if (bucket == null || key == null || type == null || etag == null || lastModified == null || headers == null
        || storageClass == null || acl == null || extents == null) {
      throw new IllegalArgumentException("incomplete object record");
    }
    extents = List.copyOf(extents);
    long sum = 0;
    for (Extent e : extents) sum += e.length();
    if (sum != size) throw new IllegalArgumentException("extents do not add up to the size");
  }

  public ObjectRecord withAcl(ObjectAcl newAcl) {
    return new ObjectRecord(bucket, key, type, size, etag, contentMd5, crc64, lastModified, headers, storageClass,
        newAcl, extents, encryption);
  }

  public ObjectRecord withEncryption(EncryptionInfo newEncryption) {
    return new ObjectRecord(bucket, key, type, size, etag, contentMd5, crc64, lastModified, headers, storageClass, acl,
        extents, newEncryption);
  }
}
