package io.coffer.core.iam;

/**
 * An access key pair and the account it acts for. The secret is needed in the clear to recompute
 * request signatures; {@link #toString()} never shows it.
 */
public record AccessKey(String id, String secret, String accountId, boolean active) {
  public AccessKey {
    if (id == null || id.isEmpty() || secret == null || secret.isEmpty() || accountId == null) {
      throw new IllegalArgumentException("incomplete access key");
    }
  }

  public Principal principal() {
    return new Principal(accountId, id);
  }

  @Override
  public String toString() {
    return "AccessKey[id=" + id + ", accountId=" + accountId + ", active=" + active + ", secret=<redacted>]";
  }
}
