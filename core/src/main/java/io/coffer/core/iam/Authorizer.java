package io.coffer.core.iam;

import io.coffer.core.error.CofferException;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;

/**
 * The one place that decides whether a caller may perform an action on a resource. Today: the
 * owning account may do everything with its buckets; other callers, anonymous ones included, get
 * what the bucket's or object's canned ACL grants. RAM policies and bucket policies join here.
 */
public final class Authorizer {

  /**
   * @param bucket the bucket acted on, or null for account-level actions
   * @param effectiveAcl the ACL in force for the resource (the object's, resolved against the
   *     bucket's), or null to use the bucket's
   * @throws CofferException.AccessDenied when the caller may not
   */
  public void authorize(Principal caller, OssAction action, Bucket bucket, BucketAcl effectiveAcl) {
    if (!caller.isAnonymous()) {
      if (bucket == null || bucket.owner().equals(caller.accountId())) return;
    } else if (action.access() == OssAction.Access.ACCOUNT) {
      throw new CofferException.AccessDenied("AccessDenied: anonymous access to the service is not allowed.");
    }
    BucketAcl acl = effectiveAcl != null ? effectiveAcl : bucket == null ? BucketAcl.PRIVATE : bucket.acl();
    boolean allowed = switch (action.access()) {
      case READ -> acl == BucketAcl.PUBLIC_READ || acl == BucketAcl.PUBLIC_READ_WRITE;
      case WRITE -> acl == BucketAcl.PUBLIC_READ_WRITE;
      case ACCOUNT, OWNER -> false;
    };
    if (!allowed) {
      throw new CofferException.AccessDenied(caller.isAnonymous()
          ? "You have no right to access this object because of bucket acl."
          : "The bucket you access does not belong to you.");
    }
  }

  /**
   * KMS actions on a resource of {@code resourceAccount} (a key, alias or the account's key
   * container). Today: only the owning account's own callers; RAM policies join here.
   *
   * @throws CofferException.AccessDenied when the caller may not
   */
  public void authorize(Principal caller, KmsAction action, String resourceAccount, String resourceArn) {
    if (caller.isAnonymous() || !caller.accountId().equals(resourceAccount)) {
      throw new CofferException.AccessDenied("This operation is forbidden by permission system.");
    }
  }

  /**
   * RAM actions on the caller's own account's identities and policies, named by their ARNs
   * ({@code acs:ram:*:<account>:user/<name>}, {@code acs:ram:*:system:policy/<name>}, ...; two for
   * attaching, the user's and the policy's). Today: only the account's root identity; RAM policies
   * join here.
   *
   * @throws CofferException.AccessDenied when the caller may not
   */
  public void authorize(Principal caller, RamAction action, String... resourceArns) {
    if (!caller.isRoot()) throw new CofferException.AccessDenied("You are not authorized to do this action.");
  }
}
