package io.coffer.core.iam;

/**
 * Who is making a request, as authentication established it, and how the request arrived.
 *
 * @param accountId the account the caller acts for; empty for anonymous callers
 * @param accessKeyId the access key that signed the request; empty for anonymous callers
 * @param userId the RAM user's id, or empty for the account itself (root) and anonymous callers
 * @param userName the RAM user's name, or empty likewise
 * @param environment the request's source address, transport and user agent, for policy conditions
 */
public record Principal(String accountId, String accessKeyId, String userId, String userName,
    RequestEnvironment environment) {
  private static final Principal ANONYMOUS = new Principal("", "");

  public Principal {
    if (accountId == null || accessKeyId == null || userId == null || userName == null || environment == null) {
      throw new IllegalArgumentException("null principal field");
    }
  }

  public Principal(String accountId, String accessKeyId, String userId, String userName) {
    this(accountId, accessKeyId, userId, userName, RequestEnvironment.none());
  }

  /** The account itself (its root access key), or anonymous when both are empty. */
  public Principal(String accountId, String accessKeyId) {
    this(accountId, accessKeyId, "", "");
  }

  public static Principal anonymous() {
    return ANONYMOUS;
  }

  public Principal withEnvironment(RequestEnvironment env) {
    return new Principal(accountId, accessKeyId, userId, userName, env);
  }

  public boolean isAnonymous() {
    return accountId.isEmpty();
  }

  /** The account's own identity, which RAM policies do not restrict. */
  public boolean isRoot() {
    return !isAnonymous() && userId.isEmpty();
  }

  public boolean isRamUser() {
    return !userId.isEmpty();
  }
}
