package io.coffer.core.iam.policy;

import java.nio.charset.StandardCharsets;

/**
 * Which grammar and size limit a policy document is held to.
 *
 * <p>RAM policy documents are limited to 6144 characters (the limit of the RAM API's Tea model;
 * older Alibaba pages say 2048 bytes or 4096 characters) and have no {@code Principal}. Bucket
 * policies are limited to 16 KB of UTF-8 and every statement names its {@code Principal}.
 */
public enum PolicyKind {
  /** Identity policies attached to RAM users: no {@code Principal}, at most 6144 characters. */
  RAM(6144, false),
  /** OSS bucket policies: {@code Principal} required, at most 16384 bytes of UTF-8. */
  BUCKET(16 * 1024, true);

  private final int defaultMaxSize;
  private final boolean principalRequired;

  PolicyKind(int defaultMaxSize, boolean principalRequired) {
    this.defaultMaxSize = defaultMaxSize;
    this.principalRequired = principalRequired;
  }

  /** The limit {@link Policy#parse(String, PolicyKind)} applies, in the unit of {@link #sizeOf}. */
  public int defaultMaxSize() {
    return defaultMaxSize;
  }

  /** Bucket policies need a {@code Principal} in every statement; RAM policies must not have one. */
  public boolean principalRequired() {
    return principalRequired;
  }

  /** A document's size as the limit counts it: Unicode characters for RAM, UTF-8 bytes for buckets. */
  public int sizeOf(String document) {
    return this == RAM ? document.codePointCount(0, document.length())
        : document.getBytes(StandardCharsets.UTF_8).length;
  }

  String unit() {
    return this == RAM ? "characters" : "bytes";
  }
}
