package io.coffer.core.storage;

import io.coffer.core.model.BucketName;
import io.coffer.core.model.ContentHeaders;
import io.coffer.core.model.EncryptionInfo;
import io.coffer.core.model.ObjectAcl;
import io.coffer.core.model.ObjectKey;
import io.coffer.core.model.StorageClass;
import java.time.Instant;

/**
 * An unfinished multipart upload: what InitiateMultipartUpload fixed for the final object.
 *
 * @param uploadId 32 upper-case hex digits
 * @param sequential whether parts must arrive in order (and the object then gets a Content-MD5)
 * @param encryption the data key and cipher every part is sealed with, or null
 */
public record Upload(String uploadId, BucketName bucket, ObjectKey key, Instant initiated, ContentHeaders headers,
    StorageClass storageClass, ObjectAcl acl, boolean sequential, EncryptionInfo encryption) {

  /** An upload of an unencrypted object. */
  public Upload(String uploadId, BucketName bucket, ObjectKey key, Instant initiated, ContentHeaders headers,
      StorageClass storageClass, ObjectAcl acl, boolean sequential) {
    this(uploadId, bucket, key, initiated, headers, storageClass, acl, sequential, null);
  }

  public Upload {
    if (uploadId == null || bucket == null || key == null || initiated == null || headers == null
        || storageClass == null || acl == null) {
      throw new IllegalArgumentException("incomplete upload");
    }
  }
}
