package io.coffer.core.iam.policy;

import io.coffer.core.iam.Principal;

/**
 * The caller as a bucket policy sees it: who signed the request, and whether that identity
 * belongs to the account that owns the bucket (which changes how {@code "Principal": "*"}
 * statements apply, see {@link PolicyEvaluator#evaluateBucketPolicy}).
 *
 * @param principal the authenticated caller (root, RAM user or anonymous)
 * @param bucketOwnerAccount whether the caller acts for the bucket's owning account
 */
public record CallerIdentity(Principal principal, boolean bucketOwnerAccount) {

  public CallerIdentity {
    if (principal == null) throw new IllegalArgumentException("null principal");
    if (bucketOwnerAccount && principal.isAnonymous()) {
      throw new IllegalArgumentException("an anonymous caller cannot be the bucket owner");
    }
  }

  /** The caller of a request on a bucket owned by {@code bucketOwnerAccountId}. */
  public static CallerIdentity of(Principal principal, String bucketOwnerAccountId) {
    return new CallerIdentity(principal,
        !principal.isAnonymous() && principal.accountId().equals(bucketOwnerAccountId));
  }

  public String accountId() {
    return principal.accountId();
  }

  /** The RAM user's id; empty for the account itself and for anonymous callers. */
  public String userId() {
    return principal.userId();
  }

  public boolean isAnonymous() {
    return principal.isAnonymous();
  }

  /** The owning account's own identity (its root access key), not one of its RAM users. */
  public boolean isBucketOwnerRoot() {
    return bucketOwnerAccount && principal.isRoot();
  }
}
