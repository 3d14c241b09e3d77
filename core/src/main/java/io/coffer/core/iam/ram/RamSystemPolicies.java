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

  private static final List<SystemPolicy> ALL = List.of(
      p("AdministratorAccess", "Provides full access to Alibaba Cloud services and resources.", "\"*\""),
      p("ReadOnlyAccess", "Provides read-only access to Alibaba Cloud services and resources.",
          "[\"*:Get*\",\"*:List*\",\"*:Describe*\"]"),
      p("AliyunOSSFullAccess", "Provides full access to Object Storage Service (OSS) via Management Console.",
          "\"oss:*\""),
      p("AliyunOSSReadOnlyAccess", "Provides read-only access to Object Storage Service (OSS) via Management Console.",
          "[\"oss:Get*\",\"oss:List*\"]"),
      p("AliyunKMSFullAccess", "Provides full access to Key Management Service (KMS) via Management Console.",
          "\"kms:*\""),
      p("AliyunKMSReadOnlyAccess", "Provides read-only access to Key Management Service (KMS) via Management Console.",
          "[\"kms:List*\",\"kms:Describe*\",\"kms:Get*\"]"),
      p("AliyunKMSCryptoAccess", "Provides access to the cryptographic operations of Key Management Service (KMS).",
          "[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:GenerateDataKey*\",\"kms:ReEncrypt*\",\"kms:List*\",\"kms:Describe*\"]"),
      p("AliyunRAMFullAccess", "Provides full access to Resource Access Management (RAM).", "\"ram:*\""),
      p("AliyunRAMReadOnlyAccess", "Provides read-only access to Resource Access Management (RAM).",
          "[\"ram:Get*\",\"ram:List*\"]"))
      .stream().sorted(Comparator.comparing(SystemPolicy::name)).toList();

  private RamSystemPolicies() {}

  private static SystemPolicy p(String name, String description, String actions) {
    return new SystemPolicy(name, description,
        "{\"Version\":\"1\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions + ",\"Resource\":\"*\"}]}");
  }

  /** All system policies by name. */
  public static List<SystemPolicy> all() {
    return ALL;
  }

  public static Optional<SystemPolicy> get(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
