package io.coffer.core.iam;

/**
 * Who is making a request, as authentication established it.
 *
 * @param accountId the account the caller acts for; empty for anonymous callers
 * @param accessKeyId the access key that signed the request; empty for anonymous callers
 */
public record Principal(String accountId, String accessKeyId) {
  private static final Principal ANONYMOUS = new Principal("", "");

  public Principal {
    if (accountId == null || accessKeyId == null) throw new IllegalArgumentException("null principal field");
  }

  public static Principal anonymous() {
    return ANONYMOUS;
  }

  public boolean isAnonymous() {
    return accountId.isEmpty();
  }
}
