package io.coffer.core.iam.policy;

import java.util.List;

/**
 * The {@code Principal} element of a bucket-policy statement: whom the statement is about.
 *
 * <p>Entries: {@code "*"} (everyone, anonymous callers included); an account UID, which names
 * that account's own identity (its root access key) and not its RAM users; a RAM user's UID,
 * which names that user; or an STS role-session ARN ({@code arn:sts::...}), which Coffer accepts
 * for compatibility but which matches no caller, as Coffer issues no STS credentials.
 *
 * @param entries the entries as written, at least one
 */
public record PrincipalSet(List<String> entries) {

  public PrincipalSet {
    if (entries == null || entries.isEmpty()) throw new IllegalArgumentException("empty principal");
    entries = List.copyOf(entries);
  }

  /** Whether the set names everyone ({@code "*"}). */
  public boolean includesEveryone() {
    return entries.contains("*");
  }

  public boolean matches(CallerIdentity caller) {
    if (includesEveryone()) return true;
    if (caller.isAnonymous()) return false;
    return caller.principal().isRamUser() ? entries.contains(caller.userId()) : entries.contains(caller.accountId());
  }
}
