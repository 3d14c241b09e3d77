package io.coffer.core.sse;

import io.coffer.core.crypto.KeyUnwrapException;
import io.coffer.core.crypto.RootKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * Proves at start-up that the configured root key is the one the stored keys were wrapped with: a
 * random value wrapped by the root key is kept in the key records; if it does not unwrap, the
 * server must stop rather than run (or, worse, create a new key) over data it cannot read.
 */
public final class RootKeyGuard {
  private static final byte[] CONTEXT = "coffer:root-key-check:v1".getBytes(StandardCharsets.US_ASCII);

  private RootKeyGuard() {}

  /** True when no root key was ever recorded: the only case in which a new root key may be created. */
  public static boolean isFresh(KeyRecordStore store) {
    return store.rootKeyCheck().isEmpty() && store.masterKeys().isEmpty();
  }

  /**
   * Records the check for a fresh store, or verifies it for an existing one.
   *
   * @throws IllegalStateException with a message for operators when the root key does not match
   */
  public static void verifyOrRecord(KeyRecordStore store, RootKey root, SecureRandom random) {
    Optional<byte[]> check = store.rootKeyCheck();
    if (check.isEmpty()) {
      if (!store.masterKeys().isEmpty()) {
        throw new IllegalStateException("the key records hold master keys but no root-key check; refusing to guess");
      }
      byte[] value = new byte[32];
      random.nextBytes(value);
      store.setRootKeyCheck(root.wrap(value, CONTEXT));
      Arrays.fill(value, (byte) 0);
      return;
    }
    try {
      Arrays.fill(root.unwrap(check.get(), CONTEXT), (byte) 0);
    } catch (KeyUnwrapException e) {
      throw new IllegalStateException("the root key (" + root.describe() + ") is not the one this data was encrypted "
          + "with; start with the original root key (key file or HSM) — Coffer will not create a new one over "
          + "existing encrypted data");
    }
  }
}
