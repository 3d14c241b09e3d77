package io.coffer.core.model;

import java.time.Instant;

/**
 * A bucket's stored state.
 *
 * @param owner the owning account id
 */
public record Bucket(BucketName name, String owner, Instant created, BucketAcl acl, StorageClass storageClass,
    String redundancyType) {
  public Bucket {
    if (name == null || owner == null || created == null || acl == null || storageClass == null) {
      throw new IllegalArgumentException("incomplete bucket");
    }
    if (redundancyType == null) redundancyType = "LRS";
  }

  public Bucket withAcl(BucketAcl newAcl) {
    return new Bucket(name, owner, created, newAcl, storageClass, redundancyType);
  }
}
