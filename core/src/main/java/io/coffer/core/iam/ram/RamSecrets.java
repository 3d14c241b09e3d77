package io.coffer.core.iam.ram;

import io.coffer.core.crypto.KeyUnwrapException;
import io.coffer.core.crypto.RootKey;
import io.coffer.core.error.CofferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Wraps and unwraps access key secrets with the root key. The context binds the account, the user
 * and the key id, so a wrapped secret copied onto another key's or user's row does not open.
 */
final class RamSecrets {
  private RamSecrets() {}

  static byte[] wrap(RootKey root, String accountId, String userId, String accessKeyId, String secret) {
    byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
    try {
      return root.wrap(plain, context(accountId, userId, accessKeyId));
    } finally {
      // Best effort: the String itself cannot be cleared.
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** @throws CofferException.IntegrityViolation when the stored secret does not open */
  static String unwrap(RootKey root, RamAccessKey key) {
    byte[] plain;
    try {
      plain = root.unwrap(key.wrappedSecret(), context(key.accountId(), key.userId(), key.accessKeyId()));
    } catch (KeyUnwrapException e) {
      throw new CofferException.IntegrityViolation("the secret of access key " + key.accessKeyId() + " does not open");
    }
    try {
      return new String(plain, StandardCharsets.UTF_8);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  private static byte[] context(String accountId, String userId, String accessKeyId) {
    return ("coffer:ram-access-key-secret:v1\0" + accountId + "\0" + userId + "\0" + accessKeyId)
        .getBytes(StandardCharsets.UTF_8);
  }
}
