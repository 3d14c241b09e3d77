package io.coffer.core.iam.ram;

import java.time.Instant;

/** A policy as ListPoliciesForUser shows it: the policy and when it was attached. */
public record AttachedPolicy(RamPolicy policy, Instant attached) {}
