package io.coffer.core.crypto;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Secret key bytes. Never printed, compared in constant time, handed out only through
 * {@link #bytes()} (a copy the caller should wipe). {@link #destroy()} zeroes the held copy;
 * zeroing in Java is best-effort (the JIT and GC may have made copies), but it shortens the time a
 * key sits in the heap.
 */
public final class KeyMaterial implements AutoCloseable {
  private final byte[] key;
  private volatile boolean destroyed;

  private KeyMaterial(byte[] key) {
    this.key = key;
  }

  /** Takes ownership of {@code key}: the caller must not keep or change the array. */
  public static KeyMaterial adopt(byte[] key) {
    return new KeyMaterial(key);
  }

  /** A copy of {@code key}; the caller keeps and may wipe its own array. */
  public static KeyMaterial copyOf(byte[] key) {
    return new KeyMaterial(key.clone());
  }

  public static KeyMaterial random(SecureRandom random, int bytes) {
    byte[] k = new byte[bytes];
    random.nextBytes(k);
    return new KeyMaterial(k);
  }

  public int length() {
    return key.length;
  }

  /** A copy of the key bytes; wipe it ({@code Arrays.fill(b, (byte) 0)}) when done. */
  public byte[] bytes() {
    if (destroyed) throw new IllegalStateException("key material destroyed");
    return key.clone();
  }

  /**
   * Whether both hold the same key, compared in time independent of where they differ. Destroyed
   * keys are all zeroes and must not compare equal to each other.
   *
   * @throws IllegalStateException if either key was destroyed
   */
  public boolean sameAs(KeyMaterial other) {
    if (destroyed || other.destroyed) throw new IllegalStateException("key material destroyed");
    return MessageDigest.isEqual(key, other.key);
  }

  /** Zeroes the key (best-effort, see class comment). Idempotent. */
  public void destroy() {
    destroyed = true;
    Arrays.fill(key, (byte) 0);
  }

  @Override
  public void close() {
    destroy();
  }

  @Override
  public String toString() {
    return "KeyMaterial[" + key.length + " bytes, redacted]";
  }

  @Override
  public boolean equals(Object o) {
    return o == this || o instanceof KeyMaterial k && !destroyed && !k.destroyed && sameAs(k);
  }

  @Override
  public int hashCode() {
    return key.length;
  }
}
