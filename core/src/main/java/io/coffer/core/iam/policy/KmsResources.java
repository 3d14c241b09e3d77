package io.coffer.core.iam.policy;

import static io.coffer.core.iam.policy.OssResources.require;

/**
 * Resource ARNs of KMS requests: {@code acs:kms:{region}:{account}:key/{id}}, {@code ...:alias/{name}}
 * and the containers {@code ...:key} (ListKeys, CreateKey) and {@code ...:alias} (ListAliases).
 * Requests that address a key through an alias are authorised against the key's ARN.
 */
public final class KmsResources {
  private KmsResources() {}

  public static String key(String region, String accountId, String keyId) {
    return prefix(region, accountId) + "key/" + require(keyId, "key id");
  }

  /** @param aliasName the full alias name, starting with {@code alias/} */
  public static String alias(String region, String accountId, String aliasName) {
    if (aliasName == null || !aliasName.startsWith("alias/") || aliasName.length() == "alias/".length()) {
      throw new IllegalArgumentException("alias names start with alias/");
    }
    return prefix(region, accountId) + aliasName;
  }

  public static String keyContainer(String region, String accountId) {
    return prefix(region, accountId) + "key";
  }

  public static String aliasContainer(String region, String accountId) {
    return prefix(region, accountId) + "alias";
  }

  private static String prefix(String region, String accountId) {
    return "acs:kms:" + require(region, "region") + ":" + require(accountId, "account") + ":";
  }
}
