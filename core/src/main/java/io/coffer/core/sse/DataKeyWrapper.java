package io.coffer.core.sse;

import io.coffer.core.crypto.Hkdf;
import io.coffer.core.crypto.KeyMaterial;
import io.coffer.core.crypto.KeyUnwrapException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps an object's data key under an SSE-OSS master key:
 *
 * <pre>
 * wrap_key = HKDF-SHA256(ikm = master key, salt = random(32), info = "coffer:dek-wrap:v1", L = 32)
 * wrapped  = 0x01 ‖ salt ‖ nonce (12) ‖ AES-256-GCM(wrap_key, nonce, data key, aad = binding)
 * </pre>
 *
 * A fresh wrap key per data key keeps every master key far from GCM's random-nonce limit however
 * many objects it protects, so no wrap counter is needed. {@code binding} names the object (bucket,
 * key, SSE method, algorithm): a wrapped key copied onto another object does not open.
 */
public final class DataKeyWrapper {
  static final int VERSION = 1;
  private static final byte[] INFO = "coffer:dek-wrap:v1".getBytes(StandardCharsets.US_ASCII);
  private static final int SALT_BYTES = 32;
  private static final int NONCE_BYTES = 12;

  private final SecureRandom random;

  public DataKeyWrapper(SecureRandom random) {
    this.random = random;
  }

  public byte[] wrap(KeyMaterial master, KeyMaterial dataKey, byte[] binding) {
    byte[] salt = new byte[SALT_BYTES];
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(salt);
    random.nextBytes(nonce);
    byte[] wrapKey = derive(master, salt);
    byte[] dk = dataKey.bytes();
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(wrapKey, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(binding);
      byte[] ct = c.doFinal(dk);
      return ByteBuffer.allocate(1 + SALT_BYTES + NONCE_BYTES + ct.length).put((byte) VERSION).put(salt).put(nonce)
          .put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("data key wrapping failed", e);
    } finally {
      Arrays.fill(wrapKey, (byte) 0);
      Arrays.fill(dk, (byte) 0);
    }
  }

  /** The caller owns (and should destroy) the returned key. */
  public KeyMaterial unwrap(KeyMaterial master, byte[] wrapped, byte[] binding) throws KeyUnwrapException {
    if (wrapped.length < 1 + SALT_BYTES + NONCE_BYTES + 16 || wrapped[0] != VERSION) {
      throw new KeyUnwrapException("not a wrapped data key of a known version");
    }
    byte[] salt = Arrays.copyOfRange(wrapped, 1, 1 + SALT_BYTES);
    byte[] nonce = Arrays.copyOfRange(wrapped, 1 + SALT_BYTES, 1 + SALT_BYTES + NONCE_BYTES);
    byte[] wrapKey = derive(master, salt);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(wrapKey, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(binding);
      int off = 1 + SALT_BYTES + NONCE_BYTES;
      return KeyMaterial.adopt(c.doFinal(wrapped, off, wrapped.length - off));
    } catch (GeneralSecurityException e) {
      throw new KeyUnwrapException("data key does not open for this object", e);
    } finally {
      Arrays.fill(wrapKey, (byte) 0);
    }
  }

  private static byte[] derive(KeyMaterial master, byte[] salt) {
    byte[] ikm = master.bytes();
    try {
      return Hkdf.sha256(ikm, salt, INFO, 32);
    } finally {
      Arrays.fill(ikm, (byte) 0);
    }
  }
}
