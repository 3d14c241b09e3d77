package io.coffer.core.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Key wrapping with AES-256-GCM: {@code 0x01 ‖ nonce (12) ‖ ciphertext ‖ tag (16)}, associated
 * data = the wrapped key's context. Used instead of AES key wrap (RFC 3394/5649) because the JDK's
 * PKCS#11 provider offers GCM but not key wrap for SoftHSM tokens, and one format serves both the
 * key file and the HSM. Random nonces: each wrapping key wraps few keys (master keys, KMS
 * material), far below GCM's 2^32 random-nonce limit.
 */
final class AesGcmWrap {
  static final int VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private AesGcmWrap() {}

  static byte[] wrap(Key wrappingKey, Provider provider, byte[] key, byte[] context, SecureRandom random) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher c = provider == null ? Cipher.getInstance("AES/GCM/NoPadding") : Cipher.getInstance("AES/GCM/NoPadding", provider);
      c.init(Cipher.ENCRYPT_MODE, wrappingKey, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(context);
      byte[] ct = c.doFinal(key);
      return ByteBuffer.allocate(1 + NONCE_BYTES + ct.length).put((byte) VERSION).put(nonce).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("wrapping failed", e);
    }
  }

  static byte[] unwrap(Key wrappingKey, Provider provider, byte[] wrapped, byte[] context) throws KeyUnwrapException {
    if (wrapped.length < 1 + NONCE_BYTES + TAG_BITS / 8 || wrapped[0] != VERSION) {
      throw new KeyUnwrapException("not a wrapped key of a known version");
    }
    try {
      Cipher c = provider == null ? Cipher.getInstance("AES/GCM/NoPadding") : Cipher.getInstance("AES/GCM/NoPadding", provider);
      c.init(Cipher.DECRYPT_MODE, wrappingKey, new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(wrapped, 1, 1 + NONCE_BYTES)));
      c.updateAAD(context);
      return c.doFinal(wrapped, 1 + NONCE_BYTES, wrapped.length - 1 - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new KeyUnwrapException("wrapped key does not open with this key and context", e);
    }
  }
}
