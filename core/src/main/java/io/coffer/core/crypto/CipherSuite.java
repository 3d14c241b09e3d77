package io.coffer.core.crypto;

/**
 * The AEADs a sealed blob can use. The id is written into every blob's prefix; never reuse one.
 *
 * <p>SM4 keys are 128 bits; the per-blob key derived for SM4 is therefore 16 bytes, and so is its
 * salt, following Tink's rule that the salt is as long as the derived key.
 */
public enum CipherSuite {
  AES_256_GCM(1, 32),
  SM4_GCM(2, 16);

  private final int id;
  private final int keyBytes;

  CipherSuite(int id, int keyBytes) {
    this.id = id;
    this.keyBytes = keyBytes;
  }

  /** The byte stored in the blob prefix. */
  public int id() {
    return id;
  }

  /** Length of the derived per-blob key and of the salt. */
  public int keyBytes() {
    return keyBytes;
  }

  public static CipherSuite byId(int id) {
    for (CipherSuite s : values()) if (s.id == id) return s;
    throw new IllegalArgumentException("unknown cipher suite " + id);
  }
}
