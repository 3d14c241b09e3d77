package io.coffer.core.iam.ram;

import java.time.Instant;

/**
 * A RAM user of an account. Optional text fields are {@code ""} when unset, never null.
 *
 * @param userId 16 decimal digits, unique across the server and never reused for another user
 * @param updated last change by UpdateUser (the creation time until then)
 */
public record RamUser(String userId, String accountId, String userName, String displayName, String mobilePhone,
    String email, String comments, Instant created, Instant updated) {
  public RamUser {
    if (userId == null || accountId == null || userName == null || displayName == null || mobilePhone == null
        || email == null || comments == null || created == null || updated == null) {
      throw new IllegalArgumentException("incomplete RAM user");
    }
  }
}
