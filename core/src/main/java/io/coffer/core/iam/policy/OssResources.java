package io.coffer.core.iam.policy;

/**
 * Resource ARNs of OSS requests, as RAM and bucket policies name them:
 * {@code acs:oss:*:{owner}:{bucket}[/{object}]}. The region part is always {@code *}, the only
 * value OSS allows there. {@code owner} is the bucket owner's account UID, not the caller's.
 * Object keys go in raw (no escaping), so a key holding {@code *} is matched literally by
 * patterns and never acts as a wildcard itself.
 */
public final class OssResources {
  private OssResources() {}

  /** Service-level requests (ListBuckets): {@code acs:oss:*:{account}:*}. */
  public static String service(String accountId) {
    return "acs:oss:*:" + require(accountId, "account") + ":*";
  }

  /** Bucket-level requests (PutBucket, GetBucketAcl, ListObjects, ...): {@code acs:oss:*:{owner}:{bucket}}. */
  public static String bucket(String ownerAccountId, String bucket) {
    return "acs:oss:*:" + require(ownerAccountId, "owner") + ":" + require(bucket, "bucket");
  }

  /** Object-level requests (GetObject, PutObject, ...): {@code acs:oss:*:{owner}:{bucket}/{key}}. */
  public static String object(String ownerAccountId, String bucket, String key) {
    return bucket(ownerAccountId, bucket) + "/" + require(key, "object key");
  }

  static String require(String value, String what) {
    if (value == null || value.isEmpty()) throw new IllegalArgumentException("empty " + what);
    return value;
  }
}
