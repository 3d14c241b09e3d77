package io.coffer.core.iam;

import io.coffer.core.error.CofferException;
import io.coffer.core.iam.policy.AccessRequest;
import io.coffer.core.iam.policy.CallerIdentity;
import io.coffer.core.iam.policy.ConditionKeys;
import io.coffer.core.iam.policy.Decision;
import io.coffer.core.iam.policy.OssResources;
import io.coffer.core.iam.policy.Policy;
import io.coffer.core.iam.policy.PolicyEvaluator;
import io.coffer.core.model.Bucket;
import io.coffer.core.model.BucketAcl;
import io.coffer.core.model.ObjectKey;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides whether a caller may perform an action on a resource
 * (docs/iam/authorization.md). An account's own identity (its root access key) may do everything
 * with its resources; its RAM users may do what their attached policies allow; an OSS bucket's
 * policy grants and denies to anyone it names. An explicit Deny anywhere wins; with no Allow, OSS
 * data operations fall back to the bucket's or object's canned ACL, and everything else is denied.
 */
public final class Authorizer {
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_INSTANT;

  private final PolicyEvaluator evaluator = new PolicyEvaluator();
  private final Clock clock;
  private volatile PolicySource policies = PolicySource.NONE;

  public Authorizer() {
    this(Clock.systemUTC());
  }

  public Authorizer(Clock clock) {
    this.clock = clock;
  }

  /** Set once at start-up, when the services that hold the policies exist. */
  public void policies(PolicySource source) {
    this.policies = source;
  }

  // ---- OSS ----

  public void authorize(Principal caller, OssAction action, Bucket bucket, ObjectKey key, BucketAcl effectiveAcl) {
    authorize(caller, action, bucket, key, effectiveAcl, Map.of());
  }

  /**
   * @param bucket the bucket acted on (for PutBucket, the bucket about to be made), or null for
   *     service-level actions (ListBuckets)
   * @param key the object acted on, or null for bucket- and service-level actions
   * @param effectiveAcl the ACL in force for the resource (the object's, resolved against the
   *     bucket's), or null to use the bucket's
   * @param conditions operation facts policies may test ({@code oss:Prefix}, {@code oss:Delimiter},
   *     {@code oss:x-oss-server-side-encryption}, ...)
   * @throws CofferException.AccessDenied when the caller may not
   */
  public void authorize(Principal caller, OssAction action, Bucket bucket, ObjectKey key, BucketAcl effectiveAcl,
      Map<String, String> conditions) {
    if (bucket == null && caller.isAnonymous()) {
      // Service-level actions belong to an account; an anonymous caller names none.
      throw new CofferException.AccessDenied("AccessDenied: anonymous access to the service is not allowed.");
    }
    String owner = bucket == null ? caller.accountId() : bucket.owner();
    Optional<Policy> bucketPolicy = bucket == null ? Optional.empty() : policies.bucketPolicy(bucket);
    // The common case — the owning account's own key, no bucket policy — is allowed whatever the
    // request: no ARN, condition context or evaluation on that path.
    if (caller.isRoot() && caller.accountId().equals(owner) && bucketPolicy.isEmpty()) return;
    String resource = bucket == null ? OssResources.service(owner)
        : key == null ? OssResources.bucket(owner, bucket.name().value())
        : OssResources.object(owner, bucket.name().value(), key.value());
    if (action.managesBucketPolicy() && bucket != null) {
      // A bucket's policy is its owning account's business (docs/iam/policy-language.md, "Bucket
      // policies"): no policy lets another account or an anonymous caller read or change it, and
      // the owner's own identity always may, so no policy can lock the owner out for good.
      if (!CallerIdentity.of(caller, owner).bucketOwnerAccount()) {
        throw new CofferException.AccessDenied("The bucket you access does not belong to you.");
      }
      if (caller.isRoot()) return;
    }
    AccessRequest request = request(caller, action.policyName(), resource, conditions);
    Decision identity = identityDecision(caller, owner, request);
    Decision resourcePolicy = bucketPolicy
        .map(p -> evaluator.evaluateBucketPolicy(p, CallerIdentity.of(caller, owner), request))
        .orElse(Decision.IMPLICIT_DENY);
    Decision d = Decision.combine(identity, resourcePolicy);
    if (d == Decision.ALLOW) return;
    if (d == Decision.EXPLICIT_DENY) {
      throw new CofferException.AccessDenied("You have no right to perform " + action.policyName() + " on " + resource
          + ": an explicit Deny in a policy applies.");
    }
    aclFallback(caller, action, bucket, effectiveAcl, resource);
  }

