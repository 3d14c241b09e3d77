package io.coffer.core.sse;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of the key hierarchy's wrapped keys. Holds only ciphertext: master keys wrapped
 * by the root key, and a root-key check value that tells a wrong or missing root key from a fresh
 * installation. Implementations are thread-safe and durable on return.
 */
public interface KeyRecordStore {

  /** A master key version as stored: wrapped by the root key. */
  record StoredMasterKey(int version, byte[] wrapped, Instant created) {}

  /** All master key versions, ascending. */
  List<StoredMasterKey> masterKeys();

  /** Adds a version; false if that version already exists (a concurrent rotation won). */
  boolean addMasterKey(StoredMasterKey key);

  /** The root-key check value, once one was stored. */
  Optional<byte[]> rootKeyCheck();

  /** Stores the check value unless one exists; returns whether it was stored. */
  boolean setRootKeyCheck(byte[] check);
}
