package io.coffer.core.iam.ram;

import java.time.Instant;

/**
 * A custom policy as stored. Version numbers only grow: a deleted version's number is not
 * handed out again, so a version id never names two documents.
 *
 * @param defaultVersion the default version's number ({@code 2} for {@code v2})
 * @param nextVersion the number the next CreatePolicyVersion gets
 */
public record CustomPolicy(String accountId, String name, String description, int defaultVersion, int nextVersion,
    Instant created, Instant updated) {
  public CustomPolicy withDefault(int version, Instant now) {
    return new CustomPolicy(accountId, name, description, version, nextVersion, created, now);
  }

  public CustomPolicy withNextVersion(int next, Instant now) {
    return new CustomPolicy(accountId, name, description, defaultVersion, next, created, now);
  }

  public CustomPolicy touched(Instant now) {
    return new CustomPolicy(accountId, name, description, defaultVersion, nextVersion, created, now);
  }

  public CustomPolicy withDescription(String d, Instant now) {
    return new CustomPolicy(accountId, name, d, defaultVersion, nextVersion, created, now);
  }
}