  /** No policy decided: OSS data operations obey the canned ACL; management operations are denied. */
  private static void aclFallback(Principal caller, OssAction action, Bucket bucket, BucketAcl effectiveAcl,
      String resource) {
    if (caller.isAnonymous() && action.access() == OssAction.Access.ACCOUNT) {
      throw new CofferException.AccessDenied("AccessDenied: anonymous access to the service is not allowed.");
    }
    BucketAcl acl = effectiveAcl != null ? effectiveAcl : bucket == null ? BucketAcl.PRIVATE : bucket.acl();
    boolean allowed = switch (action.access()) {
      case READ -> acl == BucketAcl.PUBLIC_READ || acl == BucketAcl.PUBLIC_READ_WRITE;
      case WRITE -> acl == BucketAcl.PUBLIC_READ_WRITE;
      case ACCOUNT, OWNER -> false;
    };
    if (allowed) return;
    if (caller.isAnonymous()) {
      throw new CofferException.AccessDenied("You have no right to access this object because of bucket acl.");
    }
    if (caller.isRamUser() && bucket != null && caller.accountId().equals(bucket.owner())) {
      throw new CofferException.AccessDenied("You are not authorized to perform " + action.policyName() + " on "
          + resource + ": no policy allows it.");
    }
    throw new CofferException.AccessDenied("The bucket you access does not belong to you.");
  }

  // ---- KMS and RAM ----

  /**
   * KMS actions on a resource of {@code resourceAccount} (a key, an alias, or the account's key or
   * alias container).
   *
   * @throws CofferException.AccessDenied when the caller may not
   */
  public void authorize(Principal caller, KmsAction action, String resourceAccount, String resourceArn) {
    if (!allowedByIdentity(caller, resourceAccount, action.policyName(), resourceArn)) {
      // The KMS API answers its fixed text instead (RpcErrors); the console shows this one, which says what was refused.
      throw new CofferException.AccessDenied("You are not allowed to perform " + action.policyName() + " on "
          + resourceArn + ": no policy of the caller allows it, or a policy denies it.");
    }
  }

  /**
   * The KMS permissions OSS checks against its caller when SSE-KMS uses a CMK the caller named (or
   * a bucket rule names): seeds 000/002. The default OSS key needs none.
   *
   * @throws CofferException.AccessDenied "This request is forbidden by kms" when any is missing
   */
  public void authorizeKmsUse(Principal caller, String keyAccount, String keyArn, List<KmsAction> actions) {
    for (KmsAction a : actions) {
      if (!allowedByIdentity(caller, keyAccount, a.policyName(), keyArn)) {
        throw new CofferException.AccessDenied("This request is forbidden by kms (" + a.policyName() + " on " + keyArn
            + ").");
      }
    }
  }

  /**
   * Whether the caller's identity may do {@code action} on a resource of {@code resourceAccount}:
   * the account itself always, its RAM users when their policies allow it, nobody else.
   */
  private boolean allowedByIdentity(Principal caller, String resourceAccount, String action, String resourceArn) {
    if (caller.isAnonymous() || !caller.accountId().equals(resourceAccount)) return false;
    if (caller.isRoot()) return true;
    return evaluator.evaluate(policies.identityPolicies(caller), request(caller, action, resourceArn, Map.of()))
        == Decision.ALLOW;
  }

  /** The identity-policy decision for an OSS request on a resource owned by {@code owner}. */
  private Decision identityDecision(Principal caller, String owner, AccessRequest request) {
    if (caller.isAnonymous() || !caller.accountId().equals(owner)) return Decision.IMPLICIT_DENY;
    if (caller.isRoot()) return Decision.ALLOW;
    return evaluator.evaluate(policies.identityPolicies(caller), request);
  }

  /** The request as policies see it: action, resource, and the condition keys of §4.3. */
  private AccessRequest request(Principal caller, String action, String resource, Map<String, String> conditions) {
    AccessRequest r = AccessRequest.of(action, resource)
        .with(ConditionKeys.CURRENT_TIME, ISO.format(clock.instant()))
        .with(ConditionKeys.SECURE_TRANSPORT, Boolean.toString(caller.environment().secureTransport()));
    if (!caller.environment().sourceIp().isEmpty()) r = r.with(ConditionKeys.SOURCE_IP, caller.environment().sourceIp());
    if (!caller.environment().userAgent().isEmpty()) r = r.with(ConditionKeys.USER_AGENT, caller.environment().userAgent());
    if (!caller.accessKeyId().isEmpty()) r = r.with(ConditionKeys.ACCESS_ID, caller.accessKeyId());
    for (Map.Entry<String, String> c : conditions.entrySet()) r = r.with(c.getKey(), c.getValue());
    return r;
  }

  /**
   * RAM actions on the caller's own account's identities and policies, named by their ARNs
   * ({@code acs:ram:*:<account>:user/<name>}, {@code acs:ram:*:system:policy/<name>}, ...; two for
   * attaching, the user's and the policy's): the account itself, or a RAM user whose policies allow
   * the action on every one of them.
   *
   * @throws CofferException.AccessDenied when the caller may not
   */
  public void authorize(Principal caller, RamAction action, String... resourceArns) {
    for (String arn : resourceArns) {
      if (!allowedByIdentity(caller, caller.accountId(), action.policyName(), arn)) {
        throw new CofferException.AccessDenied("You are not authorized to do this action.");
      }
    }
    if (resourceArns.length == 0 && !caller.isRoot()) {
      throw new CofferException.AccessDenied("You are not authorized to do this action.");
    }
  }
}
