package io.coffer.core.iam.ram;

import java.time.Instant;

/**
 * A RAM user's access key as stored: the secret only wrapped by the root key, bound to the
 * account, the user and the key id ({@link RamSecrets}). Never printed with its wrapped bytes.
 */
public record RamAccessKey(String accessKeyId, String accountId, String userId, AccessKeyStatus status, Instant created,
    byte[] wrappedSecret) {
  public RamAccessKey {
    if (accessKeyId == null || accountId == null || userId == null || status == null || created == null
        || wrappedSecret == null) {
      throw new IllegalArgumentException("incomplete RAM access key");
    }
  }

  public RamAccessKey withStatus(AccessKeyStatus s) {
    return new RamAccessKey(accessKeyId, accountId, userId, s, created, wrappedSecret);
  }

  @Override
  public String toString() {
    return "RamAccessKey[" + accessKeyId + ", user " + userId + ", " + status + "]";
  }
}
