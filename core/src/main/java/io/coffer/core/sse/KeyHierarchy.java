package io.coffer.core.sse;

import io.coffer.core.config.CryptoConfig;
import io.coffer.core.config.HsmConfig;
import io.coffer.core.crypto.FileRootKey;
import io.coffer.core.crypto.Pkcs11RootKey;
import io.coffer.core.crypto.RootKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * Opens the key hierarchy over a data directory: the root key (key file or HSM), the root-key
 * check, and the SSE-OSS master key ring. A root key is created only for fresh key records; a
 * missing or different root key over existing keys stops start-up with a message for operators.
 */
public final class KeyHierarchy implements AutoCloseable {
  public static final String ROOT_KEY_FILE = "keys/root.key";

  private final RootKey root;
  private final MasterKeyRing ring;

  private KeyHierarchy(RootKey root, MasterKeyRing ring) {
    this.root = root;
    this.ring = ring;
  }

  /** @throws IllegalStateException with a message for operators when the root key is missing or wrong */
  public static KeyHierarchy open(Path dataDir, CryptoConfig config, KeyRecordStore store, Clock clock,
      SecureRandom random) throws IOException {
    return open(dataDir, config, store, clock, random, true);
  }

  /**
   * @param mayCreate whether a fresh data directory may get its root key and first master key now
   *     (the server, yes; admin commands, no)
   */
  public static KeyHierarchy open(Path dataDir, CryptoConfig config, KeyRecordStore store, Clock clock,
      SecureRandom random, boolean mayCreate) throws IOException {
    boolean fresh = RootKeyGuard.isFresh(store);
    if (fresh && !mayCreate) {
      throw new IllegalStateException("no key hierarchy in " + dataDir.toAbsolutePath() + " yet; start the server once");
    }
    RootKey root = openRoot(dataDir, config.hsm(), fresh, random);
    try {
      RootKeyGuard.verifyOrRecord(store, root, random);
      MasterKeyRing ring = new MasterKeyRing(store, root, clock, random);
      if (config.masterKeyRotationDays() > 0) ring.rotateIfOlderThan(Duration.ofDays(config.masterKeyRotationDays()));
      return new KeyHierarchy(root, ring);
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  private static final String NO_NEW_KEY = "Coffer will not create a new root key over existing encrypted data";

  private static RootKey openRoot(Path dataDir, HsmConfig hsm, boolean fresh, SecureRandom random) throws IOException {
    if (hsm != null) {
      char[] pin = hsm.pin();
      try {
        return Pkcs11RootKey.open(hsm.library(), hsm.slotId(), hsm.slotListIndex(), pin, hsm.keyLabel(), fresh, random);
      } catch (Pkcs11RootKey.MissingKeyException e) {
        throw new IllegalStateException("cannot open the root key in the HSM: " + e.getMessage() + ", but this data "
            + "directory holds keys wrapped by it; configure the token that holds it — " + NO_NEW_KEY, e);
      } catch (IOException e) {
        throw new IllegalStateException("cannot open the root key in the HSM: " + e.getMessage(), e);
      } finally {
        Arrays.fill(pin, '\0');
      }
    }
    Path file = dataDir.resolve(ROOT_KEY_FILE);
    if (Files.exists(file)) {
      try {
        return FileRootKey.load(file, random);
      } catch (IOException e) {
        throw new IllegalStateException("cannot use the root key: " + e.getMessage() + "; restore the original key "
            + "file — " + NO_NEW_KEY, e);
      }
    }
    if (!fresh) {
      throw new IllegalStateException("the root key " + file.toAbsolutePath() + " is missing but this data directory "
          + "holds keys wrapped by it; restore the key file (or configure the HSM that holds it) — " + NO_NEW_KEY);
    }
    return FileRootKey.create(file, random);
  }

  public RootKey root() {
    return root;
  }

  public MasterKeyRing masterKeys() {
    return ring;
  }

  @Override
  public void close() {
    ring.close();
    root.close();
  }
}
