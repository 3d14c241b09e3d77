package io.coffer.core.crypto;

/**
 * The key at the top of the hierarchy: it only wraps and unwraps other keys (SSE master keys, KMS
 * key material, access key secrets) and never leaves its holder when that is an HSM. Wrapping is
 * AES-256-GCM with the wrapped key's context as associated data, so a wrapped key moved to another
 * context does not open. Implementations are thread-safe.
 */
public interface RootKey extends AutoCloseable {

  /** Wraps {@code key}, binding {@code context}; the result is safe to store. */
  byte[] wrap(byte[] key, byte[] context);

  /**
   * @throws KeyUnwrapException if {@code wrapped} was not made by this root key for this context
   *     (wrong root key, tampering, or a key moved to another context)
   */
  byte[] unwrap(byte[] wrapped, byte[] context) throws KeyUnwrapException;

  /** Where the key lives, for start-up messages: never key bytes. */
  String describe();

  @Override
  void close();
}
