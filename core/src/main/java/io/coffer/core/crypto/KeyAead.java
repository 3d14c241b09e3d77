package io.coffer.core.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * One-shot AEAD over short messages (KMS data keys and Encrypt payloads of a few KiB), with a
 * random 96-bit nonce: {@code nonce (12) ‖ ciphertext ‖ tag (16)}. AES-256-GCM through the JCE,
 * SM4-GCM through BouncyCastle's lightweight API. Random nonces bound one key to 2^32 seals
 * (NIST SP 800-38D §8.3); KMS key versions stay far below that and rotate (docs/crypto/kms-format.md).
 */
public final class KeyAead {
  public static final int NONCE_BYTES = 12;
  public static final int TAG_BYTES = 16;

  private KeyAead() {}

  public static byte[] seal(CipherSuite suite, KeyMaterial key, byte[] plaintext, byte[] aad, SecureRandom random) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] k = key.bytes();
    try {
      byte[] ct = run(suite, true, k, nonce, plaintext, 0, plaintext.length, aad);
      return ByteBuffer.allocate(NONCE_BYTES + ct.length).put(nonce).put(ct).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(suite + " sealing failed", e);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** @throws KeyUnwrapException if the message was not sealed by this key with this associated data */
  public static byte[] open(CipherSuite suite, KeyMaterial key, byte[] sealed, int offset, byte[] aad)
      throws KeyUnwrapException {
    if (sealed.length - offset < NONCE_BYTES + TAG_BYTES) throw new KeyUnwrapException("sealed message too short");
    byte[] nonce = Arrays.copyOfRange(sealed, offset, offset + NONCE_BYTES);
    byte[] k = key.bytes();
    try {
      int start = offset + NONCE_BYTES;
      return run(suite, false, k, nonce, sealed, start, sealed.length - start, aad);
    } catch (GeneralSecurityException e) {
      throw new KeyUnwrapException("sealed message does not open", e);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  private static byte[] run(CipherSuite suite, boolean encrypt, byte[] key, byte[] nonce, byte[] in, int off, int len,
      byte[] aad) throws GeneralSecurityException {
    if (key.length != suite.keyBytes()) throw new GeneralSecurityException("key length does not fit " + suite);
    return switch (suite) {
      case AES_256_GCM -> {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
            new GCMParameterSpec(TAG_BYTES * 8, nonce));
        c.updateAAD(aad);
        yield c.doFinal(in, off, len);
      }
      case SM4_GCM -> {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BYTES * 8, nonce, aad));
        byte[] out = new byte[gcm.getOutputSize(len)];
        int n = gcm.processBytes(in, off, len, out, 0);
        try {
          n += gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
          throw new javax.crypto.AEADBadTagException("SM4-GCM tag mismatch");
        }
        yield n == out.length ? out : Arrays.copyOf(out, n);
      }
    };
  }
}
