package io.coffer.core.iam.policy;

/**
 * The outcome of evaluating policies for one request. Only {@link #ALLOW} grants access; the two
 * denials differ in that an explicit one is final, whereas an implicit one may still be overturned
 * by another source of grants (a bucket policy, an ACL, ownership) at the caller's discretion.
 */
public enum Decision {
  /** A matching Deny statement: final, whatever else allows. */
  EXPLICIT_DENY,
  /** A matching Allow statement and no matching Deny. */
  ALLOW,
  /** Nothing matched. */
  IMPLICIT_DENY;

  public boolean isAllowed() {
    return this == ALLOW;
  }

  /**
   * Joins decisions from independent sources the way OSS joins the RAM decision with the bucket
   * policy's: any explicit deny wins, else any allow, else an implicit deny.
   */
  public static Decision combine(Decision... decisions) {
    Decision result = IMPLICIT_DENY;
    for (Decision d : decisions) {
      if (d == EXPLICIT_DENY) return EXPLICIT_DENY;
      if (d == ALLOW) result = ALLOW;
    }
    return result;
  }
}
