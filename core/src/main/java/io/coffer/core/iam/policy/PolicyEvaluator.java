package io.coffer.core.iam.policy;

import java.util.Collection;

/**
 * Decides a request against policies: any applicable Deny statement gives
 * {@link Decision#EXPLICIT_DENY}, otherwise any applicable Allow gives {@link Decision#ALLOW},
 * otherwise {@link Decision#IMPLICIT_DENY}. Statement order and policy order never matter.
 *
 * <p>This class only evaluates documents. Who needs policies at all (an account's root identity
 * needs none on its own resources), which policies are attached to a caller, and how the RAM
 * decision, the bucket policy's decision and ACLs combine (docs/iam/policy-language.md, "Putting
 * decisions together") are the caller's business. Stateless and thread-safe.
 */
public final class PolicyEvaluator {

  /**
   * Evaluates RAM identity policies, e.g. all policies attached to a RAM user.
   *
   * @throws IllegalArgumentException if a bucket policy is among them: its Principal would be ignored
   */
  public Decision evaluate(Collection<Policy> policies, AccessRequest request) {
    boolean allowed = false;
    for (Policy policy : policies) {
      if (policy.kind() != PolicyKind.RAM) {
        throw new IllegalArgumentException("bucket policies go through evaluateBucketPolicy");
      }
      for (Statement s : policy.statements()) {
        // Once allowed, only a Deny can change the outcome.
        if (allowed && s.effect() == Effect.ALLOW) continue;
        if (!s.appliesTo(request)) continue;
        if (s.effect() == Effect.DENY) return Decision.EXPLICIT_DENY;
        allowed = true;
      }
    }
    return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
  }

  /**
   * Evaluates an OSS bucket policy for a caller. A statement applies when its {@code Principal}
   * names the caller ({@link PrincipalSet#matches}) and its action, resource and conditions match,
   * with one exception from OSS: a statement that names the bucket owner's root identity only
   * through {@code "*"} and has no Condition does not apply to it. With a Condition it does, so an
   * owner can lock itself out, as in OSS; a statement naming the owner's account UID applies too.
   *
   * @throws IllegalArgumentException if {@code policy} is a RAM policy
   */
  public Decision evaluateBucketPolicy(Policy policy, CallerIdentity caller, AccessRequest request) {
    if (policy.kind() != PolicyKind.BUCKET) throw new IllegalArgumentException("not a bucket policy");
    boolean allowed = false;
    for (Statement s : policy.statements()) {
      if (allowed && s.effect() == Effect.ALLOW) continue;
      PrincipalSet principal = s.principal().orElseThrow();
      if (!principal.matches(caller)) continue;
      if (caller.isBucketOwnerRoot() && s.conditions().isEmpty() && !principal.entries().contains(caller.accountId())) {
        continue; // it names the owner only through "*"
      }
      if (!s.appliesTo(request)) continue;
      if (s.effect() == Effect.DENY) return Decision.EXPLICIT_DENY;
      allowed = true;
    }
    return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
  }
}
