package io.coffer.core.iam;

/**
 * An access key pair and who it acts for: the account itself (root) or one of its RAM users. The
 * secret is needed in the clear to recompute request signatures; {@link #toString()} never shows it.
 *
 * @param userId the RAM user owning the key, or empty for the account's root key
 * @param userName that user's name, or empty
 */
public record AccessKey(String id, String secret, String accountId, boolean active, String userId, String userName) {
  public AccessKey {
    if (id == null || id.isEmpty() || secret == null || secret.isEmpty() || accountId == null || userId == null
        || userName == null) {
      throw new IllegalArgumentException("incomplete access key");
    }
  }

  /** A root access key of {@code accountId}. */
  public AccessKey(String id, String secret, String accountId, boolean active) {
    this(id, secret, accountId, active, "", "");
  }

  public Principal principal() {
    return new Principal(accountId, id, userId, userName);
  }

  @Override
  public String toString() {
    return "AccessKey[id=" + id + ", accountId=" + accountId + (userName.isEmpty() ? "" : ", user=" + userName)
        + ", active=" + active + ", secret=<redacted>]";
  }
}
