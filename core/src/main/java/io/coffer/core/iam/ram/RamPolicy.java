package io.coffer.core.iam.ram;

import java.time.Instant;

/**
 * A policy as RAM describes it.
 *
 * @param defaultVersion the version in force, {@code v1}, {@code v2}, ...
 * @param attachmentCount how many of the account's users it is attached to
 */
public record RamPolicy(PolicyType type, String name, String description, String defaultVersion, Instant created,
    Instant updated, int attachmentCount) {}
