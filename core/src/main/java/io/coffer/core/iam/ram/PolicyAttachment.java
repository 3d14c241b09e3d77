package io.coffer.core.iam.ram;

import java.time.Instant;

/** A policy attached to a user (by user id, so renaming the user keeps it). */
public record PolicyAttachment(String userId, PolicyType type, String policyName, Instant attached) {}
