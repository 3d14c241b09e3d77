package io.coffer.core.iam;

/**
 * Who is making a request, as authentication established it.
 *
 * @param accountId the account the caller acts for; empty for anonymous callers
 * @param accessKeyId the access key that signed the request; empty for anonymous callers
 * @param userId the RAM user's id, or empty for the account itself (root) and anonymous callers
 * @param userName the RAM user's name, or empty likewise
 */
public record Principal(String accountId, String accessKeyId, String userId, String userName) {
  private static final Principal ANONYMOUS = new Principal("", "");

  public Principal {
    if (accountId == null || accessKeyId == null || userId == null || userName == null) {
      throw new IllegalArgumentException("null principal field");
    }
  }

  /** The account itself (its root access key), or anonymous when both are empty. */
  public Principal(String accountId, String accessKeyId) {
    this(accountId, accessKeyId, "", "");
  }

  public static Principal anonymous() {
    return ANONYMOUS;
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
