package io.coffer.core.iam.policy;

import static io.coffer.core.iam.policy.OssResources.require;

/**
 * Resource ARNs of RAM requests: {@code acs:ram:*:{account}:user/{name}} (AccessKey actions target
 * the user too), {@code ...:policy/{name}} for custom policies, {@code acs:ram:*:system:policy/{name}}
 * for system policies, and {@code ...:*} for account-wide settings. CreateUser and ListUsers use
 * {@code user/*}, which {@link #allUsers} spells.
 */
public final class RamResources {
  private RamResources() {}

  public static String user(String accountId, String userName) {
    return prefix(accountId) + "user/" + require(userName, "user name");
  }

  /** The resource of CreateUser and ListUsers, which concern no one user. */
  public static String allUsers(String accountId) {
    return prefix(accountId) + "user/*";
  }

  public static String customPolicy(String accountId, String policyName) {
    return prefix(accountId) + "policy/" + require(policyName, "policy name");
  }

  public static String systemPolicy(String policyName) {
    return "acs:ram:*:system:policy/" + require(policyName, "policy name");
  }

  public static String account(String accountId) {
    return prefix(accountId) + "*";
  }

  private static String prefix(String accountId) {
    return "acs:ram:*:" + require(accountId, "account") + ":";
  }
}
