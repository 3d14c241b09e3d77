package io.coffer.core.iam.ram;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * RAM's built-in (System) policies: read-only, one version ({@code v1}) each, attachable to users.
 * Names and descriptions follow Alibaba Cloud; Alibaba does not publish the documents, so these
 * are Coffer's (kms-ram-api.md §3.5), over the services Coffer serves (oss, kms, ram).
 */
public final class RamSystemPolicies {
  /** A system policy's name, description and document. */
  public record SystemPolicy(String name, String description, String document) {}

  /** Reported as the creation and update time of every system policy: they predate any account. */
  public static final Instant CREATED = Instant.parse("2015-04-28T00:00:00Z");
  public static final String VERSION_ID = "v1";

  /** The policy language's definitions (io.coffer.core.iam.policy.SystemPolicies), as RAM lists them. */
  private static final List<SystemPolicy> ALL = io.coffer.core.iam.policy.SystemPolicies.all().stream()
      .map(p -> new SystemPolicy(p.name(), p.description(), p.policy().document()))
      .sorted(Comparator.comparing(SystemPolicy::name)).toList();

  private RamSystemPolicies() {}

  /** All system policies by name. */
  public static List<SystemPolicy> all() {
    return ALL;
  }

  public static Optional<SystemPolicy> get(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
