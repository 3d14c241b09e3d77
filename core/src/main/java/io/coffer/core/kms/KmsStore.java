package io.coffer.core.kms;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Durable KMS state: keys, versions (material wrapped by the root key, never plaintext), aliases
 * and import parameters. Reads see the last committed state; {@link #write} runs a unit of work
 * as one durable transaction, so checks and changes inside it cannot interleave with another
 * writer's, and an exception thrown inside rolls everything back.
 */
public interface KmsStore {

  Optional<Cmk> key(String keyId);

  /** All keys of an account, oldest first. */
  List<Cmk> keys(String accountId);

  Optional<KeyVersion> version(String versionId);

  /** A key's versions, oldest first. */
  List<KeyVersion> versions(String keyId);

  Optional<KmsAlias> alias(String accountId, String name);

  /** An account's aliases by name. */
  List<KmsAlias> aliases(String accountId);

  Optional<ImportToken> importToken(String token);

  <T> T write(Function<Tx, T> work);

  /** The operations of one write transaction. */
  interface Tx {
    Optional<Cmk> key(String keyId);

    /** Inserts or replaces. */
    void putKey(Cmk key);

    /** Removes the key with its versions, aliases and import tokens. */
    void deleteKey(String keyId);

    Optional<KeyVersion> version(String versionId);

    List<KeyVersion> versions(String keyId);

    /** Inserts or replaces. */
    void putVersion(KeyVersion version);

    Optional<KmsAlias> alias(String accountId, String name);

    /** @return false if the name is taken */
    boolean insertAlias(KmsAlias alias);

    void updateAlias(KmsAlias alias);

    boolean deleteAlias(String accountId, String name);

    void putImportToken(ImportToken token);

    /** Keys (ids) whose state or dates may need maintenance at {@code now}. */
    List<Cmk> allKeys();

    int deleteImportTokensExpiredBefore(Instant now);
  }
}
