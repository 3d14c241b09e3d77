package io.coffer.core.iam.policy;

import java.util.List;
import java.util.Optional;

/**
 * The system policies Coffer offers, under the names Alibaba Cloud documents. Alibaba does not
 * publish their documents; these are Coffer's definitions, written so that each grants what its
 * name says for the three services Coffer implements (oss, kms, ram). The documents go through
 * the same parser as custom policies, so a typo here fails at class initialisation.
 */
public final class SystemPolicies {
  private static final List<SystemPolicy> ALL = List.of(
      define("AdministratorAccess", "Provides full access to all services and resources.",
          allow("\"*\"")),
      define("ReadOnlyAccess", "Provides read-only access to all services and resources.",
          allow("[\"*:Get*\", \"*:List*\", \"*:Describe*\"]")),
      define("AliyunOSSFullAccess", "Provides full access to Object Storage Service (OSS).",
          allow("\"oss:*\"")),
      define("AliyunOSSReadOnlyAccess", "Provides read-only access to Object Storage Service (OSS).",
          allow("[\"oss:Get*\", \"oss:List*\"]")),
      define("AliyunKMSFullAccess", "Provides full access to Key Management Service (KMS).",
          allow("\"kms:*\"")),
      define("AliyunKMSReadOnlyAccess", "Provides read-only access to Key Management Service (KMS).",
          allow("[\"kms:List*\", \"kms:Describe*\", \"kms:Get*\"]")),
      define("AliyunKMSCryptoAccess",
          "Provides permissions to use Key Management Service (KMS) keys in cryptographic operations.",
          allow("[\"kms:Encrypt\", \"kms:Decrypt\", \"kms:GenerateDataKey*\", \"kms:ReEncrypt*\","
              + " \"kms:List*\", \"kms:Describe*\"]")),
      define("AliyunRAMFullAccess", "Provides full access to Resource Access Management (RAM).",
          allow("\"ram:*\"")),
      define("AliyunRAMReadOnlyAccess", "Provides read-only access to Resource Access Management (RAM).",
          allow("[\"ram:Get*\", \"ram:List*\"]")));

  private SystemPolicies() {}

  /** Every system policy, in a stable order. */
  public static List<SystemPolicy> all() {
    return ALL;
  }

  /** The system policy named {@code name} exactly, if there is one. */
  public static Optional<SystemPolicy> find(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  private static SystemPolicy define(String name, String description, String document) {
    return new SystemPolicy(name, description, Policy.parse(document));
  }

  private static String allow(String actions) {
    return "{\n  \"Version\": \"1\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": "
        + actions + ",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n";
  }
}
